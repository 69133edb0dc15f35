import { isBuiltInApp } from '@shared/app-sections'
import type { AppDto, EntityDto } from '@shared/dto'
import { conflict } from '../support/core-error'
import type { EntityService } from '../entities/entity.service'

function toAppDto(record: EntityDto): AppDto {
  return {
    id: record.id,
    externalId: record.externalId,
    name: String(record.fields.name),
    key: String(record.fields.key),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'app'
  )
}

/** Apps are records too (they emit `app.*` events); this adds their key and DTO shape. */
export class AppService {
  constructor(private readonly entities: EntityService) {}

  async list(): Promise<AppDto[]> {
    const page = await this.entities.list('app', { offset: 0, limit: 10_000 })
    return page.items.map(toAppDto).sort((a, b) => a.id - b.id)
  }

  async create(input: { name: string; key?: string }): Promise<AppDto> {
    const key = input.key ?? (await this.freeKey(slug(input.name)))
    return toAppDto(await this.entities.create('app', { name: input.name, key }))
  }

  async update(input: { id: number; name: string }): Promise<AppDto> {
    return toAppDto(await this.entities.update('app', input.id, { name: input.name }))
  }

  /** The standard apps own record screens, so they stay; apps an operator added can go. */
  async delete(id: number): Promise<AppDto> {
    const app = toAppDto(await this.entities.get('app', id))
    if (isBuiltInApp(app.key))
      throw conflict(`${app.name} is a built-in app with record screens and cannot be deleted`)
    return toAppDto(await this.entities.delete('app', id))
  }

  private async freeKey(base: string): Promise<string> {
    const taken = new Set((await this.list()).map((app) => app.key))
    if (!taken.has(base)) return base
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
  }
}
