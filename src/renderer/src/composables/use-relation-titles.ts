import { ref, watch, type Ref } from 'vue'
import type { EntityDto } from '@shared/dto'
import type { EntityType, RecordType } from '@shared/entity-catalog'
import { entitySpecs, type FieldSpec } from '@shared/entity-fields'
import { useEntitiesStore } from '../stores/entities.store'

/**
 * Titles of the records that the rows on screen point to (a product's brand, an order's
 * customer), fetched once per referenced record and cached for the session of the view. A row is
 * anything with `fields`: a record, or the old/new values of a revision.
 */
export function useRelationTitles(
  rows: Ref<ReadonlyArray<Pick<EntityDto, 'fields'>>>,
  fields: Ref<readonly FieldSpec[]>
) {
  const entities = useEntitiesStore()
  const titles = ref(new Map<string, string>())
  const key = (type: EntityType, id: number): string => `${type}:${id}`

  watch(
    [rows, fields],
    async () => {
      const wanted = new Map<string, { type: EntityType; id: number }>()
      for (const field of fields.value) {
        if (field.kind !== 'relation' || !field.relation) continue
        for (const row of rows.value) {
          const id = row.fields[field.name]
          if (typeof id === 'number' && !titles.value.has(key(field.relation, id)))
            wanted.set(key(field.relation, id), { type: field.relation, id })
        }
      }
      const found = await Promise.all(
        [...wanted.values()].map(async ({ type, id }) => {
          try {
            const record = await entities.get(type as RecordType, id)
            return [
              key(type, id),
              String(record.fields[entitySpecs[type].titleField] ?? record.externalId)
            ] as const
          } catch {
            return [key(type, id), `#${id}`] as const
          }
        })
      )
      if (found.length) titles.value = new Map([...titles.value, ...found])
    },
    { immediate: true }
  )

  return (field: FieldSpec, id: unknown): string =>
    typeof id === 'number' && field.relation
      ? (titles.value.get(key(field.relation, id)) ?? `#${id}`)
      : '—'
}
