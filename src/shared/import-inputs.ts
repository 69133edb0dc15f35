import { z } from 'zod'
import { id, recordType } from './api-fields'

const uploadId = z.string().regex(/^upl_[A-Za-z0-9]{8,64}$/, 'is not an upload id')
const mapping = z
  .record(z.string().max(500), z.string().min(1).max(100))
  .refine((value) => Object.keys(value).length <= 500, 'at most 500 columns')

/** Inputs of the import methods (src/shared/imports.ts), spread into the contract. */
export const importInputSchemas = {
  'imports.preview': z.strictObject({
    uploadId,
    type: recordType,
    mapping: mapping.optional(),
    matchBy: z.string().min(1).max(100).default('externalId')
  }),
  'imports.start': z.strictObject({
    uploadId,
    type: recordType,
    mapping,
    /** `externalId`, or the name of a unique field of the type (`sku`). */
    matchBy: z.string().min(1).max(100).default('externalId'),
    dryRun: z.boolean().default(false)
  }),
  'imports.progress': z.strictObject({ jobId: id }),
  'imports.cancel': z.strictObject({ jobId: id }),
  'imports.get': z.strictObject({ jobId: id }),
  'imports.list': z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
  'imports.errors': z.strictObject({
    jobId: id,
    cursor: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    limit: z.number().int().min(1).max(1000).default(200)
  }),
  'imports.errorsCsv': z.strictObject({ jobId: id })
}
