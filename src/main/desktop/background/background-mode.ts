import { dialog, type BrowserWindow } from 'electron'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import type { PushEvent } from '@shared/dto'
import type { Preferences } from '@shared/preferences'
import { decideOnWindowClose, QUIT_ANSWERS, quitQuestion } from './close-and-quit'

/** What background mode needs from the core (declared here, as the core's `local` provides it). */
export interface LocalDelivery {
  deliveryStatus(): Promise<DeliveryStatusDto>
  preferences(): { preferences: Preferences }
}

/** How long pushes are gathered before the status is read again (the tray is not a live log). */
const REFRESH_DELAY_MS = 1_000
const SAFETY_REFRESH_MS = 30_000

/**
 * The desktop as a background app: it keeps the delivery status the tray shows, decides whether
 * closing the window hides it to the tray, and asks before a quit would leave deliveries waiting.
 */
export class BackgroundMode {
  private status: DeliveryStatusDto | null = null
  private refreshTimer: NodeJS.Timeout | null = null
  private safetyTimer: NodeJS.Timeout | null = null
  private asking: Promise<boolean> | null = null
  private hiddenNoticeShown = false
  /** A quit that goes ahead: confirmed, or one nobody can be asked about (update, shutdown). */
  quitting = false

  constructor(
    private readonly deps: {
      local: LocalDelivery
      show: (status: DeliveryStatusDto | null) => void
      /** The window to attach the quit question to, when one is showing. */
      visibleWindow: () => BrowserWindow | null
      hideWindow: () => void
      /** Told the first time the window hides to the tray. */
      hiddenNotice: () => void
      logError: (message: string, error: unknown) => void
    }
  ) {}

  start(): void {
    void this.refresh()
    // A safety net: a read that failed, or a change no push told of, shows within half a minute.
    this.safetyTimer = setInterval(() => this.refreshSoon(), SAFETY_REFRESH_MS)
    this.safetyTimer.unref?.()
  }

  /** Every push that may change the status: read it again shortly (gathered into one read). */
  pushed(event: PushEvent): void {
    if (event.type === 'delivery.changed') {
      this.showStatus(event.status)
      return
    }
    if (
      event.type === 'log.created' ||
      event.type === 'webhook.changed' ||
      event.type === 'alert.raised'
    )
      this.refreshSoon()
  }

  refreshSoon(): void {
    if (this.refreshTimer) return
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null
      void this.refresh()
    }, REFRESH_DELAY_MS)
    this.refreshTimer.unref?.()
  }

  private async refresh(): Promise<void> {
    try {
      this.showStatus(await this.deps.local.deliveryStatus())
    } catch (error) {
      this.deps.logError('Could not read the delivery status for the tray:', error)
    }
  }

  private showStatus(status: DeliveryStatusDto): void {
    this.status = status
    this.deps.show(status)
  }

  /** The window's close handler asks this: true lets it close, false keeps it in the tray. */
  mayCloseWindow(): boolean {
    const decision = decideOnWindowClose({
      quitting: this.quitting,
      keepDeliveringInBackground:
        this.deps.local.preferences().preferences.keepDeliveringInBackground,
      status: this.status
    })
    if (decision === 'close') return true
    if (!this.hiddenNoticeShown) {
      this.hiddenNoticeShown = true
      this.deps.hiddenNotice()
    }
    void this.refresh()
    return false
  }

  /**
   * Whether a quit may go ahead. With deliveries waiting, the operator chooses: keep running in
   * the background (the window hides), quit anyway, or cancel. Asked once however often quit is
   * pressed while the question shows.
   */
  confirmQuit(): Promise<boolean> {
    if (this.quitting) return Promise.resolve(true)
    this.asking ??= this.ask().finally(() => (this.asking = null))
    return this.asking
  }

  private async ask(): Promise<boolean> {
    let status: DeliveryStatusDto | null = null
    try {
      status = await this.deps.local.deliveryStatus()
    } catch (error) {
      // Without a status there is nothing to warn about that the operator could weigh.
      this.deps.logError('Could not read the delivery status before quitting:', error)
    }
    const question = quitQuestion(status, new Date(), (at) =>
      at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    )
    if (!question) return this.goAhead()
    const options = {
      type: 'question' as const,
      title: 'Quit Indexed PIM Desktop?',
      message: question.message,
      detail: question.detail,
      buttons: question.buttons,
      defaultId: 0,
      cancelId: 2,
      noLink: true
    }
    const parent = this.deps.visibleWindow()
    const { response } = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options)
    const answer = QUIT_ANSWERS[response] ?? 'cancel'
    if (answer === 'quit') return this.goAhead()
    if (answer === 'keep-running') this.deps.hideWindow()
    return false
  }

  private goAhead(): boolean {
    this.quitting = true
    return true
  }

  stop(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer)
    if (this.safetyTimer) clearInterval(this.safetyTimer)
    this.refreshTimer = null
    this.safetyTimer = null
  }
}
