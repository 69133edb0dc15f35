import type { EntityDto } from '@shared/dto'
import type { MassEditJobDto } from '@shared/mass-edit'
import { eventually, type Harness } from './core-harness'

/** Products made through the API (each its own save), named `<prefix> <n>` with SKU `<prefix>-<n>`. */
export async function products(
  harness: Harness,
  prefix: string,
  count: number,
  fields: Record<string, unknown> = {}
): Promise<EntityDto[]> {
  const made: EntityDto[] = []
  for (let n = 1; n <= count; n++)
    made.push(
      await harness.call('entities.create', {
        type: 'product',
        data: { name: `${prefix} ${n}`, sku: `${prefix}-${n}`, ...fields }
      })
    )
  return made
}

/** Waits until the job is no longer running and answers it. */
export function ended(
  harness: Harness,
  jobId: number,
  timeoutMs = 20_000
): Promise<MassEditJobDto> {
  return eventually(async () => {
    const job = await harness.call('massEdit.get', { jobId })
    return job.state !== 'running' && job
  }, timeoutMs)
}

/** Starts a mass edit and waits for its end. */
export async function runMassEdit(
  harness: Harness,
  input: Record<string, unknown>,
  timeoutMs?: number
): Promise<MassEditJobDto> {
  const job = await harness.call('massEdit.start', input)
  return ended(harness, job.jobId, timeoutMs)
}

/** Revisions of one product, newest first. */
export function revisionsOf(harness: Harness, productId: number) {
  return harness.call('entities.revisions', { productId })
}
