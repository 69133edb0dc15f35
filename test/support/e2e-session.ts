import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, screenshotFailures, watchForErrors } from './browser'
import { startReceiver, type Responder, type TestReceiver } from './receiver'
import { startShell, type ShellProcess } from './shell-process'

/** One operator session in Chromium against the built headless shell, for a whole suite. */
export interface E2eSession {
  shell: ShellProcess
  /** A loopback receiver that verifies every signature; webhooks of the suite point at it. */
  receiver: TestReceiver
  browser: Browser
  page: Page
  /** Uncaught page errors and console errors so far; the last test of a suite asserts none. */
  pageErrors: string[]
  /** The table row that holds this text. */
  row(text: string): Locator
}

export interface E2eOptions {
  respond?: Responder
  viewport?: { width: number; height: number }
  /** Data the suite needs before the page opens (apps, webhooks, records). */
  prepare?: (shell: ShellProcess, receiver: TestReceiver) => Promise<void>
  /** Open the app with the printed token and wait until the account is shown (default true). */
  signIn?: boolean
  /** Run `npm run demo`'s script with these flags instead of the plain shell. */
  demoArgs?: string[]
}

/**
 * Starts a receiver, a headless shell, Chromium and one page before the suite, leaves a
 * screenshot of any failed test, and tears everything down after the suite. The fields of the
 * returned object are filled in before the first test runs.
 */
export function e2eSession(options: E2eOptions = {}): E2eSession {
  const session = {
    pageErrors: [] as string[],
    row: (text: string) => session.page.locator('tbody tr', { hasText: text })
  } as E2eSession

  beforeAll(async () => {
    session.receiver = await startReceiver(options.respond)
    session.shell = await startShell({ persistent: true, demoArgs: options.demoArgs })
    await options.prepare?.(session.shell, session.receiver)
    session.browser = await launchChromium()
    session.page = await session.browser.newPage({
      viewport: options.viewport ?? { width: 1280, height: 800 }
    })
    session.pageErrors = watchForErrors(session.page)
    if (options.signIn === false) return
    await session.page.goto(`${session.shell.baseUrl}/?token=${session.shell.token}`)
    // The app has read its token and loaded the account before any test navigates.
    await session.page.locator('[data-test=account-name]').waitFor()
  }, 60_000)

  screenshotFailures(() => session.page)

  afterAll(async () => {
    await session.browser?.close()
    await session.receiver?.close()
    session.shell?.kill('SIGTERM')
    await session.shell?.waitForExit()
  })

  return session
}
