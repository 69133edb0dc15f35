import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKnex, type Db } from '../../src/main/core/db/knex-factory'
import { migrateToLatest } from '../../src/main/core/db/migrate'
import {
  ftsQuery,
  ftsString,
  isIndexable,
  likeLiteral,
  recordNeedle,
  trigramQuery
} from '../../src/main/core/logs/search-terms'

describe('search terms', () => {
  it('quotes text for FTS5, doubling its double quotes', () => {
    expect(ftsString('plain')).toBe('"plain"')
    expect(ftsString('say "hi" AND bye')).toBe('"say ""hi"" AND bye"')
    expect(ftsString('"')).toBe('""""')
  })

  it('asks for every trigram of the text once, counting characters, not UTF-16 units', () => {
    expect(trigramQuery('abcd')).toBe('"abc" AND "bcd"')
    expect(trigramQuery('aaaa')).toBe('"aaa"')
    expect(trigramQuery('🎉ab')).toBe('"🎉ab"')
    expect(trigramQuery('x"y')).toBe('"x""y"')
    expect(isIndexable('ab')).toBe(false)
    expect(isIndexable('🎉a')).toBe(false)
    expect(isIndexable('abc')).toBe(true)
  })

  it('escapes LIKE wildcards and the escape character', () => {
    expect(likeLiteral('50%_off\\x')).toBe('50\\%\\_off\\\\x')
  })

  it('describes a record by its exact text and its distinctive part', () => {
    expect(recordNeedle('prd_x')).toEqual({
      exact: ['"externalId":"prd_x"'],
      indexed: ['"prd_x"']
    })
    expect(recordNeedle('12')).toEqual({
      exact: ['"id":12,"externalId":', '"externalId":"12"'],
      indexed: [':12,', '"12"']
    })
    expect(recordNeedle('a"b').exact).toEqual(['"externalId":"a\\"b"'])
  })

  it('narrows by record and long enough text, or not at all', () => {
    expect(ftsQuery({ text: 'ab' })).toBeNull()
    expect(ftsQuery({})).toBeNull()
    expect(ftsQuery({ text: 'abcd' })).toBe('("abc" AND "bcd")')
    expect(ftsQuery({ record: '7', text: 'ab' })).toBe('((":7,") OR ("""7"""))')
    expect(ftsQuery({ record: 'p_1', text: 'xyz' })).toBe(
      '("""p_" AND "p_1" AND "_1""") AND ("xyz")'
    )
  })
})

/**
 * Against the real index (the migration's FTS5 table in SQLite): whatever the text, its query
 * parses, and every row holding the text is among the rows it returns.
 */
describe('the FTS5 query over the real index', () => {
  const ALPHABET = ['a', 'B', ' ', '"', "'", '*', '^', ':', '(', ')', '{', '}', '-', '+', 'é', '🎉']
  const WORDS = ['AND', 'OR', 'NOT', 'NEAR', 'request_body', 'rowid', '%', '_', '\\']
  let db: Db
  const bodies: string[] = []

  /** Deterministic pseudo-random text from the alphabet and the query syntax's words. */
  function text(seed: number, length: number): string {
    let state = seed
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648)
    let out = ''
    while ([...out].length < length) {
      const pick = next() % (ALPHABET.length + WORDS.length)
      out += pick < ALPHABET.length ? ALPHABET[pick] : WORDS[pick - ALPHABET.length]
    }
    return out
  }

  beforeAll(async () => {
    db = createKnex(':memory:')
    await migrateToLatest(db)
    for (let n = 0; n < 200; n++) bodies.push(text(n + 1, 40))
    await db('webhook_logs').insert(
      bodies.map((body, n) => ({
        message_id: `msg_${n}`,
        webhook_external_id: 'web_x',
        app_id: 1,
        event: 'product.updated',
        url: 'https://example.com',
        request_headers: '{}',
        request_body: body,
        response_status: 200,
        response_body: n % 2 ? body.slice(10) : '',
        response_body_truncated: false,
        response_time_ms: 1,
        attempt: 1,
        created_at: n
      }))
    )
  })

  afterAll(() => db.destroy())

  it('parses every text and never misses a row that holds it', async () => {
    for (let n = 0; n < 400; n++) {
      const body = bodies[n % bodies.length]
      const start = n % 30
      // Half are pieces of a body (found), half are new text (usually not).
      const search = n % 2 ? [...body].slice(start, start + 3 + (n % 9)).join('') : text(n + 999, 5)
      if (!isIndexable(search)) continue
      const candidates: Array<{ rowid: number }> = await db.raw(
        'SELECT rowid FROM webhook_logs_search WHERE webhook_logs_search MATCH ?',
        [ftsQuery({ text: search })]
      )
      const found = new Set(candidates.map((row) => row.rowid))
      const holding: Array<{ id: number }> = await db('webhook_logs')
        .whereRaw('instr(request_body, ?) > 0 OR instr(response_body, ?) > 0', [search, search])
        .select('id')
      for (const row of holding) expect(found.has(row.id), JSON.stringify(search)).toBe(true)
    }
  })
})
