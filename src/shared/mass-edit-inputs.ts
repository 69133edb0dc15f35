import { z } from 'zod'
import { id, nameText, recordType } from './api-fields'
import { MAX_MASS_EDIT_IDS, massEditOps } from './mass-edit'

const selection = z.union([
  z.strictObject({
    ids: z
      .array(id)
      .min(1, 'select at least one record')
      .max(
        MAX_MASS_EDIT_IDS,
        `at most ${MAX_MASS_EDIT_IDS} ids: select all that match a search instead`
      )
  }),
  z.strictObject({
    all: z.literal(true),
    /** The entity list's search (external id or title); every record of the type without it. */
    search: z.string().trim().max(200).optional()
  })
])

// The value's own check needs the field's spec: the core does it, naming the field.
const change = z.strictObject({
  field: z.string().min(1).max(100),
  op: z.enum(massEditOps),
  value: z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]).optional()
})

const edit = { type: recordType, selection, change }

/** Inputs of `massEdit.*` (src/shared/mass-edit.ts), spread into the contract. */
export const massEditInputSchemas = {
  'massEdit.preview': z.strictObject(edit),
  'massEdit.start': z.strictObject({ ...edit, operatorName: nameText.optional() }),
  'massEdit.progress': z.strictObject({ jobId: id }),
  'massEdit.cancel': z.strictObject({ jobId: id }),
  'massEdit.get': z.strictObject({ jobId: id })
}
