import { beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

/** Settings: this computer or a team server, tested against a real throwaway PostgreSQL. */
let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

const session = e2eSession()

describe('choosing a team server in Settings', () => {
  it('tests the connection, says what it found, and stores the choice for the next start', async () => {
    const { page, shell } = session
    await page.goto(`${shell.baseUrl}/#/settings`)
    const card = page.locator('[data-test=database-settings]')
    await card.waitFor()
    expect(await card.locator('[data-test=database-current]').textContent()).toContain(
      'This computer'
    )

    await page.getByLabel('Team server (PostgreSQL)').check()
    const url = page.locator('[data-test=database-url]')
    await url.fill(cluster.url('postgres').replace(/:\d+\//, ':1/'))
    await page.locator('[data-test=database-test]').click()
    await expect
      .poll(() => card.locator('[data-test=database-test-error]').textContent())
      .toMatch(/no PostgreSQL server answered at that host and port/)

    await url.fill(await cluster.createDatabase())
    await page.locator('[data-test=database-test]').click()
    await expect
      .poll(() => card.locator('[data-test=database-tested]').textContent())
      .toMatch(/Connected to PostgreSQL \d+.*The database is empty/)
    expect(await card.locator('[data-test=database-test-error]').count()).toBe(0)
    // axe measures contrast as drawn: let the message finish fading in.
    await waitForStillness(page)
    expect(blocking(await runAxe(page)), describeViolations(await runAxe(page))).toEqual([])
    await screenshot(page, 'settings-team-server')

    await page.locator('[data-test=database-use]').click()
    await expect
      .poll(() => card.locator('[data-test=database-current]').textContent())
      .toMatch(/After a restart: Team server \(postgres:\/\/pim@127\.0\.0\.1:\d+\/pim_test_/)
    expect((await shell.call('system.database', {})).next.kind).toBe('postgres')

    // And back: this computer again on the next start.
    await page.getByRole('radio', { name: 'This computer' }).check()
    await page.locator('[data-test=database-use]').click()
    await expect
      .poll(() => card.locator('[data-test=database-current]').textContent())
      .not.toContain('After a restart')
    expect((await shell.call('system.database', {})).next.kind).toBe('sqlite')
    expect(session.pageErrors).toEqual([])
  })
})
