import { launchChromium } from '../../test/support/browser'
import type { ShellProcess } from '../../test/support/shell-process'
import { percentile, sleep } from '../support/numbers'

const OPENS = 5

/**
 * In Chromium against the headless shell: from the route change that opens an app's log viewer
 * to the frame in which its first rows are in the page and visible, measured inside the page.
 */
export async function uiLogsRender(shell: ShellProcess, appId: number): Promise<number> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${shell.baseUrl}/?token=${shell.token}`)
    await page.locator('[data-test=account-name]').waitFor()
    const samples: number[] = []
    for (let n = 0; n < OPENS; n++) {
      await page.evaluate(`location.hash = '#/apps/${appId}'`)
      await page.locator('[data-test=log-table]').waitFor({ state: 'detached' })
      await sleep(1_000)
      const elapsed = await page.evaluate(`new Promise((resolve) => {
        const started = performance.now()
        location.hash = '#/apps/${appId}/logs'
        const check = () => {
          const row = document.querySelector('[data-test=log-table] [data-test=open-log]')
          if (row && row.getBoundingClientRect().height > 0) resolve(performance.now() - started)
          else requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      })`)
      samples.push(Number(elapsed))
    }
    console.log(`log viewer opens (ms): ${samples.map((s) => s.toFixed(0)).join(', ')}`)
    return percentile(samples, 0.5)
  } finally {
    await browser.close()
  }
}
