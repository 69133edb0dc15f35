import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'
import { ordersFeed } from '../support/shell-fixtures'

/** The delivery log answering an operator's questions: send an attempt again from a shell. */
let appId: number
const number = `SO-O'Brien "quoted" $HOME \`id\` Grüße 🚲`

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell, receiver) => {
    appId = (await ordersFeed(shell, receiver, { numbers: [number] })).appId
  }
})

describe('the delivery log in Chromium', () => {
  it('copies an attempt as a cURL command that sends the same bytes, and the signature still verifies', async () => {
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    await session.page.locator('[data-test=open-log]').first().click()
    const drawer = session.page.getByRole('dialog')
    await drawer.waitFor()
    expect(await drawer.locator('[data-test=curl-stale-note]').textContent()).toContain(
      'webhook-timestamp'
    )
    const command = (await drawer.locator('[data-test=curl-command]').textContent())!
    await drawer.locator('[data-test=log-curl]').scrollIntoViewIfNeeded()
    await screenshot(session.page, '36-log-detail-curl')

    // Asynchronously: the receiver answering curl lives in this process.
    const result = await promisify(execFile)('sh', ['-c', `${command} --silent --show-error`])
    expect(result.stderr).toBe('')
    const [original, copy] = await session.receiver.waitFor(2)
    expect(copy!.body).toBe(original!.body) // byte for byte, unicode and quotes included
    expect((copy!.json.order as { number: string }).number).toBe(number)
    for (const name of [
      'content-type',
      'user-agent',
      'x-webhook-event',
      'x-webhook-signature',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature'
    ])
      expect(copy!.headers[name], name).toBe(original!.headers[name])
    // Within the 5-minute window the receiver's standardwebhooks verify accepts the copy.
    expect(copy!.standardSignatureValid).toBe(true)
    expect(copy!.hexSignatureValid).toBe(true)
    await session.page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'detached' })
  })

  it('searches by body text, webhook-id and time range, kept in the URL with Back and Forward', async () => {
    await session.shell.call('entities.create', { type: 'order', data: { number: 'SO-2 tent' } })
    await session.receiver.waitFor(3)
    await session.page.goto(`${session.shell.baseUrl}/#/apps/${appId}/logs`)
    const rows = session.page.locator('[data-test=log-table] tbody tr')
    await expect.poll(() => rows.count()).toBe(2)

    const box = session.page.locator('[data-test=search-text]')
    await box.fill("o'brien")
    await box.press('Enter')
    await expect.poll(() => session.page.url()).toContain('q=o')
    await expect.poll(() => rows.count()).toBe(1)
    await screenshot(session.page, '37-log-search')

    const messageId = String(session.receiver.requests[2]!.headers['webhook-id'])
    await session.page.locator('[data-test=search-field]').click()
    await session.page.getByRole('option', { name: 'webhook-id' }).click()
    await box.fill(messageId)
    await box.press('Enter')
    await expect.poll(() => session.page.url()).toContain('in=messageId')
    await expect.poll(() => rows.count()).toBe(1)
    await session.page.locator('[data-test=open-log]').first().click()
    expect(await session.page.getByRole('dialog').textContent()).toContain('SO-2 tent')
    await session.page.keyboard.press('Escape')

    await session.page.goBack()
    await expect.poll(() => session.page.url()).not.toContain('in=messageId')
    await expect.poll(() => box.inputValue()).toBe("o'brien")
    await session.page.goBack()
    await expect.poll(() => rows.count()).toBe(2)
    await session.page.goForward()
    await expect.poll(() => box.inputValue()).toBe("o'brien")

    // A range before anything was sent: nothing matches.
    const url = new URL(session.page.url())
    await session.page.goto(
      `${url.origin}/#/apps/${appId}/logs?from=2020-01-01T00:00:00.000Z&to=2020-01-02T00:00:00.000Z`
    )
    await expect.poll(() => rows.first().textContent()).toMatch(/no/i)
    expect(await session.page.locator('#log-from').inputValue()).toContain('2020')
  })

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
