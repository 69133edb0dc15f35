import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PushEvent } from '@shared/dto'
import { EVENT_TICKET_PATH } from '@shared/http-routes'
import {
  httpTransport,
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS
} from '../../src/renderer/src/api/transports'

/** Records what the transport does with EventSource; the test plays the server. */
class FakeEventSource {
  static opened: FakeEventSource[] = []
  onopen: (() => void) | null = null
  onmessage: ((message: { data: string }) => void) | null = null
  onerror: (() => void) | null = null
  closed = false

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this)
  }

  close(): void {
    this.closed = true
  }
}

const TOKEN = 'long-lived-token-that-must-stay-out-of-urls'
let ticketNumber = 0
let ticketAnswer: () => Promise<Response>
const fetchMock = vi.fn((url: string, init: RequestInit) => {
  void url
  void init
  return ticketAnswer()
})

const ticketResponse = (): Promise<Response> =>
  Promise.resolve(
    new Response(JSON.stringify({ ok: true, data: { ticket: `t${++ticketNumber}` } }), {
      status: 200
    })
  )

beforeEach(() => {
  vi.useFakeTimers()
  FakeEventSource.opened = []
  ticketNumber = 0
  ticketAnswer = ticketResponse
  fetchMock.mockClear()
  vi.stubGlobal('EventSource', FakeEventSource)
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const latest = (): FakeEventSource => {
  const source = FakeEventSource.opened.at(-1)
  if (!source) throw new Error('no EventSource opened')
  return source
}

describe('httpTransport.subscribe', () => {
  it('opens the stream with a ticket from an authenticated POST, never with the token', async () => {
    const received: PushEvent[] = []
    httpTransport(TOKEN, 'http://127.0.0.1:4780').subscribe((event) => received.push(event))
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1))

    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe(`http://127.0.0.1:4780${EVENT_TICKET_PATH}`)
    expect(init.method).toBe('POST')
    expect(init.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` })
    expect(latest().url).toBe('http://127.0.0.1:4780/api/events?ticket=t1')
    expect(latest().url).not.toContain(TOKEN)

    latest().onmessage?.({ data: JSON.stringify({ type: 'webhook.changed', webhookId: 3 }) })
    latest().onmessage?.({ data: 'not json' })
    expect(received).toEqual([{ type: 'webhook.changed', webhookId: 3 }])
  })

  it('on an error closes the stream and reopens it with a fresh ticket after a delay', async () => {
    httpTransport(TOKEN).subscribe(() => {})
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1))
    const first = latest()
    first.onopen?.()

    first.onerror?.()
    // Closed at once, so EventSource cannot retry by itself with the spent ticket.
    expect(first.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(RECONNECT_MIN_MS - 1)
    expect(FakeEventSource.opened).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2))
    expect(latest().url).toBe('/api/events?ticket=t2')
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('backs off while tickets cannot be had, and starts over once a stream opens', async () => {
    ticketAnswer = () => Promise.reject(new TypeError('fetch failed'))
    httpTransport(TOKEN).subscribe(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    // 1 s, 2 s, 4 s, ... capped at the maximum.
    const delays = [1_000, 2_000, 4_000, 8_000, 16_000, RECONNECT_MAX_MS, RECONNECT_MAX_MS]
    for (const [index, delay] of delays.entries()) {
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(fetchMock).toHaveBeenCalledTimes(index + 1)
      await vi.advanceTimersByTimeAsync(1)
      expect(fetchMock).toHaveBeenCalledTimes(index + 2)
    }
    expect(FakeEventSource.opened).toHaveLength(0)

    ticketAnswer = ticketResponse
    await vi.advanceTimersByTimeAsync(RECONNECT_MAX_MS)
    expect(FakeEventSource.opened).toHaveLength(1)
    latest().onopen?.()
    latest().onerror?.()
    await vi.advanceTimersByTimeAsync(RECONNECT_MIN_MS)
    expect(FakeEventSource.opened).toHaveLength(2)
  })

  it('stops for good on unsubscribe, including a pending reconnect', async () => {
    const unsubscribe = httpTransport(TOKEN).subscribe(() => {})
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1))
    latest().onerror?.()
    unsubscribe()
    await vi.advanceTimersByTimeAsync(RECONNECT_MAX_MS * 2)
    expect(FakeEventSource.opened).toHaveLength(1)
    expect(fetchMock).toHaveBeenCalledTimes(1)

    const again = httpTransport(TOKEN).subscribe(() => {})
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2))
    const open = latest()
    again()
    expect(open.closed).toBe(true)
  })
})
