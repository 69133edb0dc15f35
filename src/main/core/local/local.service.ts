import type { Knex } from 'knex'
import type { PushEvent } from '@shared/dto'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import type { PreferencesDto, PreferencesPatch, ShellKind } from '@shared/preferences'
import { deliveryStatus, type PausableWorker, type WebhookSources } from './delivery-pause'
import type { PreferencesStore } from './preferences.store'

/**
 * This computer: its preferences and the pause of its delivery (`preferences.*`, `delivery.*`).
 * Every change is pushed, so the tray and every open window follow whichever of them made it.
 */
export class LocalService {
  constructor(
    private readonly options: {
      db: Knex
      store: PreferencesStore
      worker: PausableWorker
      sources: WebhookSources
      shell: ShellKind
      push: (event: PushEvent) => void
    }
  ) {}

  preferences(): PreferencesDto {
    return { preferences: this.options.store.preferences(), shell: this.options.shell }
  }

  async updatePreferences(patch: PreferencesPatch): Promise<PreferencesDto> {
    const preferences = await this.options.store.update(patch)
    this.options.push({ type: 'preferences.changed', preferences })
    return this.preferences()
  }

  deliveryStatus(): Promise<DeliveryStatusDto> {
    const { db, sources, store } = this.options
    return deliveryStatus(db, sources, store.deliveryPaused())
  }

  async setDeliveryPaused(paused: boolean): Promise<DeliveryStatusDto> {
    await this.options.store.setDeliveryPaused(paused)
    this.options.worker.setPaused(paused)
    const status = await this.deliveryStatus()
    this.options.push({ type: 'delivery.changed', status })
    return status
  }
}
