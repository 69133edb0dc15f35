import type { RecordType } from './entity-catalog'

/**
 * Backfills (issue 23): "Send current state…" sends every chosen record to one webhook as one
 * delivery each, marked so receivers can tell it from a live change (docs/PAYLOADS.md).
 */

/** Which records of the chosen types: all, those the entity list's search finds, or those the
 * webhook's own conditions on `<type>.updated` hold for. */
export const backfillMatches = ['all', 'search', 'conditions'] as const
export type BackfillMatch = (typeof backfillMatches)[number]

/**
 * `running` feeds the outbox; `paused` feeds nothing (rows already queued may finish);
 * `finished` once every record was fed and every row finished; `cancelled` by the operator;
 * `failed` when feeding cannot go on (the webhook no longer subscribes to a chosen type).
 */
export const backfillStates = ['running', 'paused', 'finished', 'cancelled', 'failed'] as const
export type BackfillState = (typeof backfillStates)[number]

/** Still open: one per webhook at most. */
export const OPEN_BACKFILL_STATES: readonly BackfillState[] = ['running', 'paused']

export interface BackfillDto {
  id: number
  /** `bkf_…`: the id receivers see in the body's `backfill` marker. */
  externalId: string
  webhookId: number
  types: RecordType[]
  match: BackfillMatch
  /** The search text with `match: 'search'`, else null. */
  search: string | null
  state: BackfillState
  /** Records selected when it started (records added later are live changes, not backfilled). */
  total: number
  /** Records turned into deliveries so far. */
  fed: number
  /** Deliveries that succeeded. */
  delivered: number
  /** Deliveries that failed after the webhook's whole retry schedule (or were refused). */
  failed: number
  /** Why it failed, when `state` is `failed`. */
  reason: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

/** The marker a backfill delivery's body carries under `backfill` (after every other key). */
export interface BackfillMarker {
  /** The backfill's `bkf_…` id: the same on every message of one backfill. */
  id: string
  /** When the backfill started, ISO 8601 like the envelope's `timestamp`. */
  started_at: string
}

/** Push: a backfill's progress or state changed (at most about four times a second each). */
export interface BackfillProgressPush {
  type: 'backfill.progress'
  backfill: BackfillDto
}

export interface BackfillOutputs {
  'backfills.start': BackfillDto
  'backfills.get': BackfillDto
  'backfills.list': BackfillDto[]
  'backfills.pause': BackfillDto
  'backfills.resume': BackfillDto
  'backfills.cancel': BackfillDto
}
