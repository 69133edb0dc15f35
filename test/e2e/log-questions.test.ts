import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { e2eSession } from '../support/e2e-session'

/** The delivery log answering an operator's questions: send an attempt again from a shell. */
let appId: number
const number = `SO-O'Brien "quoted" $HOME \`id\` Grüße 🚲`

const session = e2eSession({
  viewport: { width: 1280, height: 900 },
  prepare: async (shell, receiver) => {
    appId = (await shell.call('apps.list', {})).find((app) => app.key === 'orders')!.id
    const webhook = await shell.call('webhooks.create', {
      appId,
      name: 'ERP',
      url: receiver.url,
      events: ['order.created']
    })
    receiver.secrets.push(webhook.secret)
    await shell.call('entities.create', { type: 'order', data: { number } })
    await receiver.waitFor(1)
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
    await screenshot(session.page, '34-log-detail-curl')

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

  it('had no page errors', () => {
    expect(session.pageErrors).toEqual([])
  })
})
