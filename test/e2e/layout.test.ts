import { describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { SCREENSHOT_DIR, screenshot, waitForStillness } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { clipped, splitWords, underFrozenColumn, visibleAndOnTop } from './geometry'

/**
 * Two layout regressions at 1280×800, the window size the README recommends: the Products app's
 * eleven section links (nine record types, Webhooks, Logs) wrapped onto a second line, and the
 * webhook table was wider than its card, so the frozen actions column covered the end of the
 * Created date ("4 Dec, 11:33:0"). Both screens also pass axe in both colour schemes.
 */
let productsAppId: number

const session = e2eSession({
  viewport: { width: 1280, height: 800 },
  prepare: async (shell, receiver) => {
    productsAppId = (await shell.call('apps.list', {})).find((app) => app.key === 'products')!.id
    // A long URL and many events: the widths that pushed the table past its card.
    await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'Marketplace feed for the spring catalogue',
      url: `${receiver.url}/marketplace/feeds/spring-catalogue/products?channel=online&region=eu`,
      events: ['product.created', 'product.updated', 'product.deleted', 'category.updated']
    })
    await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'ERP',
      url: receiver.url,
      events: ['product.updated']
    })
    // Long words and long event names, a paused webhook and a test send: the widest cells.
    const wide = await shell.call('webhooks.create', {
      appId: productsAppId,
      name: 'Marketplace synchronisation (slow)',
      url: `${receiver.url}/marketplace/feed`,
      events: ['pricing_rule.created', 'pricing_rule.updated', 'product.updated'],
      active: false
    })
    await shell.call('webhooks.test', { id: wide.id })
    await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Trail Jacket', sku: 'TJ-1', price: 129.5 }
    })
    await receiver.waitFor(2)
  }
})

async function visit(hash: string): Promise<void> {
  await session.page.goto('about:blank')
  await session.page.goto(`${session.shell.baseUrl}/#${hash}`)
  await session.page.locator('[data-test=account-name]').waitFor()
}

const tabs = () => session.page.locator('[data-test=app-tabs] a')

interface Box {
  left: number
  right: number
  top: number
}

/** The focused element's box and text, and the box of the record-type strip it may sit in. */
function focusedTab(): Promise<{ text: string; box: Box; strip: Box | null }> {
  return session.page.evaluate(() => {
    const focused = document.activeElement as HTMLElement
    const strip = focused.closest('[data-test=tab-scroller]')
    const box = (element: Element) => {
      const rect = element.getBoundingClientRect()
      return { left: rect.left, right: rect.right, top: rect.top }
    }
    return {
      text: focused.textContent?.trim() ?? '',
      box: box(focused),
      strip: strip ? box(strip) : null
    }
  })
}

describe('layout at 1280×800', () => {
  it("keeps the Products app's twelve section links (nine record types, Webhooks, Logs, Alerts) on one row", async () => {
    await visit(`/apps/${productsAppId}/records/product`)
    await session.page.locator('tbody tr').first().waitFor()
    await expect.poll(() => tabs().count()).toBe(12)
    const tops = await tabs().evaluateAll((links) =>
      links.map((link) => Math.round(link.getBoundingClientRect().top))
    )
    expect(new Set(tops).size, `tops: ${tops.join(', ')}`).toBe(1)
  })

  it('reaches every section link with Tab, each scrolled into view when focused', async () => {
    await visit(`/apps/${productsAppId}/records/product`)
    await session.page.locator('tbody tr').first().waitFor()
    const names = (await tabs().allTextContents()).map((name) => name.trim())
    await tabs().first().focus()
    for (const [index, name] of names.entries()) {
      if (index > 0) await session.page.keyboard.press('Tab')
      expect((await focusedTab()).text).toBe(name)
      // Fully visible: inside the scrolling strip (record types) and inside the window.
      await expect
        .poll(async () => {
          const { text, box, strip } = await focusedTab()
          const inStrip = !strip || (box.left >= strip.left - 1 && box.right <= strip.right + 1)
          return { text, visible: inStrip && box.left >= 0 && box.right <= 1280 }
        })
        .toEqual({ text: name, visible: true })
    }
    // The last record type, out of view at first, opens with Enter and stays in view.
    await tabs().nth(8).focus()
    await session.page.keyboard.press('Enter')
    await expect.poll(() => session.page.url()).toMatch(/\/records\/file$/)
    const active = await session.page
      .locator('[data-test=app-tabs] a.active')
      .evaluate((link) => link.getBoundingClientRect().right)
    const strip = await session.page
      .locator('[data-test=tab-scroller]')
      .evaluate((element) => element.getBoundingClientRect().right)
    expect(active).toBeLessThanOrEqual(strip + 1)
  })

  it('shows every Created date of the webhook table whole, clear of the frozen actions', async () => {
    await visit(`/apps/${productsAppId}/webhooks`)
    const created = session.page.locator('[data-test=webhook-created]')
    await expect.poll(() => created.count()).toBe(3)
    const cells = await created.evaluateAll((spans) =>
      spans.map((span) => {
        const cell = span.closest('td')!
        const actions = cell.parentElement!.querySelector('.p-datatable-frozen-column')!
        return {
          text: span.textContent ?? '',
          scrollWidth: cell.scrollWidth,
          clientWidth: cell.clientWidth,
          textRight: span.getBoundingClientRect().right,
          actionsLeft: actions.getBoundingClientRect().left
        }
      })
    )
    for (const cell of cells) {
      expect(cell.text).toMatch(/\d{2}:\d{2}:\d{2}$/)
      expect(cell.scrollWidth).toBeLessThanOrEqual(cell.clientWidth)
      expect(cell.textRight).toBeLessThanOrEqual(cell.actionsLeft)
    }
    // Nothing runs underneath the frozen column at this size.
    const container = await session.page
      .locator('[data-test=webhook-table] .p-datatable-table-container')
      .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }))
    expect(container.scroll).toBeLessThanOrEqual(container.client)
  })

  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 }
  ]) {
    const at = `${size.width}×${size.height}`
    it(`hides, cuts and splits nothing in the webhook, log and dashboard tables at ${at}`, async () => {
      await session.page.setViewportSize(size)
      await visit(`/apps/${productsAppId}/webhooks`)
      const webhooks = session.page.locator('[data-test=webhook-table]')
      await expect.poll(() => webhooks.locator('tbody tr').count()).toBe(3)
      await waitForStillness(session.page)
      expect(await underFrozenColumn(webhooks)).toEqual([])
      // Each creation date is shown once: in its column, or under the URL when that is narrow.
      const createdShown = webhooks.locator(
        '[data-test=webhook-created]:visible, [data-test=webhook-created-inline]:visible'
      )
      expect(await createdShown.count()).toBe(3)
      expect(await splitWords(webhooks.locator('tbody td'))).toEqual([])
      expect(await clipped(webhooks.locator('.p-datatable-table-container'))).toEqual([])
      await screenshot(session.page, `layout-webhooks-${size.width}`)

      await visit(`/apps/${productsAppId}/logs`)
      const log = session.page.locator('[data-test=log-table]')
      await expect.poll(() => log.locator('tbody tr').count()).toBe(2)
      await waitForStillness(session.page)
      expect(await underFrozenColumn(log)).toEqual([])
      expect(await splitWords(log.locator('tbody td'))).toEqual([])
      await screenshot(session.page, `layout-log-${size.width}`)

      await visit('/')
      const overview = session.page.locator('.p-datatable', { hasText: 'Marketplace' })
      await overview.locator('tbody tr').first().waitFor()
      await waitForStillness(session.page)
      expect(await splitWords(overview.locator('tbody td'))).toEqual([])
      expect(await clipped(overview.locator('.p-datatable-table-container'))).toEqual([])
      await screenshot(session.page, `layout-dashboard-${size.width}`)
      await session.page.setViewportSize({ width: 1280, height: 800 })
    })

    it(`keeps Save in the window and the section links on one row at ${at}`, async () => {
      await session.page.setViewportSize(size)
      await visit(`/apps/${productsAppId}/webhooks`)
      // The tallest form: three events, two of them with a narrowing editor each.
      await session.row('Marketplace synchronisation').locator('[data-test=edit-webhook]').click()
      await session.page.locator('[data-test=webhook-form]').waitFor()
      await waitForStillness(session.page)
      expect(
        await visibleAndOnTop(session.page, session.page.locator('[data-test=save-webhook]'))
      ).toBeNull()
      await screenshot(session.page, `layout-webhook-dialog-${size.width}`)
      await session.page.keyboard.press('Escape')
      await session.page.locator('[data-test=webhook-form]').waitFor({ state: 'detached' })

      await visit(`/apps/${productsAppId}/records/product`)
      await session.page.getByRole('button', { name: 'New product' }).click()
      await waitForStillness(session.page)
      expect(
        await visibleAndOnTop(session.page, session.page.locator('[data-test=save-record]'))
      ).toBeNull()
      await session.page.keyboard.press('Escape')
      const tops = await tabs().evaluateAll((links) =>
        links.map((link) => Math.round(link.getBoundingClientRect().top))
      )
      expect(new Set(tops).size, `tops: ${tops.join(', ')}`).toBe(1)

      await session.row('Trail Jacket').click()
      await session.page.locator('[data-test=save-record]').waitFor()
      await waitForStillness(session.page)
      expect(
        await visibleAndOnTop(session.page, session.page.locator('[data-test=save-record]'))
      ).toBeNull()
      // Not the full page: the window as the operator sees it, Save at its bottom edge.
      await session.page.screenshot({ path: `${SCREENSHOT_DIR}/layout-product-${size.width}.png` })
      await session.page.setViewportSize({ width: 1280, height: 800 })
    })
  }

  it("shows prices as money and the revision's time in the app's date format", async () => {
    await visit(`/apps/${productsAppId}/records/product`)
    const row = session.row('Trail Jacket')
    await row.waitFor()
    expect(await row.textContent()).toMatch(/129[.,]50/)

    await visit(`/apps/${productsAppId}/logs?event=product.created`)
    await session.page.locator('[data-test=open-log]').first().click()
    const revision = session.page.locator('[data-test=log-revision]')
    await revision.waitFor()
    // "created by … at 4 Dec 2026, 16:32:38 UTC", not the payload's ISO timestamp.
    expect(await revision.locator('p').textContent()).toMatch(
      /at\s+\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} UTC/
    )
    expect(await revision.textContent()).toMatch(/129[.,]50/)
    await session.page.keyboard.press('Escape')
  })

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no critical or serious axe violation on both screens, ${scheme} scheme`, async () => {
      await session.page.emulateMedia({ colorScheme: scheme })
      for (const [hash, ready] of [
        [`/apps/${productsAppId}/records/product`, 'tbody tr'],
        [`/apps/${productsAppId}/webhooks`, '[data-test=webhook-created]']
      ]) {
        await visit(hash)
        await session.page.locator(ready).first().waitFor()
        await expect
          .poll(() =>
            session.page.evaluate("document.documentElement.classList.contains('app-dark')")
          )
          .toBe(scheme === 'dark')
        await waitForStillness(session.page)
        const violations = blocking(await runAxe(session.page))
        expect(describeViolations(violations), hash).toBe('')
      }
    })
  }

  it('raised no page or console error', () => {
    expect(session.pageErrors).toEqual([])
  })
})
