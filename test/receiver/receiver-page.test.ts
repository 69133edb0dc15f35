import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blocking, describeViolations, runAxe } from '../support/axe'
import { launchChromium, screenshot, screenshotFailures, watchForErrors } from '../support/browser'
import { startWebhookReceiver, type WebhookReceiver } from '../../src/receiver/webhook-receiver'
import { generateSecret, messageId, post, productBody, signedHeaders } from './requests'

let browser: Browser
let page: Page | undefined
let receiver: WebhookReceiver
const secret = generateSecret()
const firstId = messageId()

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secrets: [secret] })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
})

screenshotFailures(() => page)

async function send(body: string, headers: Record<string, string>): Promise<void> {
  expect((await post(`${receiver.url}/hook`, body, headers)).status).toBe(200)
}

describe("the receiver's page in Chromium", () => {
  it('lists verified and failed requests with their verdict in words, live, and passes axe', async () => {
    const body = productBody()
    await send(body, signedHeaders({ body, secrets: [secret], id: firstId }))
    await send(productBody(undefined, 'Tampered'), signedHeaders({ body, secrets: [secret] }))

    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = watchForErrors(page)
    // The bare URL leads to the page.
    const response = await page.goto(receiver.url)
    expect(page.url()).toBe(receiver.pageUrl)
    const csp = response!.headers()['content-security-policy']
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')

    const rows = page.locator('#deliveries tbody tr.delivery')
    await expect.poll(() => rows.count()).toBe(2)
    // Newest first.
    await expect
      .poll(() => rows.nth(0).locator('td').nth(2).innerText())
      .toContain('Invalid signature')
    expect(await rows.nth(1).locator('td').nth(2).innerText()).toContain('Verified')
    expect(await rows.nth(1).innerText()).toContain(firstId)
    expect(await rows.nth(1).innerText()).toContain('product.created')
    await expect.poll(() => page!.locator('#live').innerText()).toMatch(/^Live/)

    // A redelivery arrives while the page is open: it appears without a reload, marked.
    await send(body, signedHeaders({ body, secrets: [secret], id: firstId }))
    await expect.poll(() => rows.count()).toBe(3)
    const newest = rows.nth(0)
    expect(await newest.locator('td').nth(2).innerText()).toContain('Verified')
    expect(await newest.innerText()).toContain('Duplicate, arrival 2')
    const counts = await page.locator('#counts').innerText()
    expect(counts).toMatch(/Received\s+3/)
    expect(counts).toMatch(/Verified\s+2/)
    expect(counts).toMatch(/Failed checks\s+1/)
    expect(counts).toMatch(/Duplicates\s+1/)
    expect(await page.locator('#live').innerText()).toContain('Request 3 arrived: Verified')

    // The details open from the keyboard: Tab reaches a toggle, Enter opens it.
    const toggle = newest.getByRole('button', { name: 'Details of request 3' })
    const detailId = await toggle.getAttribute('aria-controls')
    // A string, not a function: this project's node typings have no DOM.
    const focusedControls = () =>
      page!.evaluate(
        'document.activeElement && document.activeElement.getAttribute("aria-controls")'
      )
    for (let presses = 0; presses < 20; presses += 1) {
      if ((await focusedControls()) === detailId) break
      await page.keyboard.press('Tab')
    }
    expect(await focusedControls()).toBe(detailId)
    await page.keyboard.press('Enter')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const detail = page.locator(`#${detailId}`)
    expect(await detail.isVisible()).toBe(true)
    const detailText = await detail.innerText()
    expect(detailText).toContain('"name": "Runner"') // pretty-printed body
    expect(detailText).toContain('x-webhook-signature:')
    expect(detailText).toContain(`secret #1 (…${secret.slice(-4)})`)

    await screenshot(page, 'receiver-page')
    const violations = blocking(await runAxe(page))
    expect(violations, describeViolations(violations)).toEqual([])

    await page.keyboard.press('Enter')
    expect(await detail.isVisible()).toBe(false)
    expect(errors).toEqual([])
  })
})
