import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  defaultPreferences,
  notificationPreferencesSchema,
  preferencesSchema,
  type Preferences,
  type PreferencesPatch
} from '@shared/preferences'

export const PREFERENCES_FILE = 'preferences.json'

/** What the file holds: the preferences, and whether the operator paused delivery here. */
interface Stored {
  preferences: Preferences
  deliveryPaused: boolean
}

/**
 * This computer's preferences, kept in `preferences.json` in the data folder (never in the
 * database: a team database is shared, these are not). A corrupt or hand-edited file costs only
 * the fields it spoils, each falling back to its default, never the start. Writes go to a
 * temporary file renamed over the old one, so a crash leaves the old file or the new, not half.
 */
export class PreferencesStore {
  private stored: Stored = { preferences: defaultPreferences, deliveryPaused: false }
  private writing: Promise<void> = Promise.resolve()

  constructor(
    /** Null: the defaults, kept in memory only (a worker, which has no data folder). */
    private readonly dataDir: string | null,
    private readonly logError: (message: string, error: unknown) => void
  ) {}

  private get file(): string | null {
    return this.dataDir === null ? null : join(this.dataDir, PREFERENCES_FILE)
  }

  async load(): Promise<void> {
    const file = this.file
    if (file === null) return
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return // first start: the defaults
    }
    let parsed: Record<string, unknown> = {}
    try {
      const value: unknown = JSON.parse(text)
      if (value && typeof value === 'object') parsed = value as Record<string, unknown>
    } catch (error) {
      this.logError(`${PREFERENCES_FILE} is not JSON; using the default preferences:`, error)
    }
    this.stored = {
      preferences: usablePreferences(parsed.preferences),
      deliveryPaused: parsed.deliveryPaused === true
    }
  }

  preferences(): Preferences {
    return this.stored.preferences
  }

  deliveryPaused(): boolean {
    return this.stored.deliveryPaused
  }

  async update(patch: PreferencesPatch): Promise<Preferences> {
    const current = this.stored.preferences
    const preferences = preferencesSchema.parse({
      ...current,
      ...withoutUndefined(patch),
      notifications: { ...current.notifications, ...withoutUndefined(patch.notifications ?? {}) }
    })
    await this.save({ ...this.stored, preferences })
    return preferences
  }

  async setDeliveryPaused(paused: boolean): Promise<void> {
    await this.save({ ...this.stored, deliveryPaused: paused })
  }

  /** Writes one after another: the last change wins on disk as it does in memory. */
  private save(next: Stored): Promise<void> {
    this.stored = next
    const file = this.file
    if (file === null) return Promise.resolve()
    const text = `${JSON.stringify(next, null, 2)}\n`
    const write = this.writing.then(async () => {
      const temporary = `${file}.${process.pid}.tmp`
      await writeFile(temporary, text, { mode: 0o600 })
      await rename(temporary, file)
    })
    this.writing = write.catch(() => {})
    return write
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined)
  ) as Partial<T>
}

/** Each field of a stored value that still passes its schema; the default for the others. */
function usablePreferences(value: unknown): Preferences {
  const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  const notifications = (
    stored.notifications && typeof stored.notifications === 'object' ? stored.notifications : {}
  ) as Record<string, unknown>
  const pick =
    <T>(schema: { safeParse(value: unknown): { success: boolean; data?: T } }) =>
    (entry: unknown, fallback: T): T => {
      const result = schema.safeParse(entry)
      return result.success ? (result.data as T) : fallback
    }
  const fields = preferencesSchema.shape
  const notificationFields = notificationPreferencesSchema.shape
  const defaults = defaultPreferences
  return {
    keepDeliveringInBackground: pick(fields.keepDeliveringInBackground)(
      stored.keepDeliveringInBackground,
      defaults.keepDeliveringInBackground
    ),
    startAtLogin: pick(fields.startAtLogin)(stored.startAtLogin, defaults.startAtLogin),
    autoUpdate: pick(fields.autoUpdate)(stored.autoUpdate, defaults.autoUpdate),
    notifications: {
      enabled: pick(notificationFields.enabled)(
        notifications.enabled,
        defaults.notifications.enabled
      ),
      quietHours: pick(notificationFields.quietHours)(
        notifications.quietHours,
        defaults.notifications.quietHours
      ),
      mutedAppIds: pick(notificationFields.mutedAppIds)(
        notifications.mutedAppIds,
        defaults.notifications.mutedAppIds
      )
    }
  }
}
