/**
 * Puts a rate-limited webhook's claimed rows on the wire one by one, in the order they were
 * claimed, each at its slot time (handed out by `claimLimited`) and never closer than the
 * webhook's spacing to the one this process sent before it. The slots alone space the requests
 * as planned; a timer that fires late (a busy event loop) would send its row late and the next one
 * on time, closer than the limit allows, so the pacer measures from the last actual send.
 */
export class RatePacer<Row> {
  private readonly lanes = new Map<number, Lane<Row>>()

  constructor(
    /** The webhook a row goes to: rows of one webhook share a lane. */
    private readonly webhookOf: (row: Row) => number,
    private readonly send: (row: Row) => void,
    private readonly now: () => number
  ) {}

  /** Rows waiting for their time, across webhooks. */
  get size(): number {
    let size = 0
    for (const lane of this.lanes.values()) size += lane.waiting.length
    return size
  }

  add(row: Row, slot: number, spacingMs: number): void {
    const webhookId = this.webhookOf(row)
    let lane = this.lanes.get(webhookId)
    if (!lane) {
      lane = { waiting: [], spacingMs, lastSentAt: -Infinity, timer: null }
      this.lanes.set(webhookId, lane)
    }
    lane.spacingMs = spacingMs
    lane.waiting.push({ row, slot })
    this.pace(webhookId, lane)
  }

  /** Takes back the waiting rows `which` picks (all by default): stopping, or a hold. */
  take(which: (row: Row) => boolean = () => true): Row[] {
    const taken: Row[] = []
    for (const [webhookId, lane] of this.lanes) {
      const keep = lane.waiting.filter((entry) => !which(entry.row))
      taken.push(...lane.waiting.filter((entry) => which(entry.row)).map((entry) => entry.row))
      lane.waiting = keep
      if (keep.length === 0) this.close(webhookId, lane)
    }
    return taken
  }

  private pace(webhookId: number, lane: Lane<Row>): void {
    if (lane.timer) return
    const head = lane.waiting[0]
    if (!head) return this.close(webhookId, lane)
    const now = this.now()
    const at = Math.max(head.slot, lane.lastSentAt + lane.spacingMs)
    if (at > now) {
      lane.timer = setTimeout(() => {
        lane.timer = null
        this.pace(webhookId, lane)
      }, at - now)
      return
    }
    lane.waiting.shift()
    lane.lastSentAt = now
    this.send(head.row)
    this.pace(webhookId, lane)
  }

  /**
   * A lane with nothing waiting stays while its last send is within one spacing (the next row
   * must still keep its distance), then goes.
   */
  private close(webhookId: number, lane: Lane<Row>): void {
    if (lane.timer) clearTimeout(lane.timer)
    lane.timer = null
    if (lane.lastSentAt + lane.spacingMs <= this.now()) this.lanes.delete(webhookId)
  }
}

interface Lane<Row> {
  waiting: Array<{ row: Row; slot: number }>
  spacingMs: number
  lastSentAt: number
  timer: NodeJS.Timeout | null
}
