import type { BackfillDto } from '@shared/backfill'
import type { Harness } from './core-harness'
import { eventually } from './core-harness'
import type { ReceivedRequest } from './receiver'

/**
 * Helpers of the backfill suites: records written straight into their tables (thousands, without
 * a save's events), and what a receiver saw, told apart by the body's `backfill` marker.
 */

/** Inserts `count` brands named `<prefix> <n>` and answers their ids, in chunks. */
export async function bulkBrands(
  harness: Harness,
  count: number,
  prefix = 'Bulk'
): Promise<number[]> {
  const now = new Date().toISOString()
  const ids: number[] = []
  for (let start = 0; start < count; start += 200) {
    const rows = Array.from({ length: Math.min(200, count - start) }, (_, i) => ({
      external_id: `brand_${prefix.toLowerCase().replace(/\W/g, '')}_${start + i}`,
      name: `${prefix} ${start + i}`,
      created_at: now,
      updated_at: now
    }))
    const inserted = (await harness.core.db('brands').insert(rows).returning('id')) as Array<
      { id: number } | number
    >
    ids.push(...inserted.map((row) => Number(typeof row === 'object' ? row.id : row)))
  }
  return ids
}

/** The marker of a backfill message; undefined on a live change. */
export const markerOf = (request: ReceivedRequest) =>
  request.json.backfill as { id: string; started_at: string } | undefined

export const isBackfill = (request: ReceivedRequest): boolean => markerOf(request) !== undefined

/** The id of the record a brand body carries. */
export const brandIdOf = (request: ReceivedRequest): number =>
  (request.json.brand as { id: number }).id

/** Waits until the backfill reaches `state` (the API's exact counts) and answers it. */
export function backfillReaches(
  harness: Harness,
  id: number,
  state: BackfillDto['state'],
  timeoutMs = 30_000
): Promise<BackfillDto> {
  return eventually(async () => {
    const backfill = await harness.call('backfills.get', { id })
    return backfill.state === state ? backfill : undefined
  }, timeoutMs)
}

/** A responder that answers 200 after `ms` (a receiver with some work to do per message). */
export const slowOk =
  (ms: number) =>
  (_request: ReceivedRequest, _req: unknown, res: { end: () => void }): Promise<void> =>
    new Promise((resolve) =>
      setTimeout(() => {
        res.end()
        resolve()
      }, ms)
    )
