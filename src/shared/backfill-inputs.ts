import { z } from 'zod'
import { id, recordType } from './api-fields'
import { backfillMatches } from './backfill'

/** Inputs of `backfills.*` (src/shared/backfill.ts), spread into the contract (api-contract.ts). */
export const backfillInputSchemas = {
  'backfills.start': z
    .strictObject({
      webhookId: id,
      types: z
        .array(recordType)
        .min(1, 'choose at least one record type')
        .max(50)
        .refine((types) => new Set(types).size === types.length, 'name each type once'),
      match: z.enum(backfillMatches).default('all'),
      /** With `match: 'search'`: the entity list's search (external id or title). */
      search: z.string().trim().max(200).optional()
    })
    .refine((input) => input.match !== 'search' || Boolean(input.search), {
      message: "give the search text with match: 'search'",
      path: ['search']
    })
    .refine((input) => input.match === 'search' || input.search === undefined, {
      message: "search is only for match: 'search'",
      path: ['search']
    }),
  'backfills.get': z.strictObject({ id }),
  'backfills.list': z.strictObject({ webhookId: id.optional() }),
  'backfills.pause': z.strictObject({ id }),
  'backfills.resume': z.strictObject({ id }),
  'backfills.cancel': z.strictObject({ id })
}
