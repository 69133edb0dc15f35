import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { EntityDto } from '@shared/dto'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { focusMatches, screenshot, tabTo, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { seededAppId } from '../support/shell-fixtures'

/**
 * Mass edit in the entity list, in Chromium against the built headless shell: tick some rows,
 * set a field, read the preview count, apply, see the new values and the operator in the
 * revision history; select all that match a search over two pages; the same from the keyboard
 * alone; axe finds nothing serious with the bar and the dialog open.
 */
let productsAppId: number
let kayaks: EntityDto[] = []

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell) => {
    await shell.call('account.update', { operatorName: 'Jane Doe' })
    productsAppId = await seededAppId(shell, 'products')
    kayaks = []
    for (let n = 1; n <= 30; n++)
      kayaks.push(
        await shell.call('entities.create', {
          type: 'product',
          data: { name: `Kayak ${n}`, sku: `KAY-${n}`, price: n === 29 ? 25 : 10, status: 'draft' }
        })
      )
    // Paddles last: the newest rows, on the first page until a search for kayaks hides them.
    for (let n = 1; n <= 5; n++)
      await shell.call('entities.create', {
        type: 'product',
        data: { name: `Paddle ${n}`, sku: `PAD-${n}`, price: 10, status: 'active' }
      })
  }
})

/** The product list, once the row named `waitFor` shows (the list keeps its last search). */
async function openList(page: Page, waitFor: string): Promise<void> {
  await page.goto(`${session.shell.baseUrl}/#/apps/${productsAppId}/records/product`)
  await session.row(waitFor).waitFor()
}

async function expectNoBlockingViolations(page: Page): Promise<void> {
  await waitForStillness(page)
  const serious = blocking(await runAxe(page))
  expect(serious, describeViolations(serious)).toEqual([])
}

/** The option a combobox's arrows point at (`aria-activedescendant`), by its text. */
function activeOption(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: Document }).document
    const id = doc.activeElement?.getAttribute('aria-activedescendant')
    return id ? (doc.getElementById(id)?.textContent ?? null) : null
  })
}

async function product(id: number): Promise<EntityDto> {
  return session.shell.call('entities.get', { type: 'product', id })
}

describe('mass edit', () => {
  it('sets a field on ticked rows, with the preview count, and the revision names the operator', async () => {
    const { page } = session
    await openList(page, 'Kayak 30')
    for (const name of ['Kayak 30', 'Kayak 29', 'Kayak 28'])
      await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check()
    await expect
      .poll(() => page.locator('[data-test=selection-count]').textContent())
      .toBe('3 selected')
    await page.locator('[data-test=mass-edit-open]').click()
    const dialog = page.locator('[data-test=mass-edit-dialog]')
    await dialog.locator('[data-test=mass-edit-field]').click()
    await page.getByRole('option', { name: 'Price', exact: true }).click()
    await dialog.locator('#mass-edit-value').fill('25')
    await dialog.locator('#mass-edit-value').press('Tab')
    const preview = dialog.locator('[data-test=mass-edit-preview]')
    await expect.poll(() => preview.textContent()).toContain('2 of 3 selected records will change')
    await expectNoBlockingViolations(page)
    await screenshot(page, 'mass-edit-preview')
    await dialog.getByRole('button', { name: 'Change 2 records' }).click()
    const summary = dialog.locator('[data-test=mass-edit-summary]')
    await expect
      .poll(() => summary.textContent())
      .toBe('Set Price on 2 records; 1 record already had it.')
    await screenshot(page, 'mass-edit-summary')
    await dialog.locator('[data-test=mass-edit-done]').click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => session.row('Kayak 28').textContent()).toContain('25.00')
    await expect.poll(() => page.locator('[data-test=selection-bar]').count()).toBe(0)

    await session.row('Kayak 28').getByRole('link', { name: 'Kayak 28' }).click()
    const newest = page.locator('[data-test=revision-history] article').first()
    await expect.poll(() => newest.textContent()).toContain('Jane Doe')
    expect(await newest.textContent()).toContain('Price')
    expect((await product(kayaks[27].id)).fields.price).toBe(25)
    expect((await product(kayaks[26].id)).fields.price).toBe(10)
  })

  it('selects all records matching the search across pages', async () => {
    const { page } = session
    await openList(page, 'Paddle 5')
    await page.getByRole('textbox', { name: 'Search' }).fill('Kayak')
    // The paddles on the first page go once the search is applied.
    await expect.poll(() => session.row('Paddle').count()).toBe(0)
    await page.getByRole('checkbox', { name: 'Select this page' }).check()
    await expect
      .poll(() => page.locator('[data-test=selection-count]').textContent())
      .toBe('20 selected')
    await expectNoBlockingViolations(page)
    await screenshot(page, 'mass-edit-selection-bar')
    // The bar's colours in the dark scheme too.
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect
      .poll(() => page.evaluate("document.documentElement.classList.contains('app-dark')"))
      .toBe(true)
    await expectNoBlockingViolations(page)
    await screenshot(page, 'mass-edit-selection-bar-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByRole('button', { name: 'Select all 30 matching this search' }).click()
    await expect
      .poll(() => page.locator('[data-test=selection-count]').textContent())
      .toBe('All 30 records matching this search selected')
    await page.getByRole('button', { name: 'Edit 30 records…' }).click()
    const dialog = page.locator('[data-test=mass-edit-dialog]')
    await dialog.locator('[data-test=mass-edit-field]').click()
    await page.getByRole('option', { name: 'Status', exact: true }).click()
    await dialog.locator('#mass-edit-value').click()
    await page.getByRole('option', { name: 'archived', exact: true }).click()
    await expect
      .poll(() => dialog.locator('[data-test=mass-edit-preview]').textContent())
      .toContain('30 of 30 selected records will change')
    await dialog.getByRole('button', { name: 'Change 30 records' }).click()
    await expect
      .poll(() => dialog.locator('[data-test=mass-edit-summary]').textContent())
      .toBe('Set Status on 30 records.')
    await dialog.locator('[data-test=mass-edit-done]').click()
    await expect.poll(() => session.row('Kayak 30').textContent()).toContain('Archived')
    const page1 = await session.shell.call('entities.list', { type: 'product', limit: 100 })
    for (const record of page1.items)
      expect(record.fields.status).toBe(
        String(record.fields.name).startsWith('Kayak') ? 'archived' : 'active'
      )
  })

  it('works from the keyboard alone', async () => {
    const { page } = session
    await openList(page, 'Kayak 30')
    await page.getByRole('textbox', { name: 'Search' }).fill('Paddle 5')
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1)
    await tabTo(page, '[aria-label="Select Paddle 5"] input, input[aria-label="Select Paddle 5"]')
    await page.keyboard.press('Space')
    await tabTo(page, '[data-test=mass-edit-open]')
    await page.keyboard.press('Enter')
    // The dialog takes the focus once it is shown (its close button first).
    await expect.poll(() => focusMatches(page, '[data-test=mass-edit-dialog] *')).toBe(true)
    await tabTo(page, '#mass-edit-field')
    // The list opens with Enter; the arrows move through the options (the focus stays put).
    await page.keyboard.press('Enter')
    for (let press = 0; press < 10 && (await activeOption(page)) !== 'Description'; press++)
      await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    expect(await page.locator('#mass-edit-field').textContent()).toBe('Description')
    // The list's closing hands the focus back to the select when its transition ends: keys typed
    // before that (a busy machine) would go to the select, not the value (a full run saved "Wat").
    await page.locator('.p-select-overlay').waitFor({ state: 'detached' })
    await tabTo(page, '#mass-edit-set')
    await tabTo(page, '#mass-edit-value')
    await page.keyboard.type('Waterproof blade')
    const dialog = page.locator('[data-test=mass-edit-dialog]')
    await expect
      .poll(() => dialog.locator('[data-test=mass-edit-preview]').textContent())
      .toContain('1 of 1 selected records will change')
    await tabTo(page, '[data-test=mass-edit-apply]')
    await page.keyboard.press('Enter')
    await expect.poll(() => focusMatches(page, '[data-test=mass-edit-done]')).toBe(true)
    expect(await dialog.locator('[data-test=mass-edit-summary]').textContent()).toBe(
      'Set Description on 1 record.'
    )
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    const paddle = (
      await session.shell.call('entities.list', { type: 'product', search: 'Paddle 5' })
    ).items[0]
    expect(paddle.fields.description).toBe('Waterproof blade')
    expect(session.pageErrors).toEqual([])
  })
})
