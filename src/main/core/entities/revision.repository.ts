import type { EntityAction } from '@shared/entity-catalog'
import type { FieldChange, RevisionDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { insertReturningId } from '../db/insert-returning-id'

export interface NewRevision {
  productId: number
  productExternalId: string
  action: EntityAction
  userName: string
  changes: FieldChange[]
  createdAt: string
}

type Row = Record<string, unknown>

function toDto(row: Row): RevisionDto {
  return {
    id: Number(row.id),
    productId: Number(row.product_id),
    productExternalId: String(row.product_external_id),
    action: row.action as EntityAction,
    userName: String(row.user_name),
    createdAt: String(row.created_at),
    changes: JSON.parse(String(row.changes)) as FieldChange[]
  }
}

export class RevisionRepository {
  async insert(db: Db, revision: NewRevision): Promise<RevisionDto> {
    const id = await insertReturningId(db('product_revisions'), {
      product_id: revision.productId,
      product_external_id: revision.productExternalId,
      action: revision.action,
      user_name: revision.userName,
      changes: JSON.stringify(revision.changes),
      created_at: revision.createdAt
    })
    return { id, ...revision }
  }

  async listForProduct(db: Db, productId: number): Promise<RevisionDto[]> {
    const rows: Row[] = await db('product_revisions')
      .where({ product_id: productId })
      .orderBy('id', 'desc')
    return rows.map(toDto)
  }
}
