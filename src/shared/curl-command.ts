/** What a logged attempt sent: enough to send the same bytes again. */
export interface CurlRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/**
 * One POSIX shell word: single quotes keep everything literal (newlines, `$`, backticks, `!` in
 * a script, unicode); a single quote itself closes the quotes, adds an escaped one and reopens.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * A shell command that sends the attempt again: the same URL, every header as it was sent and the
 * body byte for byte (`--data-binary` keeps newlines and does not URL-encode). A body that starts
 * with `@` would make curl read a file of that name, so such a body goes through stdin instead.
 * The `webhook-timestamp` header is the original attempt's: receivers that check its age refuse
 * the copy once their window (5 minutes in Standard Webhooks libraries) has passed.
 */
export function curlCommand(request: CurlRequest): string {
  if (request.body.includes('\0'))
    throw new Error('body: contains a NUL byte, which no shell can pass')
  const lines = [`curl --request POST ${shellQuote(request.url)}`]
  // curl drops a header given as `name:`; `name;` is how it sends one with an empty value.
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`--header ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`)
  const viaStdin = request.body.startsWith('@')
  lines.push(viaStdin ? '--data-binary @-' : `--data-binary ${shellQuote(request.body)}`)
  const command = lines.join(' \\\n  ')
  return viaStdin ? `printf '%s' ${shellQuote(request.body)} | ${command}` : command
}
