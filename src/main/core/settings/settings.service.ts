import type { Knex } from 'knex'
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '@shared/delivery-settings'
import { inTransaction } from '../support/transaction'

const KEY = 'delivery'

/**
 * Delivery settings, stored as one JSON row and cached: the worker reads them on every attempt,
 * so a change applies to the next attempt without a restart. Unknown or corrupt stored values
 * fall back to the defaults field by field instead of failing start-up.
 */
export class SettingsService {
  private cached: DeliverySettings = { ...DEFAULT_DELIVERY_SETTINGS }

  constructor(
    private readonly db: Knex,
    private readonly overrides: Partial<DeliverySettings> = {}
  ) {}

  async load(): Promise<DeliverySettings> {
    const row = await this.db('settings').where({ key: KEY }).first()
    let stored: Partial<DeliverySettings> = {}
    try {
      stored = row ? (JSON.parse(String(row.value)) as Partial<DeliverySettings>) : {}
    } catch {
      stored = {}
    }
    const merged = { ...DEFAULT_DELIVERY_SETTINGS }
    for (const key of Object.keys(DEFAULT_DELIVERY_SETTINGS) as Array<keyof DeliverySettings>) {
      const value = stored[key]
      if (typeof value === typeof DEFAULT_DELIVERY_SETTINGS[key])
        Object.assign(merged, { [key]: value })
    }
    this.cached = { ...merged, ...this.overrides }
    return this.current()
  }

  /** The settings in force; synchronous so the hot path needs no query. */
  current(): DeliverySettings {
    return { ...this.cached }
  }

  async update(changes: Partial<DeliverySettings>): Promise<DeliverySettings> {
    const next = { ...this.cached, ...changes }
    await inTransaction(this.db, async (unit) => {
      await unit
        .db('settings')
        .insert({ key: KEY, value: JSON.stringify(next) })
        .onConflict('key')
        .merge()
    })
    this.cached = next
    return this.current()
  }
}
