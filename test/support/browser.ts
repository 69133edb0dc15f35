import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterEach } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
/** Git-ignored: screenshots of every screen, for people to look at after a run. */
export const SCREENSHOT_DIR = join(root, 'screenshots')

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // Without the background-networking flags Chromium keeps dialing out on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // From the top (a sticky sidebar would otherwise be drawn where the page was scrolled to),
  // with transitions finished (a toast caught mid-fade would look missing).
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled'
  })
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium logs every non-2xx fetch; the API answers 4xx by design for refused input.
    if (/status of 4\d\d/.test(message.text()) && message.location().url.includes('/api/')) return
    errors.push(`console: ${message.text()} at ${message.location().url} on ${page.url()}`)
  })
  return errors
}

/** Leaves a screenshot of the page as it was when a test failed, named after the test. */
export function screenshotFailures(currentPage: () => Page | undefined): void {
  afterEach(async (context) => {
    const page = currentPage()
    if (context.task.result?.state === 'fail' && page)
      await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`)
  })
}

/** The bits of the DOM the functions below use (this module is typechecked for Node). */
interface PageGlobals {
  requestAnimationFrame(callback: () => void): number
  document: { getAnimations(): Array<{ playState: string }> }
}

/**
 * Waits until nothing on the page moves: dialogs fade in, and a colour-scheme switch starts its
 * colour transitions only at the next style update, so first let two frames pass, then wait for
 * every animation and transition to finish. Axe and keyboard work need the final state.
 */
export async function waitForStillness(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const browserWindow = globalThis as unknown as PageGlobals
        browserWindow.requestAnimationFrame(() =>
          browserWindow.requestAnimationFrame(() => resolve())
        )
      })
  )
  await page.waitForFunction(() =>
    (globalThis as unknown as PageGlobals).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running')
  )
}
