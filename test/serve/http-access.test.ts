import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { ApiResponse } from '@shared/api-contract'
import type { AppDto } from '@shared/dto'
import { tempDir } from '../support/core-harness'
import { SERVE_SCRIPT, startShell, type ShellProcess } from '../support/shell-process'
import { errorOf, fetchError, jsonHeaders as headersFor, rawRequest } from './http-helpers'

let shell: ShellProcess
const scratchDirs: string[] = []

function scratchDir(prefix: string): string {
  const dir = tempDir(prefix)
  scratchDirs.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true })
})

const startDefaultShell = async (): Promise<void> => {
  shell = await startShell()
}

const jsonHeaders = (): Record<string, string> => headersFor(shell)

function apiUrl(method: string): string {
  return `${shell.baseUrl}/api/${method}`
}

const listApps = (headers: Record<string, string>): Promise<Response> =>
  fetch(apiUrl('apps.list'), { method: 'POST', headers, body: '{}' })

describe('headless shell over real HTTP: access control', () => {
  beforeEach(startDefaultShell)

  it('answers 401 without a token and with a wrong one, and 200 with the right one', async () => {
    const missing = await listApps({ 'content-type': 'application/json' })
    expect(missing.status).toBe(401)
    expect((await fetchError(missing)).code).toBe('unauthorized')

    const wrong = await listApps({ ...jsonHeaders(), authorization: `Bearer ${shell.token}x` })
    expect(wrong.status).toBe(401)
    expect((await fetchError(wrong)).code).toBe('unauthorized')

    // A token in the query string is accepted nowhere.
    const queryToken = await fetch(`${apiUrl('apps.list')}?token=${shell.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(queryToken.status).toBe(401)

    const right = await listApps(jsonHeaders())
    expect(right.status).toBe(200)
    const body = (await right.json()) as ApiResponse<AppDto[]>
    expect(body.ok).toBe(true)
    if (body.ok) expect(body.data.map((app) => app.key)).toContain('products')
  })

  it('answers 403 to a foreign Host header even with the right token', async () => {
    const foreign = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), host: `evil.example:${shell.port}` },
      body: '{}'
    })
    expect(foreign.status).toBe(403)
    expect(errorOf(foreign.text).code).toBe('forbidden')

    // DNS rebinding also hits the UI, not only the API.
    const page = await rawRequest(shell.port, {
      method: 'GET',
      path: '/',
      headers: { host: `evil.example:${shell.port}` }
    })
    expect(page.status).toBe(403)

    // The same request with the loopback host is accepted, so it was the Host that was refused.
    const local = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), host: `localhost:${shell.port}` },
      body: '{}'
    })
    expect(local.status).toBe(200)
  })

  it('answers 403 to a foreign Origin even with the right token', async () => {
    for (const origin of ['http://evil.example', `https://127.0.0.1:${shell.port}`, 'null']) {
      const answer = await rawRequest(shell.port, {
        method: 'POST',
        path: '/api/apps.list',
        headers: { ...jsonHeaders(), origin },
        body: '{}'
      })
      expect(answer.status, origin).toBe(403)
      expect(errorOf(answer.text).code).toBe('forbidden')
    }

    const sameOrigin = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), origin: `http://127.0.0.1:${shell.port}` },
      body: '{}'
    })
    expect(sameOrigin.status).toBe(200)
  })

  it('answers 403 to a cross-site or same-site fetch even with the right token', async () => {
    for (const site of ['cross-site', 'same-site']) {
      for (const path of ['/api/apps.list', '/api/events/ticket']) {
        const answer = await listAppsAt(path, { 'sec-fetch-site': site })
        expect(answer.status, `${site} ${path}`).toBe(403)
        const error = errorOf(answer.text)
        expect(error.code).toBe('forbidden')
        expect(error.message).toContain('Sec-Fetch-Site')
      }
      const stream = await rawRequest(shell.port, {
        method: 'GET',
        path: '/api/events',
        headers: { authorization: `Bearer ${shell.token}`, 'sec-fetch-site': site }
      })
      expect(stream.status, `${site} events`).toBe(403)
    }
    // A page of the shell itself, the address bar and non-browser clients still get through.
    for (const site of ['same-origin', 'none', undefined]) {
      const answer = await listAppsAt('/api/apps.list', site ? { 'sec-fetch-site': site } : {})
      expect(answer.status, String(site)).toBe(200)
    }
    // The UI itself can still be opened from a link on another site.
    const page = await rawRequest(shell.port, {
      method: 'GET',
      path: '/',
      headers: { 'sec-fetch-site': 'cross-site' }
    })
    expect(page.status).toBe(200)
  })
})

function listAppsAt(path: string, extra: Record<string, string>): ReturnType<typeof rawRequest> {
  return rawRequest(shell.port, {
    method: 'POST',
    path,
    headers: { ...jsonHeaders(), ...extra },
    body: '{}'
  })
}

describe('headless shell over real HTTP: failed token checks', () => {
  beforeEach(startDefaultShell)

  it('answers 429 with Retry-After after 10 failures in a minute, never to the right token', async () => {
    const wrong = { ...jsonHeaders(), authorization: `Bearer ${'w'.repeat(43)}` }
    for (let attempt = 1; attempt <= 10; attempt++) {
      const answer = await listApps(attempt % 2 ? wrong : { 'content-type': 'application/json' })
      expect(answer.status, `failure ${attempt}`).toBe(401)
      await answer.arrayBuffer()
    }
    const throttled = await listApps(wrong)
    expect(throttled.status).toBe(429)
    const retryAfter = Number(throttled.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    const error = await fetchError(throttled)
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/too many/i)

    // The right token is answered at once, however many wrong ones came before and after.
    const started = Date.now()
    for (let round = 0; round < 5; round++) {
      const right = await listApps(jsonHeaders())
      expect(right.status).toBe(200)
      await right.arrayBuffer()
      const again = await listApps(wrong)
      expect(again.status).toBe(429)
      await again.arrayBuffer()
    }
    expect(Date.now() - started).toBeLessThan(5_000)

    // Wrong event tickets count too.
    const ticket = await fetch(`${shell.baseUrl}/api/events?ticket=guessed`)
    expect(ticket.status).toBe(429)
    await ticket.arrayBuffer()
    await expect.poll(() => shell.output().stderr).toMatch(/too many failed token checks/)
  })
})

interface Refusal {
  code: number | null
  stderr: string
}

/** Runs the shell with arguments it must refuse, and returns how it exited. */
function refusedStart(args: string[], env: Record<string, string> = {}): Promise<Refusal> {
  const inherited: NodeJS.ProcessEnv = { ...process.env, ...env }
  if (!('PIM_TOKEN' in env)) delete inherited.PIM_TOKEN
  const child = spawn(
    process.execPath,
    [SERVE_SCRIPT, '--port', '0', '--data-dir', scratchDir('pim-refused-'), ...args],
    { env: inherited, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => (stderr += chunk))
  child.stdout.resume()
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  )
}

describe('headless shell token sources', () => {
  it('refuses to start with a token under 32 characters, from any source', async () => {
    const short = 'secret-token-123'
    const file = join(scratchDir('pim-short-'), 'token')
    writeFileSync(file, `${short}\n`)
    for (const [args, env, source] of [
      [['--token', short], {}, '--token'],
      [[], { PIM_TOKEN: short }, 'PIM_TOKEN'],
      [['--token-file', file], {}, '--token-file']
    ] as const) {
      const refusal = await refusedStart([...args], { ...env })
      expect(refusal.code, source).toBe(2)
      expect(refusal.stderr).toContain(`the token from ${source} must be at least 32 characters`)
      expect(refusal.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('reads the token from --token-file, keeping it out of the process arguments', async () => {
    const fromFile = await startShell({ tokenVia: 'file' })
    expect(fromFile.child.spawnargs.join(' ')).not.toContain(fromFile.token)
    expect(fromFile.child.spawnargs).toContain('--token-file')
    expect(await fromFile.call('apps.list', {})).not.toHaveLength(0)
    expect(fromFile.output().stderr).not.toContain('--token is visible')
  })

  it('still takes --token, with a warning that ps shows it', async () => {
    const fromFlag = await startShell({ tokenVia: 'flag' })
    expect(await fromFlag.call('apps.list', {})).not.toHaveLength(0)
    await expect
      .poll(() => fromFlag.output().stderr)
      .toContain('--token is visible to every local user')
  })

  it('generates a token of at least 32 characters when none is given', async () => {
    const generated = await startShell({ tokenVia: 'none' })
    expect(generated.token.length).toBeGreaterThanOrEqual(32)
    expect(await generated.call('apps.list', {})).not.toHaveLength(0)
  })
})
