import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META
} from '../../src/main/shell-common/content-security-policy'
import type { UpgradeProgress } from '@shared/desktop-ipc'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness, watchForErrors } from '../support/browser'
import { e2eSession } from '../support/e2e-session'

/**
 * The upgrade window's page (out/renderer/upgrade.html), as the headless shell serves it, at the
 * window's size (420×180). `window.upgrade` is what the preload gives the desktop's window; here an
 * init script provides it and the test emits the progress the main process would send.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const session = e2eSession({ signIn: false })
let context: BrowserContext
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  context = await session.browser.newContext({ viewport: { width: 420, height: 180 } })
  await context.addInitScript(() => {
    const listeners: Array<(progress: unknown) => void> = []
    Object.assign(window, {
      upgrade: {
        onProgress(listener: (progress: unknown) => void) {
          listeners.push(listener)
          return () => listeners.splice(listeners.indexOf(listener), 1)
        }
      },
      emitProgress: (progress: unknown) => listeners.forEach((listener) => listener(progress))
    })
  })
  page = await context.newPage()
  pageErrors = watchForErrors(page)
})

afterAll(() => context?.close())

const emit = (progress: UpgradeProgress) =>
  page.evaluate(
    (sent) => (window as unknown as { emitProgress(p: unknown): void }).emitProgress(sent),
    progress
  )
const step = () => page.locator('[data-test=upgrade-step]').textContent()
const aria = async (name: string) => page.locator('[role=progressbar]').getAttribute(name)

/** Everything fits the small window: nothing scrolls or is cut off at 420×180. */
async function fitsTheWindow(): Promise<void> {
  const size = (await page.evaluate(
    '({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })'
  )) as { width: number; height: number }
  expect(size.width).toBeLessThanOrEqual(420)
  expect(size.height).toBeLessThanOrEqual(180)
}

describe('the upgrade window page', () => {
  it('is served by the headless shell with the CSP, as a header and in the built page', async () => {
    const answer = await page.goto(`${session.shell.baseUrl}/upgrade.html`)
    expect(answer?.status()).toBe(200)
    expect(answer?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    const html = readFileSync(join(root, 'out/renderer/upgrade.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)
    expect(meta?.[1].replace(/&#39;/g, "'")).toBe(CONTENT_SECURITY_POLICY_META)
    expect(await page.title()).toBe('Upgrading Indexed PIM')
    expect(await page.locator('h1').textContent()).toContain('Upgrading your data')
    expect(await step()).toContain('Getting ready…')
    expect(await aria('aria-valuenow')).toBeNull()
  })

  it('shows the running step and the steps done, in words and as aria values', async () => {
    await emit({ phase: 'migrating', done: 2, total: 5, step: 'Add webhook flow controls' })
    await expect.poll(step).toBe('Step 3 of 5: Add webhook flow controls')
    expect(await aria('aria-valuemin')).toBe('0')
    expect(await aria('aria-valuemax')).toBe('5')
    expect(await aria('aria-valuenow')).toBe('2')
    expect(await aria('aria-valuetext')).toBe('2 of 5 steps done')
    expect(await aria('aria-labelledby')).toBe('upgrade-title')
    await fitsTheWindow()
    await waitForStillness(page)
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page, '72-upgrade-migrating')

    // A long step name stays within two lines; the bar keeps its place.
    await emit({
      phase: 'migrating',
      done: 3,
      total: 5,
      step: 'Move the delivery log search index to per webhook facts with a rollup of attempts per hour'
    })
    await expect.poll(step).toContain('Step 4 of 5')
    await fitsTheWindow()
  })

  it('says when it waits for another computer, without a value', async () => {
    await emit({ phase: 'waiting' })
    await expect
      .poll(step)
      .toBe('Waiting for another computer to finish upgrading the shared database…')
    expect(await aria('aria-valuenow')).toBeNull()
    expect(await aria('aria-valuetext')).toBe(
      'Waiting for another computer to finish upgrading the shared database…'
    )
    await fitsTheWindow()
    // The bar sweeps without end while it waits: axe without waiting for stillness (no text moves).
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])
    await screenshot(page, '73-upgrade-waiting')
  })

  it('ends full', async () => {
    await emit({ phase: 'finished', total: 5 })
    await expect.poll(step).toBe('Done: the app opens now.')
    expect(await aria('aria-valuenow')).toBe('5')
    expect(pageErrors).toEqual([])
  })
})
