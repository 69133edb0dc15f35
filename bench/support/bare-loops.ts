import got from 'got'
import { Agent, request } from 'node:http'
import { withConcurrency } from './numbers'
import type { RecordedRequest } from './receiver-process'

/**
 * Bare client loops the scenarios measure the pipeline against: the same bodies and headers a
 * receiver got from the pipeline, sent again with the worker's concurrency and keep-alive.
 */

/** The worker's default (pim-core DEFAULT_CONCURRENCY); the bare loops use the same. */
export const CONCURRENCY = 8

/** The request headers a webhook attempt carries, as the receiver got them. */
function sentHeaders(recorded: RecordedRequest): Record<string, string> {
  const {
    host: _host,
    connection: _connection,
    'content-length': _length,
    ...rest
  } = recorded.headers
  return rest
}

export async function rawGot(
  url: string,
  requests: RecordedRequest[]
): Promise<{ rate: number; cpuMs: number }> {
  const agent = { http: new Agent({ keepAlive: true }) }
  const cpu = process.cpuUsage()
  const started = performance.now()
  await withConcurrency(requests, CONCURRENCY, async (sent) => {
    const response = await got.post(url, {
      body: sent.body,
      headers: sentHeaders(sent),
      agent,
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false
    })
    if (response.statusCode !== 200) throw new Error(`raw got: HTTP ${response.statusCode}`)
  })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  agent.http.destroy()
  return { rate: requests.length / seconds, cpuMs: (used.user + used.system) / 1000 }
}

export async function rawHttp(url: string, requests: RecordedRequest[]): Promise<number> {
  const agent = new Agent({ keepAlive: true })
  const started = performance.now()
  await withConcurrency(
    requests,
    CONCURRENCY,
    (sent) =>
      new Promise<void>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent, headers: sentHeaders(sent) }, (res) => {
          res.resume()
          res.on('end', resolve)
        })
        req.on('error', reject)
        req.end(sent.body)
      })
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  return requests.length / seconds
}
