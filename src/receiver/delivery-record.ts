import type { SecretMatch } from './receiver-secrets'
import type { Verdict } from './signature-check'

/** One request as the receiver saw and answered it. */
export interface ReceivedDelivery {
  /** 1, 2, 3, ... in arrival order since the receiver started. */
  seq: number
  /** Epoch milliseconds. */
  receivedAt: number
  method: string
  /** The request target as received, query string included. */
  path: string
  verdict: Verdict
  /** The verdict in words, for people (the page, the console). */
  verdictLabel: string
  detail: string
  /** `X-Webhook-Event`, or the body's `event` when the header is missing. */
  event: string | null
  webhookId: string | null
  /** The body's `webhook.external_id`: which webhook of the app sent it. */
  webhookExternalId: string | null
  /** This `webhook-id` arrived before: a retry, redelivery or replay. */
  duplicate: boolean
  /** How often this `webhook-id` has arrived, this request included (0 without an id). */
  timesSeen: number
  answeredStatus: number
  /** How long the answer was held back by a rule. */
  delayMs: number
  retryAfterSeconds: number | null
  /** The rule that chose the answer (`/path`, `web_…` or `*`), null for the default. */
  rule: string | null
  standardSecret: SecretMatch | null
  hexSecret: SecretMatch | null
  timestampSkewSeconds: number | null
  /** Lowercase names; a repeated header is joined with ", ". */
  headers: Record<string, string>
  /** The body as UTF-8 text, exactly as received. */
  body: string
  bodyBytes: number
}

export type DeliveryDraft = Omit<ReceivedDelivery, 'seq' | 'duplicate' | 'timesSeen'>

export interface DeliveryCounts {
  total: number
  verified: number
  /** Anything a receiver should refuse: every verdict but verified and no-secret. */
  failed: number
  /** Requests that could not be checked because no secret was configured. */
  unverified: number
  duplicates: number
}

export const DEFAULT_MAX_RECORDS = 1_000
/** Ids are kept longer than records so a late retry is still recognised, but not forever. */
const MAX_REMEMBERED_IDS = 100_000

/**
 * The newest `maxRecords` requests in memory (a dev tool, not a store), with totals since start
 * and the `webhook-id`s seen, so a redelivery is flagged even after its first copy scrolled out.
 */
export class RecordBook {
  private readonly kept: ReceivedDelivery[] = []
  private readonly seenIds = new Map<string, number>()
  private readonly totals: DeliveryCounts = {
    total: 0,
    verified: 0,
    failed: 0,
    unverified: 0,
    duplicates: 0
  }

  constructor(private readonly maxRecords: number = DEFAULT_MAX_RECORDS) {
    if (!Number.isInteger(maxRecords) || maxRecords < 1)
      throw new Error(`maxRecords must be a whole number of 1 or more, not ${maxRecords}`)
  }

  add(draft: DeliveryDraft): ReceivedDelivery {
    const timesSeen = draft.webhookId === null ? 0 : (this.seenIds.get(draft.webhookId) ?? 0) + 1
    if (draft.webhookId !== null) {
      // Re-inserting moves the id to the end, so the eviction below drops the least recent.
      this.seenIds.delete(draft.webhookId)
      this.seenIds.set(draft.webhookId, timesSeen)
      if (this.seenIds.size > MAX_REMEMBERED_IDS)
        this.seenIds.delete(this.seenIds.keys().next().value as string)
    }
    const record: ReceivedDelivery = {
      ...draft,
      seq: this.totals.total + 1,
      duplicate: timesSeen > 1,
      timesSeen
    }
    this.totals.total += 1
    if (record.verdict === 'verified') this.totals.verified += 1
    else if (record.verdict === 'no-secret') this.totals.unverified += 1
    else this.totals.failed += 1
    if (record.duplicate) this.totals.duplicates += 1
    this.kept.push(record)
    if (this.kept.length > this.maxRecords) this.kept.shift()
    return record
  }

  /** Oldest first; only those after `afterSeq` when given. */
  list(afterSeq = 0): ReceivedDelivery[] {
    return this.kept.filter((record) => record.seq > afterSeq)
  }

  counts(): DeliveryCounts {
    return { ...this.totals }
  }
}
