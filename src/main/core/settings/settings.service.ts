import type { Knex } from 'knex'
import { defaultDeliverySettings, type DeliverySettings } from '@shared/delivery-settings'
import { allowListEntryProblem } from '@shared/network-allow-list'
import { dialectOf } from '../db/knex-factory'
import { inTransaction } from '../support/transaction'

const KEY = 'delivery'

/** A stored value of the right kind for its field, or undefined to use the default. */
function storedValue<K extends keyof DeliverySettings>(
  value: unknown,
  fallback: DeliverySettings[K]
): DeliverySettings[K] | undefined {
  if (Array.isArray(fallback))
    return Array.isArray(value) &&
      value.every((entry) => typeof entry === 'string' && allowListEntryProblem(entry) === null)
      ? (value as DeliverySettings[K])
      : undefined
  return typeof value === typeof fallback ? (value as DeliverySettings[K]) : undefined
}

/**
 * Delivery settings, stored as one JSON row and cached: the worker reads them on every attempt,
 * so a change applies to the next attempt without a restart. Unknown or corrupt stored values
 * fall back to the defaults field by field instead of failing start-up.
 *
 * The defaults depend on the database (`defaultDeliverySettings`): a field the row does not hold
 * takes the default of this kind of database, so the private-network guard of a team database
 * that never stored it is on, and a stored `false` stays off. Only the fields an operator saved
 * are written, never the defaults or the start-up overrides, so "stored" keeps meaning "chosen".
 */
export class SettingsService {
  private readonly defaults: DeliverySettings
  private stored: Partial<DeliverySettings> = {}
  private cached: DeliverySettings

  constructor(
    private readonly db: Knex,
    private readonly overrides: Partial<DeliverySettings> = {}
  ) {
    this.defaults = defaultDeliverySettings(dialectOf(db))
    this.cached = { ...this.defaults, ...overrides }
  }

  async load(): Promise<DeliverySettings> {
    const row = await this.db('settings').where({ key: KEY }).first()
    this.stored = this.validStored(row?.value)
    this.cached = { ...this.defaults, ...this.stored, ...this.overrides }
    return this.current()
  }

  /** The fields of a stored row that are usable, each checked against its default's kind. */
  private validStored(text: unknown): Partial<DeliverySettings> {
    let parsed: Record<string, unknown> = {}
    try {
      const value: unknown = text === undefined ? {} : JSON.parse(String(text))
      if (value && typeof value === 'object') parsed = value as Record<string, unknown>
    } catch {
      parsed = {}
    }
    const stored: Partial<DeliverySettings> = {}
    for (const key of Object.keys(this.defaults) as Array<keyof DeliverySettings>) {
      const value = storedValue<typeof key>(parsed[key], this.defaults[key])
      if (value !== undefined) Object.assign(stored, { [key]: value })
    }
    return stored
  }

  /** The settings in force; synchronous so the hot path needs no query. */
  current(): DeliverySettings {
    return { ...this.cached, privateNetworkAllowList: [...this.cached.privateNetworkAllowList] }
  }

  async update(changes: Partial<DeliverySettings>): Promise<DeliverySettings> {
    // Read again under the row lock: in team mode another process may have saved other fields.
    const stored = await inTransaction(this.db, async (unit) => {
      const query = unit.db('settings').where({ key: KEY })
      // SQLite has one writer at a time already, and knex warns about FOR UPDATE there.
      const row = await (dialectOf(unit.db) === 'postgres' ? query.forUpdate() : query).first()
      const next = { ...this.validStored(row?.value), ...changes }
      await unit
        .db('settings')
        .insert({ key: KEY, value: JSON.stringify(next) })
        .onConflict('key')
        .merge()
      return next
    })
    this.stored = stored
    this.cached = { ...this.defaults, ...stored, ...this.overrides, ...changes }
    return this.current()
  }
}
