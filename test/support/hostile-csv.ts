import { expect } from 'vitest'
import { csvObjects } from './parse-csv'
import type { Responder } from './receiver'

/**
 * Response bodies a receiver outside the operator's control might send, each of which a
 * spreadsheet would run as a formula if an export wrote it as it is (OWASP's CSV injection list).
 */
export const HOSTILE_BODIES = [
  '=HYPERLINK("http://evil","x")',
  '+cmd',
  '-2+3',
  '@SUM(A1)',
  '\t=1',
  '\r=1'
] as const

/** Product names: `Hostile N` is answered with HOSTILE_BODIES[N]; one name starts with `=`. */
export const HOSTILE_PRODUCTS = [
  ...HOSTILE_BODIES.map((_, n) => `Hostile ${n}`),
  `=HYPERLINK("http://evil","Hostile ${HOSTILE_BODIES.length}")`
]

/** Answers each product's delivery with the hostile body its name points at. */
export const hostileResponder: Responder = (request, _req, res) => {
  const n = Number(/Hostile (\d+)/.exec(request.body)?.[1] ?? -1)
  res.end(HOSTILE_BODIES[n] ?? '=1+1')
}

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * The CSV of those deliveries as a spreadsheet reads it: no cell starts a formula, every hostile
 * body is there with a `'` before it, the product names are intact inside the request bodies;
 * and the NDJSON of the same rows carries the bodies byte for byte, with no `'`.
 */
export function expectNeutralized(csv: string, ndjson: string): void {
  const rows = csvObjects(csv)
  expect(rows).toHaveLength(HOSTILE_PRODUCTS.length)
  for (const row of rows)
    for (const [column, cell] of Object.entries(row))
      expect(FORMULA_START.test(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false)
  const answered = rows.map((row) => row.response_body)
  for (const body of HOSTILE_BODIES) expect(answered).toContain(`'${body}`)
  expect(answered).toContain(`'=1+1`)
  const names = rows.map((row) => JSON.parse(row.request_body) as { product: { name: string } })
  expect(names.map((body) => body.product.name).sort()).toEqual([...HOSTILE_PRODUCTS].sort())

  const lines = ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { response_body: string })
  const raw = lines.map((line) => line.response_body)
  expect(raw.sort()).toEqual([...HOSTILE_BODIES, '=1+1'].sort())
}
