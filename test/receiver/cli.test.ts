import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRequest } from '../serve/http-helpers'
import { generateSecret, post, productBody, signedHeaders } from './requests'

// Built by the test run's global setup (scripts/build-if-stale.mjs).
const CLI = join(__dirname, '../../out/main/receiver.js')
let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

function waitForOutput(
  process: ChildProcess,
  pattern: RegExp,
  output: () => string
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${output()}`)), 15_000)
    const check = (): void => {
      const match = output().match(pattern)
      if (!match) return
      clearTimeout(timer)
      process.stdout?.off('data', check)
      resolve(match)
    }
    process.stdout?.on('data', check)
    process.once('exit', () => reject(new Error(`exited before ${pattern}:\n${output()}`)))
    check()
  })
}

describe('the built receiver CLI', () => {
  it('listens, prints where to point webhooks, verifies a post, and exits cleanly on SIGTERM', async () => {
    const secret = generateSecret()
    const started = spawn(
      process.execPath,
      [CLI, '--port', '0', '--secret', secret, '--rule', '/flaky=status:503,retry-after:7'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    child = started
    let stdout = ''
    let stderr = ''
    started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [, url] = await waitForOutput(
      started,
      /Webhook receiver listening on (http:\/\/127\.0\.0\.1:\d+)[^]*Ctrl\+C to stop/,
      () => stdout + stderr
    )
    expect(stdout).toContain(`Point webhooks at: ${url}/hook`)
    expect(stdout).toContain(`Live page:         ${url}/_receiver/`)
    expect(stdout).toContain(`…${secret.slice(-4)}`)
    expect(stdout).toContain('/flaky → status 503, Retry-After 7 s')

    const body = productBody()
    const headers = signedHeaders({ body, secrets: [secret] })
    expect((await post(`${url}/hook`, body, headers)).status).toBe(200)
    const flaky = await post(`${url}/flaky`, body, signedHeaders({ body, secrets: [secret] }))
    expect(flaky.status).toBe(503)
    expect(flaky.headers.get('retry-after')).toBe('7')
    await waitForOutput(started, /#2 .*\/flaky.*→ Verified.*answered 503/, () => stdout)
    expect(stdout).toMatch(
      new RegExp(
        `#1 \\S+ POST /hook product.created ${headers['webhook-id']} → Verified: both signatures verified`
      )
    )
    const records = (await (await fetch(`${url}/_receiver/records`)).json()) as {
      records: Array<{ verdict: string }>
    }
    expect(records.records.map((record) => record.verdict)).toEqual(['verified', 'verified'])

    const exit = new Promise<number | null>((resolve) => started.once('exit', resolve))
    started.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(stdout).toContain('SIGTERM: stopping the receiver')
    expect(stderr).toBe('')
  })

  it('answers only its own names and --allow-host ones, and says once which name it refused', async () => {
    const started = spawn(process.execPath, [CLI, '--port', '0', '--allow-host', 'hooks.lan'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child = started
    let stdout = ''
    let stderr = ''
    started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [, port] = await waitForOutput(
      started,
      /Webhook receiver listening on http:\/\/127\.0\.0\.1:(\d+)/,
      () => stdout
    )
    const at = (host: string) =>
      rawRequest(Number(port), { method: 'GET', path: '/_receiver/records', headers: { host } })
    for (let n = 0; n < 2; n++) expect((await at(`evil.example:${port}`)).status).toBe(403)
    expect((await at(`hooks.lan:${port}`)).status).toBe(200)
    expect((await at(`localhost:${port}`)).status).toBe(200)
    await expect.poll(() => stderr).toContain(`refused a request for Host evil.example:${port}`)
    expect(stderr.match(/refused a request/g)).toHaveLength(1)
    expect(stderr).toContain('--allow-host NAME')
  })

  it('exits with status 2 and a clear message on a bad flag', () => {
    const bad = spawnSync(process.execPath, [CLI, '--port', '70000'], {
      encoding: 'utf8',
      timeout: 10_000
    })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain(
      'receiver: --port must be a whole number from 0 to 65535, not "70000"'
    )
    const secret = spawnSync(process.execPath, [CLI, '--secret', 'whsec_no!pe'], {
      encoding: 'utf8',
      timeout: 10_000
    })
    expect(secret.status).toBe(2)
    expect(secret.stderr).toMatch(
      /receiver: --secret: a secret must be "whsec_" followed by standard base64/
    )
  })
})
