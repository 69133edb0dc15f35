/** RFC 4180 the slow, obvious way: what a spreadsheet reads from an exported file. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      record.push(field)
      field = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i++
    } else field += char
  }
  return records
}

/** An exported CSV as one object per attempt, keyed by the header's column names. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...records] = parseCsv(text)
  return records.map((record) => Object.fromEntries(header.map((name, i) => [name, record[i]])))
}
