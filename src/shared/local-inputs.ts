import { z } from 'zod'
import { empty } from './api-fields'
import { preferencesPatchSchema } from './preferences'

/** Inputs of the methods about this computer, spread into the contract (api-contract.ts). */
export const localInputSchemas = {
  'preferences.get': empty,
  'preferences.update': preferencesPatchSchema,
  'delivery.status': empty,
  'delivery.setPaused': z.strictObject({ paused: z.boolean() }),
  'updates.status': empty,
  'updates.check': empty,
  'updates.restartNow': empty
}
