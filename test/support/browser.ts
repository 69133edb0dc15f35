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
interface FocusedElement {
  tagName: string
  textContent: string | null
  matches(selector: string): boolean
  getAttribute(name: string): string | null
}
interface PageGlobals {
  requestAnimationFrame(callback: () => void): number
  document: {
    getAnimations(): Array<{ playState: string }>
    activeElement: FocusedElement | null
    body: unknown
  }
}

/**
 * Waits until nothing on the page moves: dialogs fade in, and a colour-scheme switch starts its
 * colour transitions only at the next style update, so first let two frames pass, then wait for
 * every animation and transition to finish. Axe, screenshots and keyboard work need the final
 * state; a dialog also moves the focus to its first field only once it has faded in.
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

/** Whether the focused element matches the CSS selector. */
export function focusMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    (css) => (globalThis as unknown as PageGlobals).document.activeElement?.matches(css) ?? false,
    selector
  )
}

/** "TAG [data-test] name" of the focused element, for assertions and readable failures. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { activeElement: element, body } = (globalThis as unknown as PageGlobals).document
    if (!element || element === body) return 'BODY'
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40)
    return `${element.tagName} [${element.getAttribute('data-test') ?? ''}] ${name ?? ''}`
  })
}

/**
 * Presses `key` (Tab unless told) until the element matching `selector` has focus; fails after
 * `max` presses, naming every element the focus went through. Each press waits for its answer
 * before the next, so a loaded machine cannot run ahead of the page.
 */
export async function tabTo(
  page: Page,
  selector: string,
  { key = 'Tab', max = 40 }: { key?: string; max?: number } = {}
): Promise<void> {
  const path: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    if (await focusMatches(page, selector)) return
    path.push(await describeFocus(page))
  }
  throw new Error(`${key} never reached ${selector}; the focus went through:\n${path.join('\n')}`)
}
