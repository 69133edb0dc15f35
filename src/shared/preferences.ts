import { z } from 'zod'

/**
 * This computer's preferences (`preferences.get` / `preferences.update`): how the app behaves
 * here, not what the shared data says. They live in `preferences.json` in the data folder, never
 * in the database, so two operators of one team database each keep their own.
 */

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour clock), e.g. 22:00')

export const quietHoursSchema = z
  .strictObject({ from: clockTime, to: clockTime })
  .refine((hours) => hours.from !== hours.to, {
    message: 'quiet hours need different start and end times',
    path: ['to']
  })
export type QuietHours = z.infer<typeof quietHoursSchema>

export const MAX_MUTED_APPS = 1_000

export const notificationPreferencesSchema = z.strictObject({
  /** Native notifications (desktop) or browser notifications (headless shell) at all. */
  enabled: z.boolean(),
  /** No notification between these local times (the bell still counts the alerts). */
  quietHours: quietHoursSchema.nullable(),
  /** Apps whose alerts never notify on this computer. */
  mutedAppIds: z.array(z.number().int().positive()).max(MAX_MUTED_APPS)
})
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>

export const preferencesSchema = z.strictObject({
  /** Closing the window keeps delivering from the tray (desktop). */
  keepDeliveringInBackground: z.boolean(),
  /** Start (in the tray, without a window) when the operator logs in (desktop). */
  startAtLogin: z.boolean(),
  /** Check for, download and install updates (desktop, packaged). */
  autoUpdate: z.boolean(),
  notifications: notificationPreferencesSchema
})
export type Preferences = z.infer<typeof preferencesSchema>

export const defaultPreferences: Preferences = {
  keepDeliveringInBackground: true,
  startAtLogin: false,
  autoUpdate: true,
  notifications: { enabled: true, quietHours: null, mutedAppIds: [] }
}

/** `preferences.update`: any subset; `notifications` fields merge one by one. */
export const preferencesPatchSchema = z.strictObject({
  keepDeliveringInBackground: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  autoUpdate: z.boolean().optional(),
  notifications: notificationPreferencesSchema.partial().optional()
})
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>

/** Which shell the core runs in: the desktop applies background, login and update choices. */
export type ShellKind = 'desktop' | 'browser'

export interface PreferencesDto {
  preferences: Preferences
  shell: ShellKind
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number)
  return hours * 60 + minutes
}

/** Whether `now` (local time) falls in the quiet hours; a range may cross midnight (22:00–07:00). */
export function inQuietHours(now: Date, quietHours: QuietHours | null): boolean {
  if (!quietHours) return false
  const current = now.getHours() * 60 + now.getMinutes()
  const from = minutesOf(quietHours.from)
  const to = minutesOf(quietHours.to)
  return from < to ? current >= from && current < to : current >= from || current < to
}

/** Whether an alert of `appId` becomes a notification now, on this computer. */
export function shouldNotify(
  appId: number,
  notifications: NotificationPreferences,
  now: Date
): boolean {
  return (
    notifications.enabled &&
    !notifications.mutedAppIds.includes(appId) &&
    !inQuietHours(now, notifications.quietHours)
  )
}
