import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A loopback receiver in this process that notes when each request has fully arrived. */
export async function timingReceiver() {
  const arrivals: number[] = []
  let wake: (() => void) | null = null
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      arrivals.push(performance.now())
      res.end('ok')
      wake?.()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    async arrival(index: number): Promise<number> {
      while (arrivals.length <= index) await new Promise<void>((resolve) => (wake = resolve))
      return arrivals[index]
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
