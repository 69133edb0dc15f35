/**
 * Keeps docs/PAYLOADS.md honest: a real core delivers real webhooks to a real HTTP receiver on
 * 127.0.0.1, and the verifiers printed in the document (Python and Node, extracted from its code
 * blocks) must accept those requests and reject tampered ones; the examples, event lists, field
 * lists and numbers in the document must match what the code produces.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FAMILY_EXAMPLE_EVENTS,
  runFamilyScenario,
  type CapturedDelivery
} from '../../scripts/payload-examples'
import { BACK_OFF_FLOOR_MS, JITTER_RATIO } from '../../src/main/core/delivery/retry-policy'
import { RESPONSE_BODY_CAP_BYTES } from '../../src/main/core/delivery/transport/http-sender'
import {
  deliveryHeaders,
  generateSecret,
  standardSignature
} from '../../src/main/core/delivery/transport/signing'
import { DEFAULT_CONCURRENCY } from '../../src/main/core/pim-core'
import { examplePayload, sampleEntity } from '@shared/sample-payload'
import { DEFAULT_PREVIOUS_SECRET_HOURS, MAX_PREVIOUS_SECRET_HOURS } from '@shared/webhook-history'
import {
  DEFAULT_DELIVERY_SETTINGS,
  MAX_PAYLOAD_BYTES,
  MAX_RETRY_ATTEMPTS,
  RETRY_PRESETS
} from '@shared/delivery-settings'
import { formatDuration } from '@shared/durations'
import {
  entityGroup,
  eventCatalog,
  eventGroups,
  eventNames,
  parseEventName,
  type EventGroup,
  type EventName
} from '@shared/entity-catalog'
import { USER_AGENT } from '@shared/version'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const DOC_PATH = join(ROOT, 'docs', 'PAYLOADS.md')
const DOC = readFileSync(DOC_PATH, 'utf8')

/** The fenced code block that follows `<!-- marker -->` in the document. */
function docBlock(marker: string, language: string): string {
  const start = DOC.indexOf(`<!-- ${marker} -->`)
  if (start < 0) throw new Error(`docs/PAYLOADS.md has no <!-- ${marker} --> marker`)
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(DOC.slice(start))
  if (!fence) throw new Error(`no \`\`\`${language} block after <!-- ${marker} -->`)
  return fence[1] + '\n'
}

/** The document between a `## heading` and the next `## ` heading. */
function docSection(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`docs/PAYLOADS.md has no "## ${heading}" section`)
  const end = DOC.indexOf('\n## ', start + 1)
  return DOC.slice(start, end < 0 ? undefined : end)
}

function backticked(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1])
}

// ---- the verifiers, run as printed --------------------------------------------------------

interface VerifyCase {
  name: string
  bodyBase64: string
  headers: Record<string, string>
  secret: string
  /** Clock of the verifier in Unix seconds; absent means the real clock. */
  now?: number
}

interface VerifyOutcome {
  /** 'ok' or the error message of the webhook-signature check. */
  standard: string
  /** 'ok' or the error message of the X-Webhook-Signature check. */
  hex: string
  event?: string
}

function requirePython(): void {
  const version = 'import sys; print(sys.version_info[0], sys.version_info[1])'
  const probe = spawnSync('python3', ['-c', version], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0)
    throw new Error(
      'python3 is required: this test runs the Python verifier printed in docs/PAYLOADS.md, but ' +
        `"python3" could not be run (${probe.error?.message ?? probe.stderr.trim()}). ` +
        'Install Python 3.9 or later and put python3 on PATH.'
    )
  const [major, minor] = probe.stdout.trim().split(' ').map(Number)
  if (major < 3 || (major === 3 && minor < 9))
    throw new Error(`docs/PAYLOADS.md promises Python 3.9+, but python3 is ${major}.${minor}`)
}

const PYTHON_DRIVER = `

def _run_cases():
    import sys
    outcomes = []
    for case in json.load(sys.stdin):
        body = base64.b64decode(case["bodyBase64"])
        outcome = {}
        try:
            payload = verify_webhook(body, case["headers"], case["secret"], case.get("now"))
            outcome["standard"] = "ok"
            outcome["event"] = payload["event"]
        except WebhookVerificationError as error:
            outcome["standard"] = str(error)
        try:
            verify_x_webhook_signature(body, case["headers"], case["secret"])
            outcome["hex"] = "ok"
        except WebhookVerificationError as error:
            outcome["hex"] = str(error)
        outcomes.append(outcome)
    print(json.dumps(outcomes))


_run_cases()
`

const NODE_DRIVER = `
import { readFileSync } from 'node:fs'
import { verifyWebhook, verifyXWebhookSignature } from './verify-crypto.mjs'
import { verifyWithLibrary } from './verify-standardwebhooks.mjs'

function attempt(check) {
  try {
    const result = check()
    return { ok: true, result }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

const outcomes = JSON.parse(readFileSync(0, 'utf8')).map((c) => {
  const body = Buffer.from(c.bodyBase64, 'base64')
  const standard = attempt(() => verifyWebhook(body, c.headers, c.secret, c.now))
  const hex = attempt(() => verifyXWebhookSignature(body, c.headers, c.secret))
  // The library reads the real clock, so it only judges cases that use the real clock.
  const library =
    c.now === undefined
      ? attempt(() => verifyWithLibrary(body.toString('utf8'), c.headers, c.secret))
      : null
  return {
    standard: standard.ok ? 'ok' : standard.message,
    event: standard.ok ? standard.result.event : undefined,
    hex: hex.ok ? 'ok' : hex.message,
    library: library === null ? null : library.ok ? 'ok:' + library.result.event : library.message
  }
})
process.stdout.write(JSON.stringify(outcomes))
`

let scratch: string

function runPythonVerifier(cases: VerifyCase[]): VerifyOutcome[] {
  requirePython()
  const file = join(scratch, 'verify.py')
  writeFileSync(file, docBlock('verifier:python', 'python') + PYTHON_DRIVER)
  const run = spawnSync('python3', [file], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    timeout: 30_000
  })
  if (run.error || run.status !== 0)
    throw new Error(`the Python verifier crashed: ${run.error?.message ?? run.stderr}`)
  return JSON.parse(run.stdout) as VerifyOutcome[]
}

type NodeOutcome = VerifyOutcome & { library: string | null }

/** Node snippets must resolve `standardwebhooks` from this repository, so they run from .tmp/. */
let nodeScratch: string

function runNodeVerifiers(cases: VerifyCase[]): NodeOutcome[] {
  writeFileSync(join(nodeScratch, 'verify-crypto.mjs'), docBlock('verifier:node-crypto', 'js'))
  writeFileSync(
    join(nodeScratch, 'verify-standardwebhooks.mjs'),
    docBlock('verifier:node-standardwebhooks', 'js')
  )
  writeFileSync(join(nodeScratch, 'driver.mjs'), NODE_DRIVER)
  const run = spawnSync(process.execPath, [join(nodeScratch, 'driver.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    timeout: 30_000
  })
  if (run.error || run.status !== 0)
    throw new Error(`the Node verifiers crashed: ${run.error?.message ?? run.stderr}`)
  return JSON.parse(run.stdout) as NodeOutcome[]
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

/** Genuine and forged variants of one real delivery, with what each check must say. */
function casesFor(
  delivery: CapturedDelivery
): Array<VerifyCase & { expect: 'both' | 'hex' | 'none' }> {
  const headers = flatHeaders(delivery.headers)
  const timestamp = Number(headers['webhook-timestamp'])
  const tampered = delivery.body.replace('"Acme Outdoor"', '"Acme Outdoors"')
  expect(tampered).not.toBe(delivery.body)
  const titleCase = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.replace(
        /(^|-)([a-z])/g,
        (_m, dash: string, letter: string) => dash + letter.toUpperCase()
      ),
      value
    ])
  )
  const otherSecret = generateSecret()
  const foreign = standardSignature(otherSecret, headers['webhook-id'], timestamp, delivery.body)
  const common = { bodyBase64: base64(delivery.body), headers, secret: delivery.secret }
  return [
    { name: 'genuine', ...common, expect: 'both' },
    { name: 'header names in Title-Case', ...common, headers: titleCase, expect: 'both' },
    {
      name: 'its signature after another, unrelated one',
      ...common,
      headers: {
        ...headers,
        'webhook-signature': `v2,abc ${foreign} ${headers['webhook-signature']}`
      },
      expect: 'both'
    },
    { name: 'tampered body', ...common, bodyBase64: base64(tampered), expect: 'none' },
    {
      name: 'body with a trailing newline',
      ...common,
      bodyBase64: base64(delivery.body + '\n'),
      expect: 'none'
    },
    { name: 'wrong secret', ...common, secret: otherSecret, expect: 'none' },
    {
      name: 'another webhook-id',
      ...common,
      headers: { ...headers, 'webhook-id': 'msg_00000000000000000000' },
      expect: 'hex'
    },
    { name: 'verifier clock 300 s later (edge)', ...common, now: timestamp + 300, expect: 'both' },
    { name: 'verifier clock 301 s later', ...common, now: timestamp + 301, expect: 'hex' },
    { name: 'verifier clock 301 s earlier', ...common, now: timestamp - 301, expect: 'hex' }
  ]
}

function judge(expected: 'both' | 'hex' | 'none', outcome: VerifyOutcome) {
  return {
    standard: expected === 'both' ? outcome.standard === 'ok' : outcome.standard !== 'ok',
    hex: expected === 'none' ? outcome.hex !== 'ok' : outcome.hex === 'ok'
  }
}

// ---- the live core --------------------------------------------------------------------------

let harness: Harness
let receiver: TestReceiver
let captured: Record<EventGroup, CapturedDelivery>

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'receiver-docs-'))
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  nodeScratch = mkdtempSync(join(ROOT, '.tmp', 'receiver-docs-'))
  harness = await startHarness()
  receiver = await startReceiver()
  captured = await runFamilyScenario(harness, receiver)
})

afterAll(async () => {
  await receiver?.close()
  await harness?.close()
  for (const dir of [scratch, nodeScratch]) if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the verifiers printed in docs/PAYLOADS.md', () => {
  it('run on a machine with python3 3.9 or later', () => {
    requirePython()
  })

  it('the deliveries themselves are genuine (checked by the test receiver)', () => {
    for (const request of receiver.requests) {
      expect(request.standardSignatureValid).toBe(true)
      expect(request.hexSignatureValid).toBe(true)
    }
  })

  it('Python: accepts every real delivery and rejects tampered, foreign and stale ones', () => {
    for (const delivery of Object.values(captured)) {
      const cases = casesFor(delivery)
      const outcomes = runPythonVerifier(cases)
      cases.forEach((testCase, index) => {
        const outcome = outcomes[index]
        expect(judge(testCase.expect, outcome), `${delivery.event}: ${testCase.name}`).toEqual({
          standard: true,
          hex: true
        })
        if (testCase.expect === 'both') expect(outcome.event).toBe(delivery.event)
      })
    }
  })

  it('Node (node:crypto and standardwebhooks): the same verdicts', () => {
    for (const delivery of Object.values(captured)) {
      const cases = casesFor(delivery)
      const outcomes = runNodeVerifiers(cases)
      cases.forEach((testCase, index) => {
        const outcome = outcomes[index]
        expect(judge(testCase.expect, outcome), `${delivery.event}: ${testCase.name}`).toEqual({
          standard: true,
          hex: true
        })
        if (testCase.expect === 'both') expect(outcome.event).toBe(delivery.event)
        if (outcome.library !== null)
          expect(outcome.library.startsWith('ok:'), `library: ${testCase.name}`).toBe(
            testCase.expect === 'both'
          )
      })
    }
  })

  it('after a secret rotation: webhook-signature verifies with both secrets, X-Webhook-Signature only with the new one', async () => {
    const oldSecret = captured.Inventory.secret
    const rotated = await harness.call('webhooks.rotateSecret', {
      id: captured.Inventory.webhookId
    })
    const newSecret = rotated.secret
    expect(newSecret).not.toBe(oldSecret)
    const stock = (await harness.call('entities.list', { type: 'inventory', offset: 0, limit: 1 }))
      .items[0]
    receiver.secrets.push(newSecret)
    const before = receiver.requests.length
    await harness.call('entities.update', {
      type: 'inventory',
      id: stock.id,
      data: { quantity: 38 }
    })
    const request = (await receiver.waitFor(before + 1))[before]
    expect(request.headers['x-webhook-event']).toBe('inventory.updated')
    const headers = flatHeaders(request.headers)
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)

    const cases: VerifyCase[] = [
      { name: 'old secret', bodyBase64: base64(request.body), headers, secret: oldSecret },
      { name: 'new secret', bodyBase64: base64(request.body), headers, secret: newSecret }
    ]
    const python = runPythonVerifier(cases)
    const node = runNodeVerifiers(cases)
    for (const outcomes of [python, node]) {
      expect(outcomes[0]).toMatchObject({ standard: 'ok', event: 'inventory.updated' })
      expect(outcomes[0].hex).not.toBe('ok')
      expect(outcomes[1]).toMatchObject({ standard: 'ok', hex: 'ok' })
    }
    expect(node.map((outcome) => outcome.library)).toEqual([
      'ok:inventory.updated',
      'ok:inventory.updated'
    ])
  })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('the minimal Node receiver printed in docs/PAYLOADS.md', () => {
  it('acknowledges a real delivery, processes a redelivery once, and refuses a forged one', async () => {
    writeFileSync(join(nodeScratch, 'verify.mjs'), docBlock('verifier:node-crypto', 'js'))
    writeFileSync(join(nodeScratch, 'receiver.mjs'), docBlock('example:node-receiver', 'js'))
    const port = await freePort()
    const apps = await harness.call('apps.list')
    const orders = apps.find((app) => app.key === 'orders')!
    const webhook = await harness.call('webhooks.create', {
      appId: orders.id,
      url: `http://127.0.0.1:${port}/webhooks`,
      events: ['customer.created']
    })
    const child = spawn(process.execPath, [join(nodeScratch, 'receiver.mjs')], {
      env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: webhook.secret },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const post = async (body: string, headers: Record<string, string>) =>
      (await fetch(`http://127.0.0.1:${port}/webhooks`, { method: 'POST', body, headers })).status
    try {
      // Listening once an unsigned request is refused.
      await eventually(async () => (await post('{}', {}).catch(() => 0)) === 401, 10_000).catch(
        (error: unknown) => {
          throw new Error(`the receiver sketch did not start: ${String(error)}\n${stderr}`)
        }
      )
      await harness.call('entities.create', { type: 'customer', data: { name: 'Ada Ørsted' } })
      const logsOf = async () =>
        (await harness.call('logs.list', { appId: orders.id, webhookId: webhook.id, limit: 10 }))
          .items
      const [first] = await eventually(async () => {
        const logs = await logsOf()
        return logs.length === 1 && logs
      })
      expect(first).toMatchObject({ responseStatus: 204, errorClass: null })

      await harness.call('logs.redeliver', { id: first.id })
      const logs = await logsOf()
      expect(logs).toHaveLength(2)
      expect(logs.map((log) => [log.messageId, log.responseStatus])).toEqual([
        [first.messageId, 204],
        [first.messageId, 204]
      ])
      await new Promise((resolve) => setTimeout(resolve, 100)) // let the child's output arrive
      const processed = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; event: string })
      expect(processed).toEqual([{ id: first.messageId, event: 'customer.created' }])

      const sent = await harness.call('logs.get', { id: first.id })
      const forged = sent.requestBody.replace('"Ada Ørsted"', '"Mallory"')
      expect(forged).not.toBe(sent.requestBody)
      const headers = { ...sent.requestHeaders }
      expect(await post(sent.requestBody, headers)).toBe(204) // the logged original, still fresh
      expect(await post(forged, headers)).toBe(401)
    } finally {
      child.kill()
    }
  })
})

// ---- what the document says about payloads --------------------------------------------------

/** Random external IDs and clock readings differ on every run; everything else must not. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item)]))
  if (typeof value === 'string') {
    if (/^[a-z]+_[0-9a-z]{20}$/.test(value)) return '<external id>'
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/.test(value)) return '<payload time>'
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)) return '<iso time>'
  }
  return value
}

describe('docs/PAYLOADS.md against the code', () => {
  it('shows one example per event family that equals a real delivery apart from IDs and times', () => {
    for (const family of eventGroups) {
      const example = JSON.parse(docBlock(`example:${family}`, 'json')) as Record<string, unknown>
      const live = JSON.parse(captured[family].body) as Record<string, unknown>
      expect(example.event, family).toBe(FAMILY_EXAMPLE_EVENTS[family])
      expect(entityGroup[parseEventName(example.event as EventName).type]).toBe(family)
      expect(Object.keys(example), `${family} top-level keys`).toEqual(Object.keys(live))
      expect(normalize(example), `${family} example`).toEqual(normalize(live))
    }
  })

  it('states the envelope keys every event gets', () => {
    const rows = docSection('The envelope')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
    expect(rows.map((row) => backticked(row.split('|')[1]))).toEqual([
      ['event'],
      ['timestamp'],
      ['account'],
      ['app'],
      ['webhook'],
      ['<record type>', 'target_app'],
      ['revision'],
      // Backfill messages only ("Send current state…"), last: test/core/backfill.test.ts.
      ['backfill']
    ])
    for (const event of eventNames) {
      const { type } = parseEventName(event)
      const payload = examplePayload(event)
      expect(Object.keys(payload), event).toEqual([
        'event',
        'timestamp',
        'account',
        'app',
        'webhook',
        type === 'app' ? 'target_app' : type,
        ...(type === 'product' ? ['revision'] : [])
      ])
    }
  })

  it('lists the events of every family exactly as the catalog does, with each type’s fields', () => {
    const records = docSection('Records in the payload')
    const families = records.split(/\n### /).slice(1)
    expect(families.map((part) => part.split('\n')[0])).toEqual([...eventGroups])
    for (const { group, events } of eventCatalog()) {
      const part = families.find((candidate) => candidate.startsWith(`${group}\n`))!
      const rows = part.split('\n').filter((line) => line.startsWith('| `'))
      const documentedEvents: string[] = []
      for (const row of rows) {
        const [, keyCell, eventsCell, fieldsCell] = row.split('|')
        const [payloadKey] = backticked(keyCell)
        const rowEvents = backticked(eventsCell)
        documentedEvents.push(...rowEvents)
        const type = parseEventName(rowEvents[0] as EventName).type
        expect(rowEvents, payloadKey).toEqual([
          `${type}.created`,
          `${type}.updated`,
          `${type}.deleted`
        ])
        expect(payloadKey).toBe(type === 'app' ? 'target_app' : type)
        const fields = Object.keys(sampleEntity(`${type}.created`, 0)).filter(
          (key) => !['id', 'externalId', 'createdAt', 'updatedAt'].includes(key)
        )
        expect(backticked(fieldsCell), `fields of ${type}`).toEqual(fields)
      }
      expect(documentedEvents, group).toEqual(events.map((event) => event.name))
    }
  })

  it('lists every header the code sets, and shows the header names of a real request', () => {
    const table = docSection('The request').split('\n```')[0]
    const documented = backticked(table).map((name) => name.toLowerCase())
    const sent = deliveryHeaders({
      body: '{}',
      messageId: 'msg_x',
      timestampSeconds: 0,
      event: 'brand.created',
      secrets: [generateSecret()],
      userAgent: USER_AGENT
    })
    for (const name of Object.keys(sent)) expect(documented, name).toContain(name)

    const shown = docBlock('example:headers', 'http')
    const shownNames = shown
      .trim()
      .split('\n')
      .slice(1) // the request line
      .map((line) => line.slice(0, line.indexOf(':')))
    expect(shownNames.sort()).toEqual(Object.keys(captured.Catalog.headers).sort())
    expect(shown).toContain(`user-agent: ${USER_AGENT}`)
    expect(captured.Catalog.headers['user-agent']).toBe(USER_AGENT)
  })

  it('quotes the numbers the code uses', () => {
    const text = DOC.replace(/\s+/g, ' ')
    const settings = DEFAULT_DELIVERY_SETTINGS
    const phrases = [
      `\`${RETRY_PRESETS.default.map(formatDuration).join(', ')}\``,
      `${RETRY_PRESETS.default.length + 1} attempts in all`,
      `up to ${RETRY_PRESETS.default.length} times`,
      `\`quick\` (\`${RETRY_PRESETS.quick.map(formatDuration).join(', ')}\`)`,
      `up to ${MAX_RETRY_ATTEMPTS} delays`,
      `±${JITTER_RATIO * 100} %`,
      `at least ${BACK_OFF_FLOOR_MS / 1000} seconds`,
      `within **${settings.connectTimeoutMs / 1000} seconds**`,
      `more than **${settings.totalTimeoutMs / 1000} seconds**`,
      `within ${settings.totalTimeoutMs / 1000} seconds`,
      `at most **${RESPONSE_BODY_CAP_BYTES / 1024} KiB**`,
      `larger than **${MAX_PAYLOAD_BYTES / 1024} KiB** (${MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes`,
      `valid for ${DEFAULT_PREVIOUS_SECRET_HOURS} hours`,
      `up to ${MAX_PREVIOUS_SECRET_HOURS} hours`,
      `after ${settings.autoDisableAfterFailures} messages in a row`,
      `for ${settings.autoDisableAfterDays} days`,
      `(${settings.logRetentionDays} days by default)`,
      `up to ${DEFAULT_CONCURRENCY} in parallel`
    ]
    for (const phrase of phrases) expect(text, phrase).toContain(phrase)
    // The default schedule sums to what the document says ("roughly 27.5 hours").
    const hours = RETRY_PRESETS.default.reduce((sum: number, seconds) => sum + seconds, 0) / 3600
    expect(Math.abs(hours - 27.5)).toBeLessThan(0.25)
  })
})
