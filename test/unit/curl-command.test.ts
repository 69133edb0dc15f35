import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { curlCommand, shellQuote } from '@shared/curl-command'

/**
 * Runs the command in a real POSIX shell with `curl` replaced by a function that prints its
 * arguments NUL-separated (and stdin after a marker), so the test sees exactly what curl would get.
 */
function argumentsCurlWouldGet(command: string): { args: string[]; stdin: string } {
  const script = `curl() { printf '%s\\0' "$@"; printf 'STDIN\\0'; if [ "$*" != "\${*%@-}" ]; then cat; fi; }\n${command}\n`
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
  expect(result.stderr).toBe('')
  const [args, stdin] = result.stdout.split('STDIN\0')
  return { args: args!.split('\0').slice(0, -1), stdin: stdin ?? '' }
}

const headers = {
  'content-type': 'application/json',
  'webhook-id': 'msg_2xYz',
  'webhook-timestamp': '1764500000',
  'webhook-signature': 'v1,abc+/= v1,def'
}

describe('curlCommand', () => {
  it('quotes a single quote so the shell gives it back unchanged', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`)
  })

  it('passes the URL, every header and the body to curl exactly, quotes, newlines and unicode included', () => {
    const body = `{"name":"O'Brien's \\"best\\" $HOME \`id\` !!","note":"line one\nline two","emoji":"Grüße 🚲 日本"}`
    const command = curlCommand({ url: "https://erp.example/hook?a=1&b='x'", headers, body })
    expect(command).toContain('--data-binary ')
    const { args } = argumentsCurlWouldGet(command)
    expect(args).toEqual([
      '--request',
      'POST',
      "https://erp.example/hook?a=1&b='x'",
      '--header',
      'content-type: application/json',
      '--header',
      'webhook-id: msg_2xYz',
      '--header',
      'webhook-timestamp: 1764500000',
      '--header',
      'webhook-signature: v1,abc+/= v1,def',
      '--data-binary',
      body
    ])
  })

  it('sends a body that starts with @ through stdin, so curl never reads a file of that name', () => {
    const body = '@/etc/passwd'
    const command = curlCommand({ url: 'http://127.0.0.1:9/x', headers: {}, body })
    const { args, stdin } = argumentsCurlWouldGet(command)
    expect(args).toEqual(['--request', 'POST', 'http://127.0.0.1:9/x', '--data-binary', '@-'])
    expect(stdin).toBe(body)
  })

  it('keeps a header with an empty value as curl sends one', () => {
    const { args } = argumentsCurlWouldGet(
      curlCommand({ url: 'http://h/', headers: { 'x-empty': '' }, body: '{}' })
    )
    expect(args).toContain('x-empty;')
  })

  it('refuses a body with a NUL byte, naming the body', () => {
    expect(() => curlCommand({ url: 'http://h/', headers: {}, body: 'a\0b' })).toThrow(/^body:/)
  })
})
