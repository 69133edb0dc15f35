import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { parseCsv } from '../support/parse-csv'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'
import { fetchError, jsonHeaders, productsApp } from './http-helpers'

let shell: ShellProcess
let receiver: TestReceiver
let appId: number
let webhookId: number

beforeAll(async () => {
  receiver = await startReceiver()
  shell = await startShell({ persistent: true })
  appId = (await productsApp(shell)).id
  const webhook = await shell.call('webhooks.create', {
    appId,
    name: 'Shop front',
    url: receiver.url,
    events: ['product.created']
  })
  webhookId = webhook.id
  for (const name of ['Tent, "large"', 'Stove'])
    await shell.call('entities.create', { type: 'product', data: { name, sku: name.slice(0, 3) } })
  await receiver.waitFor(2)
  await eventually(async () => (await shell.call('logs.list', { appId })).items.length === 2)
}, 60_000)

afterAll(async () => {
  shell.kill('SIGTERM')
  await shell.waitForExit()
  await receiver.close()
})

const ticketFor = (input: unknown, headers = jsonHeaders(shell)) =>
  fetch(`${shell.baseUrl}/api/export/ticket`, {
    method: 'POST',
    headers,
    body: JSON.stringify(input)
  })

async function ticket(input: unknown): Promise<string> {
  const answer = (await (await ticketFor(input)).json()) as { data: { ticket: string } }
  return answer.data.ticket
}

describe('downloading the delivery log from the headless shell', () => {
  it('streams the CSV of what the filters select as an attachment, for a single-use ticket', async () => {
    const url = `${shell.baseUrl}/api/export?ticket=${await ticket({ appId, format: 'csv' })}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/)
    const lines = (await response.text()).trimEnd().split('\r\n')
    expect(lines).toHaveLength(3) // header + 2 attempts
    // The body's JSON quotes, doubled inside the quoted CSV field.
    expect(lines.join('\n')).toContain('""name"":""Tent, \\""large\\"""",')
    expect((await fetch(url)).status).toBe(401) // used once
  })

  it('streams NDJSON with the search applied', async () => {
    const text = await (
      await fetch(
        `${shell.baseUrl}/api/export?ticket=${await ticket({ appId, format: 'ndjson', text: 'stove' })}`
      )
    ).text()
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { request_body: string })
    expect(rows).toHaveLength(1)
    expect(rows[0].request_body).toContain('Stove')
  })

  it('gives tickets only for the bearer token and refuses the token in the URL', async () => {
    const noToken = await ticketFor(
      { appId, format: 'csv' },
      { 'content-type': 'application/json' }
    )
    expect(noToken.status).toBe(401)
    const withToken = await fetch(`${shell.baseUrl}/api/export?token=${shell.token}`)
    expect(withToken.status).toBe(401)
    expect((await fetchError(withToken)).message).toMatch(/ticket/)
    expect((await fetch(`${shell.baseUrl}/api/export?ticket=made-up`)).status).toBe(401)
  })

  it('refuses a bad export naming the field, before any download starts', async () => {
    const bad = await ticketFor({ appId, format: 'xlsx' })
    expect(bad.status).toBe(400)
    expect((await fetchError(bad)).message).toContain('format')
  })
})

// Last in the file: it deletes the suite's webhook.
describe('the webhook in the exported log', () => {
  it('is named as the log screen names it, "(deleted)" once the webhook is gone', async () => {
    const column = async (format: 'csv' | 'ndjson'): Promise<string[]> => {
      const text = await (
        await fetch(`${shell.baseUrl}/api/export?ticket=${await ticket({ appId, format })}`)
      ).text()
      if (format === 'ndjson')
        return text
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { webhook_name: string }).webhook_name)
      const [header, ...rows] = parseCsv(text)
      return rows.map((row) => row[header.indexOf('webhook_name')])
    }
    expect(await column('csv')).toEqual(['Shop front', 'Shop front'])
    await shell.call('webhooks.bulk', { ids: [webhookId], action: 'delete' })
    expect(await column('csv')).toEqual(['Shop front (deleted)', 'Shop front (deleted)'])
    expect(await column('ndjson')).toEqual(['Shop front (deleted)', 'Shop front (deleted)'])
  })
})
