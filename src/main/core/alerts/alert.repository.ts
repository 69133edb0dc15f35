import type { AlertKind, AlertState } from '@shared/alerts'
import type { AlertDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { insertReturningId } from '../db/insert-returning-id'
import { isoFromMs } from '../support/clock'
import type { StoredAlertState } from './alert-rules'

type Row = Record<string, unknown>

const optionalNumber = (value: unknown): number | null => (value == null ? null : Number(value))

function toAlertDto(row: Row): AlertDto {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    webhookId: optionalNumber(row.webhook_id),
    webhookName: String(row.webhook_name),
    kind: row.kind as AlertKind,
    state: row.state as AlertState,
    title: String(row.title),
    text: String(row.text),
    createdAt: isoFromMs(Number(row.created_at)),
    readAt: row.read_at == null ? null : isoFromMs(Number(row.read_at))
  }
}

export interface NewAlert {
  appId: number
  webhookId: number
  webhookName: string
  kind: AlertKind
  state: AlertState
  title: string
  text: string
}

/** What a claim writes besides the next version. */
export interface AlertStateChange {
  state?: 'raised' | 'recovered'
  raised_at?: number
  recovered_at?: number | null
  last_notified_at?: number
}

/** Alert states (one row per webhook and kind) and the in-app alerts. */
export class AlertRepository {
  async states(
    db: Db,
    webhookIds: number[]
  ): Promise<Map<number, Map<AlertKind, StoredAlertState>>> {
    const result = new Map<number, Map<AlertKind, StoredAlertState>>()
    if (webhookIds.length === 0) return result
    const rows: Row[] = await db('alert_states').whereIn('webhook_id', webhookIds).select()
    for (const row of rows) {
      const id = Number(row.webhook_id)
      if (!result.has(id)) result.set(id, new Map())
      result.get(id)!.set(row.kind as AlertKind, {
        state: row.state as StoredAlertState['state'],
        raisedAt: optionalNumber(row.raised_at),
        lastNotifiedAt: optionalNumber(row.last_notified_at),
        version: Number(row.version)
      })
    }
    return result
  }

  /**
   * Makes sure a row exists to claim: a first raise is claimed like any other transition, from
   * version 0, so two processes seeing the same new condition cannot both insert and notify.
   */
  async ensureState(db: Db, webhookId: number, appId: number, kind: AlertKind): Promise<void> {
    await db('alert_states')
      .insert({ webhook_id: webhookId, app_id: appId, kind, state: 'recovered', version: 0 })
      .onConflict(['webhook_id', 'kind'])
      .ignore()
  }

  /**
   * The claim: the change lands only if nobody changed the row since `version` was read. The
   * caller commits before it tells anyone, so a transition is told by the process that made it.
   */
  async claim(
    db: Db,
    webhookId: number,
    kind: AlertKind,
    version: number,
    change: AlertStateChange
  ): Promise<boolean> {
    const changed = await db('alert_states')
      .where({ webhook_id: webhookId, kind, version })
      .update({ ...change, version: version + 1 })
    return Number(changed) === 1
  }

  async insertAlert(db: Db, alert: NewAlert, now: number): Promise<AlertDto> {
    const row = {
      app_id: alert.appId,
      webhook_id: alert.webhookId,
      webhook_name: alert.webhookName,
      kind: alert.kind,
      state: alert.state,
      title: alert.title,
      text: alert.text,
      created_at: now,
      read_at: null
    }
    const id = await insertReturningId(db('alerts'), row)
    return toAlertDto({ id, ...row })
  }

  async list(
    db: Db,
    options: { appId?: number; unreadOnly: boolean; limit: number }
  ): Promise<AlertDto[]> {
    const query = this.scope(db, options.appId)
    if (options.unreadOnly) void query.whereNull('read_at')
    const rows: Row[] = await query.orderBy('id', 'desc').limit(options.limit).select()
    return rows.map(toAlertDto)
  }

  async unread(db: Db, appId?: number): Promise<number> {
    const [row] = (await this.scope(db, appId).whereNull('read_at').count({ count: '*' })) as Row[]
    return Number(row?.count ?? 0)
  }

  async markRead(
    db: Db,
    target: { ids: number[] } | { appId?: number },
    now: number
  ): Promise<number> {
    const query =
      'ids' in target ? db('alerts').whereIn('id', target.ids) : this.scope(db, target.appId)
    return Number(await query.whereNull('read_at').update({ read_at: now }))
  }

  private scope(db: Db, appId?: number) {
    const query = db('alerts')
    return appId === undefined ? query : query.where({ app_id: appId })
  }
}
