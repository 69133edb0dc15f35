import { afterEach, describe, expect, it } from 'vitest'
import { hostOrOriginProblem, isAllowedHost } from '@shared/host-allow-list'
import { startWebhookReceiver, type WebhookReceiver } from '../../src/receiver/webhook-receiver'
import { rawRequest } from '../serve/http-helpers'
import { generateSecret, productBody, signedHeaders } from './requests'

let receiver: WebhookReceiver | undefined
afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

const secret = generateSecret()

/** The three things a rebinding page would go for: the page, the records and the endpoint. */
function requestsTo(port: number, headers: Record<string, string>) {
  const body = productBody()
  return [
    rawRequest(port, { method: 'GET', path: '/_receiver/', headers }),
    rawRequest(port, { method: 'GET', path: '/_receiver/records', headers }),
    rawRequest(port, {
      method: 'POST',
      path: '/hook',
      headers: { ...signedHeaders({ body, secrets: [secret] }), ...headers },
      body
    })
  ]
}

describe('the receiver against DNS rebinding', () => {
  it('answers 403 to a foreign Host on the page, the records and the webhook endpoint', async () => {
    const refused: Array<string | undefined> = []
    receiver = await startWebhookReceiver({
      secrets: [secret],
      onRefused: (_problem, host) => refused.push(host)
    })
    const { port } = receiver
    for (const answer of await Promise.all(requestsTo(port, { host: `evil.example:${port}` }))) {
      expect(answer.status).toBe(403)
      expect(answer.text).toBe('Host not allowed\n')
    }
    // Another port is another server.
    const otherPort = await Promise.all(requestsTo(port, { host: `127.0.0.1:${port + 1}` }))
    expect(otherPort.map((answer) => answer.status)).toEqual([403, 403, 403])
    expect(receiver.records()).toEqual([])
    expect(refused).toContain(`evil.example:${port}`)

    // The same requests under the loopback names are answered: it was the Host that was refused.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const answers = await Promise.all(requestsTo(port, { host }))
      expect(
        answers.map((answer) => answer.status),
        host
      ).toEqual([200, 200, 200])
    }
    expect(receiver.records().map((record) => record.verdict)).toEqual([
      'verified',
      'verified',
      'verified'
    ])
  })

  it('answers 403 to a foreign Origin, and takes its own', async () => {
    receiver = await startWebhookReceiver({ secrets: [secret] })
    const { port } = receiver
    for (const origin of ['http://evil.example', `https://127.0.0.1:${port}`, 'null']) {
      const answers = await Promise.all(requestsTo(port, { host: `127.0.0.1:${port}`, origin }))
      for (const answer of answers) {
        expect(answer.status, origin).toBe(403)
        expect(answer.text).toBe(`Origin ${origin} not allowed\n`)
      }
    }
    const own = await Promise.all(
      requestsTo(port, { host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` })
    )
    expect(own.map((answer) => answer.status)).toEqual([200, 200, 200])
  })

  it('takes names the operator allows, and IP addresses when it listens on the network', async () => {
    receiver = await startWebhookReceiver({ host: '0.0.0.0', allowedHosts: ['hooks.lan'] })
    const { port } = receiver
    for (const host of [`hooks.lan:${port}`, `10.1.2.3:${port}`, `[::1]:${port}`]) {
      const answers = await Promise.all(requestsTo(port, { host }))
      expect(
        answers.map((answer) => answer.status),
        host
      ).toEqual([200, 200, 200])
    }
    const rebound = await Promise.all(requestsTo(port, { host: `evil.example:${port}` }))
    expect(rebound.map((answer) => answer.status)).toEqual([403, 403, 403])
  })
})

describe('the shared Host rule', () => {
  const list = { port: 4790, names: ['127.0.0.1', 'localhost'] }

  it('wants one of the names at the port (none for port 80), in any case', () => {
    expect(isAllowedHost('127.0.0.1:4790', list)).toBe(true)
    expect(isAllowedHost('LocalHost:4790', list)).toBe(true)
    expect(isAllowedHost('localhost', list)).toBe(false)
    expect(isAllowedHost('localhost', { ...list, port: 80 })).toBe(true)
    expect(isAllowedHost('localhost.:4790', list)).toBe(false)
    expect(isAllowedHost('10.0.0.1:4790', list)).toBe(false)
    expect(isAllowedHost('10.0.0.1:4790', { ...list, ipLiterals: true })).toBe(true)
    expect(isAllowedHost('[fe80::1%25eth0]:4790', { ...list, ipLiterals: true })).toBe(true)
    expect(isAllowedHost('10.0.0.1.evil.example:4790', { ...list, ipLiterals: true })).toBe(false)
    for (const bad of [undefined, '', ':4790', 'a:b:4790', 'localhost:4790/x'])
      expect(isAllowedHost(bad, list), String(bad)).toBe(false)
  })

  it('checks Origin only when a browser sends one, and only as http:// plus an allowed host', () => {
    expect(hostOrOriginProblem({ host: 'localhost:4790' }, list)).toBeNull()
    expect(
      hostOrOriginProblem({ host: 'localhost:4790', origin: 'http://127.0.0.1:4790' }, list)
    ).toBeNull()
    expect(
      hostOrOriginProblem({ host: 'localhost:4790', origin: 'http://127.0.0.1:4790/x' }, list)
    ).toBe('Origin http://127.0.0.1:4790/x not allowed')
    expect(hostOrOriginProblem({ host: 'evil.example:4790' }, list)).toBe('Host not allowed')
  })
})
