/**
 * What a search of the delivery log looks for in the bodies: the exact text to confirm, and the
 * SQLite FTS5 query that narrows the rows down to those worth confirming. Pure: `log-search.ts`
 * puts these into SQL.
 */

/** The FTS5 index of the log's bodies (migration `202612021200`). */
export const SEARCH_TABLE = 'webhook_logs_search'

/** The trigram tokenizer indexes runs of 3 characters; shorter text has no trigram to look up. */
export const MIN_INDEXED_CHARACTERS = 3

/** Whether the trigram index can narrow a search for this text (code points, not UTF-16 units). */
export function isIndexable(text: string): boolean {
  return [...text].length >= MIN_INDEXED_CHARACTERS
}

/**
 * One FTS5 string: inside double quotes everything is taken literally (operators, NEAR, column
 * filters, `*`, `^`, parentheses, colons), and a double quote is written twice.
 */
export function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

/**
 * The rows that can contain `text`: those holding each of its trigrams, in any order and any
 * case (the index keeps no positions, `detail=none`, so each term is one trigram). Every row
 * that contains the text is among them; the caller confirms which really do.
 */
export function trigramQuery(text: string): string {
  const characters = [...text]
  const trigrams = new Set<string>()
  for (let start = 0; start + MIN_INDEXED_CHARACTERS <= characters.length; start++)
    trigrams.add(characters.slice(start, start + MIN_INDEXED_CHARACTERS).join(''))
  return [...trigrams].map(ftsString).join(' AND ')
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (`ESCAPE '\'`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/**
 * How a record appears in a request body. The serializer writes `"id":N,"externalId":"…"` for
 * the record and for every record it embeds, so a record is found by its external id, or by its
 * numeric id followed by the external id key (12 never matches 123 or 312). A numeric search
 * also finds an operator-typed external id made of digits.
 */
export interface RecordNeedle {
  /** Each exact, case-sensitive substring, any one of which makes a body match. */
  exact: string[]
  /**
   * The distinctive part of each, for the index: it leaves out the key names every body carries
   * (their trigrams are in every row and narrow nothing); `exact` then confirms the whole.
   */
  indexed: string[]
}

export function recordNeedle(record: string): RecordNeedle {
  const externalId = JSON.stringify(record)
  const byExternalId = { exact: `"externalId":${externalId}`, indexed: externalId }
  const needles = /^\d+$/.test(record)
    ? [{ exact: `"id":${record},"externalId":`, indexed: `:${record},` }, byExternalId]
    : [byExternalId]
  return {
    exact: needles.map((needle) => needle.exact),
    indexed: needles.map((needle) => needle.indexed)
  }
}

/**
 * The FTS5 query that narrows a search by record and/or text, or null when the index cannot
 * help (no record, and text shorter than 3 characters).
 */
export function ftsQuery(search: { record?: string; text?: string }): string | null {
  const parts: string[] = []
  if (search.record) {
    const needles = recordNeedle(search.record).indexed.map((part) => `(${trigramQuery(part)})`)
    parts.push(needles.length === 1 ? needles[0] : `(${needles.join(' OR ')})`)
  }
  if (search.text && isIndexable(search.text)) parts.push(`(${trigramQuery(search.text)})`)
  return parts.length === 0 ? null : parts.join(' AND ')
}
