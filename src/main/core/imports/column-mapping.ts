import type { EntityType } from '@shared/entity-catalog'
import { entitySpecs, relationKey } from '@shared/entity-fields'
import type { ImportMapping } from '@shared/imports'
import { invalidArgument } from '../support/core-error'

/** Case, spaces, underscores, dashes, dots and accents aside: `Marque_é` ~ `marque e`. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '')
}

/** What a column may be called to land in each field, normalized. */
function fieldNames(type: EntityType): Map<string, string> {
  const names = new Map<string, string>()
  const add = (field: string, ...labels: string[]): void => {
    for (const label of labels)
      if (!names.has(normalizeLabel(label))) names.set(normalizeLabel(label), field)
  }
  add('externalId', 'externalId', 'external id', 'external_id', 'ext id')
  for (const field of entitySpecs[type].fields) {
    add(field.name, field.name, field.label, field.column)
    if (field.kind === 'relation') {
      const key = relationKey(field)
      add(
        field.name,
        key,
        `${key} name`,
        `${key} external id`,
        `${field.label} name`,
        `${field.label} external id`
      )
    }
  }
  return names
}

/** Every field a column may be mapped to: `externalId` and the type's fields. */
export function mappableFields(type: EntityType): string[] {
  return ['externalId', ...entitySpecs[type].fields.map((field) => field.name)]
}

/**
 * Proposes a field for each column: first what the type's remembered mapping said for a column
 * of that name, then by normalized name or label (a relation also by `<key>`, `<key> name` and
 * `<key> external id`). Each field takes one column, the leftmost that matches.
 */
export function proposeMapping(
  type: EntityType,
  headers: readonly string[],
  remembered: ImportMapping = {}
): ImportMapping {
  const fields = new Set(mappableFields(type))
  const names = fieldNames(type)
  const mapping: ImportMapping = {}
  const taken = new Set<string>()
  for (const header of headers) {
    const field = remembered[header]
    if (field && fields.has(field) && !taken.has(field)) {
      mapping[header] = field
      taken.add(field)
    }
  }
  for (const header of headers) {
    if (Object.hasOwn(mapping, header)) continue
    const field = names.get(normalizeLabel(header))
    if (field && !taken.has(field)) {
      mapping[header] = field
      taken.add(field)
    }
  }
  return mapping
}

/** A given mapping must name columns of the file and fields of the type, each field once. */
export function checkMapping(
  type: EntityType,
  headers: readonly string[],
  mapping: ImportMapping
): void {
  const fields = new Set(mappableFields(type))
  const used = new Map<string, string>()
  for (const [header, field] of Object.entries(mapping)) {
    if (!headers.includes(header))
      throw invalidArgument(`mapping.${header}`, 'the file has no such column')
    if (!fields.has(field))
      throw invalidArgument(`mapping.${header}`, `"${field}" is not a field of ${type}`)
    if (used.has(field))
      throw invalidArgument(
        `mapping.${header}`,
        `"${field}" is already mapped from "${used.get(field)}"`
      )
    used.set(field, header)
  }
}

export function unmappedColumns(headers: readonly string[], mapping: ImportMapping): string[] {
  return headers.filter((header) => !Object.hasOwn(mapping, header))
}
