import { afterEach, describe, expect, it } from 'vitest'
import {
  chooseAnswer,
  parseRuleFlag,
  parseRulesFile,
  type AnswerRule
} from '../../src/receiver/answer-rules'
import { startWebhookReceiver, type WebhookReceiver } from '../../src/receiver/webhook-receiver'
import { generateSecret, post, productBody, signedHeaders } from './requests'

let receiver: WebhookReceiver | undefined
afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

/** A random source that hands out the given numbers in turn. */
function sequence(...values: number[]): () => number {
  let next = 0
  return () => {
    if (next >= values.length) throw new Error('random asked more often than expected')
    return values[next++]
  }
}

describe('answer rules over HTTP', () => {
  it('answers 200 {"ok":true} by default', async () => {
    receiver = await startWebhookReceiver()
    const answer = await post(`${receiver.url}/anything`, '{}', {})
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text)).toEqual({ ok: true })
    expect(answer.headers.get('retry-after')).toBeNull()
  })

  it('answers a path with its status and Retry-After, and records both', async () => {
    receiver = await startWebhookReceiver({
      rules: { '/busy': { status: 503, retryAfterSeconds: 120 } }
    })
    const busy = await post(`${receiver.url}/busy?attempt=1`, '{}', {})
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('120')
    expect(JSON.parse(busy.text)).toMatchObject({ ok: false, status: 503, rule: '/busy' })
    const other = await post(`${receiver.url}/calm`, '{}', {})
    expect(other.status).toBe(200)
    expect(receiver.records().map((record) => [record.path, record.answeredStatus])).toEqual([
      ['/busy?attempt=1', 503],
      ['/calm', 200]
    ])
    expect(receiver.records()[0]).toMatchObject({ retryAfterSeconds: 120, rule: '/busy' })
  })

  it('holds the answer back for delayMs', async () => {
    receiver = await startWebhookReceiver({ rules: { '/slow': { delayMs: 400 } } })
    const slow = await post(`${receiver.url}/slow`, '{}', {})
    expect(slow.status).toBe(200)
    // Timers may fire a millisecond early against the wall clock; never hundreds.
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(390)
    expect(receiver.records()[0].delayMs).toBe(400)
  })

  it('fails the configured share of requests, decided by the injected random source', async () => {
    receiver = await startWebhookReceiver({
      rules: { '/flaky': { status: 500, failureRatio: 0.4 } },
      random: sequence(0.1, 0.5, 0.39, 0.9)
    })
    const statuses: number[] = []
    for (let index = 0; index < 4; index += 1)
      statuses.push((await post(`${receiver.url}/flaky`, '{}', {})).status)
    expect(statuses).toEqual([500, 200, 500, 200])
  })

  it('changes rules at runtime, and a webhook rule beats the path rule', async () => {
    const secret = generateSecret()
    receiver = await startWebhookReceiver({ secrets: [secret] })
    const body = productBody('web_special')
    const send = async () =>
      (await post(`${receiver!.url}/hook`, body, signedHeaders({ body, secrets: [secret] }))).status
    expect(await send()).toBe(200)
    receiver.setRule('/hook', { status: 500 })
    expect(await send()).toBe(500)
    receiver.setRule('web_special', { status: 410 })
    expect(await send()).toBe(410)
    receiver.setRule('web_special', null)
    receiver.setRule('/hook', null)
    receiver.setRule('*', { status: 429 })
    expect(await send()).toBe(429)
    expect(() => receiver!.setRule('/x', { status: 99 })).toThrow(/status must be/)
    expect(() => receiver!.setRule('hook', { status: 500 })).toThrow(/must be a path starting/)
  })
})

describe('answer rules, pure', () => {
  const rules = new Map<string, AnswerRule>([
    ['/flaky', { status: 500, failureRatio: 0.5, retryAfterSeconds: 9, delayMs: 10 }],
    ['*', { delayMs: 5 }]
  ])

  it('gives a passing request 200 but still its delay, and no Retry-After', () => {
    const target = { path: '/flaky', webhookExternalId: null }
    expect(chooseAnswer(rules, target, () => 0.7)).toEqual({
      status: 200,
      delayMs: 10,
      retryAfterSeconds: null,
      rule: '/flaky'
    })
    expect(chooseAnswer(rules, target, () => 0.2)).toEqual({
      status: 500,
      delayMs: 10,
      retryAfterSeconds: 9,
      rule: '/flaky'
    })
    expect(chooseAnswer(rules, { path: '/x', webhookExternalId: null }, () => 0)).toMatchObject({
      status: 200,
      delayMs: 5,
      rule: '*'
    })
    expect(chooseAnswer(new Map(), target, () => 0)).toMatchObject({ status: 200, rule: null })
  })

  it('parses --rule flags', () => {
    expect(parseRuleFlag('/flaky=status:500,ratio:0.4')).toEqual([
      '/flaky',
      { status: 500, failureRatio: 0.4 }
    ])
    expect(parseRuleFlag('web_abc=status:503, retry-after:120, delay:2000')).toEqual([
      'web_abc',
      { status: 503, retryAfterSeconds: 120, delayMs: 2000 }
    ])
    expect(parseRuleFlag('*=')).toEqual(['*', {}])
  })

  it.each([
    ['flaky', /write it as TARGET=SETTING:VALUE/],
    ['flaky=status:500', /must be a path starting with "\/"/],
    ['/x=code:500', /unknown setting "code"; use status, delay, retry-after, ratio/],
    ['/x=status:abc', /status needs a number/],
    ['/x=status', /status needs a number/],
    ['/x=status:700', /status must be a whole number from 200 to 599/],
    ['/x=status:500.5', /status must be a whole number/],
    ['/x=ratio:1.5', /ratio must be a number from 0 to 1/],
    ['/x=delay:9999999', /delay must be whole milliseconds/],
    ['/x=status:500,status:503', /status is given twice/]
  ])('refuses --rule %s with a clear error', (flag, message) => {
    expect(() => parseRuleFlag(flag)).toThrow(message)
    expect(() => parseRuleFlag(flag)).toThrow(`--rule "${flag}"`)
  })

  it('parses and validates a rules file', () => {
    expect(
      parseRulesFile('{"/a":{"status":500,"failureRatio":0.25},"*":{"delayMs":100}}', 'r.json')
    ).toEqual({ '/a': { status: 500, failureRatio: 0.25 }, '*': { delayMs: 100 } })
    expect(() => parseRulesFile('{', 'r.json')).toThrow(/--rules r.json is not valid JSON/)
    expect(() => parseRulesFile('[]', 'r.json')).toThrow(/one JSON object/)
    expect(() => parseRulesFile('{"/a":{"code":1}}', 'r.json')).toThrow(
      /--rules r.json: rule for \/a: unknown setting\(s\) code/
    )
    expect(() => parseRulesFile('{"/a":{"status":"500"}}', 'r.json')).toThrow(
      /status must be a whole number/
    )
  })
})
