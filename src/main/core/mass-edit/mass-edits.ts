import type { Knex } from 'knex'
import type { PushEvent } from '@shared/dto'
import type { CoreOptions } from '../core-options'
import type { EntityService } from '../entities/entity.service'
import type { Clock } from '../support/clock'
import { MassEditJobs } from './mass-edit-jobs'
import { MassEditService } from './mass-edit.service'

/** Records per batch (one transaction each) unless the core options say otherwise. */
export const DEFAULT_MASS_EDIT_BATCH = 500

/** The core's mass edit, wired: the jobs of this process and the API service over them. */
export function createMassEdit(
  deps: {
    db: Knex
    entities: EntityService
    clock: Clock
    logError: (message: string, error: unknown) => void
    push: (event: PushEvent) => void
  },
  options: Pick<CoreOptions, 'massEditBatchSize'>
): MassEditService {
  const jobs = new MassEditJobs({
    ...deps,
    batchSize: options.massEditBatchSize ?? DEFAULT_MASS_EDIT_BATCH
  })
  return new MassEditService(deps.db, deps.entities, jobs)
}
