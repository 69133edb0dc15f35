import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { repoRoot } from '../support/electron-bundle'
import { parseMetrics, valueOf } from '../support/metrics-text'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { SERVE_SCRIPT, startShell, type ShellProcess } from '../support/shell-process'
import { rawRequest } from './http-helpers'

const METRICS_LINE = /Metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/
const WORKER_SCRIPT = join(repoRoot, 'out/main/worker.js')

let receiver: TestReceiver | null = null
afterEach(async () => {
  await receiver?.close()
  receiver = null
})

/** The built serve shell with `--metrics-port 0`, and the port it printed. */
async function shellWithMetrics(): Promise<{ shell: ShellProcess; port: number }> {
  const shell = await startShell({ serveArgs: ['--metrics-port', '0'] })
  const match = METRICS_LINE.exec(shell.output().stdout)
  if (!match) throw new Error(`no metrics line in:\n${shell.output().stdout}`)
  return { shell, port: Number(match[1]) }
}

const scrape = (port: number, headers: Record<string, string> = {}, path = '/metrics') =>
  rawRequest(port, { method: 'GET', path, headers })

/** `--metrics-port` on the real shells: a Prometheus scrape over HTTP, and what is refused. */
describe('metrics listener of the built shells', () => {
  it('serves the core and process metrics, counting a real delivery', async () => {
    const { shell, port } = await shellWithMetrics()
    receiver = await startReceiver((_request, _req, res) => void res.end('ok'))
    const appId = (await shell.call('apps.list', {}))[0].id
    const webhook = await shell.call('webhooks.create', {
      appId,
      url: receiver.url,
      events: ['brand.created']
    })
    receiver.secrets.push(webhook.secret)
    await shell.call('entities.create', { type: 'brand', data: { name: 'Scraped' } })
    await receiver.waitFor(1)

    const answer = await eventually(async () => {
      const now = await scrape(port)
      const samples = parseMetrics(now.text)
      const success = { outcome: 'success', event: 'brand.created', error_class: 'none' }
      return valueOf(samples, 'pim_delivery_attempts_total', success) === 1 && now
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const samples = parseMetrics(answer.text)
    expect(valueOf(samples, 'pim_deliveries_waiting', { state: 'due' })).toBe(0)
    expect(
      valueOf(samples, 'pim_webhook_health', { webhook: webhook.externalId, state: 'healthy' })
    ).toBe(1)
    // Process metrics on the same registry; nothing names the receiver's URL.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(answer.text).not.toContain(receiver.url)

    // `localhost` at the port is this listener too.
    expect((await scrape(port, { host: `localhost:${port}` })).status).toBe(200)
  })

  it('refuses other hosts, web pages and other paths', async () => {
    const { port } = await shellWithMetrics()

    // DNS rebinding: a page's own name pointed at 127.0.0.1.
    const rebound = await scrape(port, { host: `evil.example:${port}` })
    expect(rebound.status).toBe(421)
    expect(rebound.text).toContain('Host evil.example')
    const otherPort = await scrape(port, { host: `127.0.0.1:${port + 1}` })
    expect(otherPort.status).toBe(421)

    // Any page's request, its own origin included: metrics are not for browsers.
    for (const origin of ['https://evil.example', `http://127.0.0.1:${port}`]) {
      const fromPage = await scrape(port, { origin })
      expect(fromPage.status, origin).toBe(403)
      expect(fromPage.text).toContain('Origin')
      expect(fromPage.text).not.toContain('pim_')
    }
    const crossSite = await scrape(port, { 'sec-fetch-site': 'cross-site' })
    expect(crossSite.status).toBe(403)

    const elsewhere = await scrape(port, {}, '/api/apps.list')
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.text).toContain('GET /metrics')
    expect((await scrape(port, {}, '/metrics/extra')).status).toBe(404)
    const posted = await rawRequest(port, { method: 'POST', path: '/metrics', headers: {} })
    expect(posted.status).toBe(405)
    expect(posted.headers.allow).toBe('GET')
  })

  it('exits with a clear message on a bad --metrics-port, serve and worker alike', () => {
    const run = (script: string, args: string[]) =>
      spawnSync(process.execPath, [script, ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 15_000,
        env: { ...process.env, PIM_DATABASE_URL: '' }
      })
    for (const value of ['abc', '65536', '-1', '8080x']) {
      const serve = run(SERVE_SCRIPT, ['--port', '0', `--metrics-port=${value}`])
      expect(serve.status, serve.stderr).toBe(2)
      expect(serve.stderr).toContain(
        `--metrics-port must be a whole number from 1 to 65535 (0: any free port), not "${value}"`
      )
    }
    // The worker checks it before it would look for its database.
    const worker = run(WORKER_SCRIPT, ['--metrics-port', 'abc'])
    expect(worker.status, worker.stderr).toBe(2)
    expect(worker.stderr).toContain('worker: --metrics-port must be a whole number')
    const host = run(WORKER_SCRIPT, ['--metrics-port', '9464', '--metrics-host', 'example.com'])
    expect(host.status, host.stderr).toBe(2)
    expect(host.stderr).toContain('--metrics-host must be an IP address')
  })
})
