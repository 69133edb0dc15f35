import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseRuleFlag, parseRulesFile, type AnswerRule } from './answer-rules'
import { DEFAULT_MAX_RECORDS } from './delivery-record'
import { checkAllowedHostName, isLoopbackHost } from './receiver-hosts'
import { checkSecret } from './receiver-secrets'
import { DEFAULT_TOLERANCE_SECONDS } from './signature-check'

/** Next to the headless shell's 4780, so both can run side by side. */
export const DEFAULT_RECEIVER_PORT = 4790

export interface ReceiverArgs {
  help: boolean
  port: number
  /** False when --port was left out, so the CLI can say which port it chose. */
  portGiven: boolean
  host: string
  /** `--allow-host` names requests may give in `Host` besides loopback names and addresses. */
  allowedHosts: string[]
  secrets: string[]
  toleranceSeconds: number
  rules: Record<string, AnswerRule>
  maxRecords: number
  /** Set when --host lets other machines in. */
  hostWarning: string | null
}

export const RECEIVER_USAGE = `Usage: npm run receiver -- [options]

A webhook receiver that checks every signature and shows what arrived on a live page.

  --port N            port to listen on (default ${DEFAULT_RECEIVER_PORT}; 0 = any free port)
  --host ADDRESS      address to listen on (default 127.0.0.1; others accept from the network)
  --allow-host NAME   a host name senders and browsers may use to reach the receiver; repeat it
                      for several. Requests naming any other host are refused (403), so a web
                      page cannot read the records through a rebound DNS name; loopback names
                      and, with --host off loopback, IP addresses are always allowed
  --secret whsec_...  a webhook's secret; repeat it to accept several (rotation)
  --tolerance S       allowed webhook-timestamp offset in seconds (default ${DEFAULT_TOLERANCE_SECONDS})
  --rule TARGET=SETTINGS
                      how to answer a path, a webhook or everything, e.g.
                        --rule "/flaky=status:500,ratio:0.4"
                        --rule "/slow=delay:20000"
                        --rule "web_abc123=status:503,retry-after:120"
                        --rule "*=status:410"
                      settings: status (200-599), delay (ms), retry-after (s), ratio (0-1)
  --rules FILE.json   rules as JSON: { "/flaky": { "status": 500, "failureRatio": 0.4 }, ... }
                      (keys status, delayMs, retryAfterSeconds, failureRatio; --rule wins)
  --max-records N     how many of the newest requests to keep (default ${DEFAULT_MAX_RECORDS})
  --help              this text
`

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = Number(value)
  // Number('') is 0: an unset `--port "$PORT"` must fail, not bind a random port.
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new Error(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`)
  return number
}

/** argv (after the script name) → settings; throws an Error whose message is the whole story. */
export function parseReceiverArgs(
  argv: string[],
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')
): ReceiverArgs {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        secret: { type: 'string', multiple: true },
        tolerance: { type: 'string' },
        rule: { type: 'string', multiple: true },
        rules: { type: 'string' },
        'max-records': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true
    }))
  } catch (error) {
    // Node's own messages name the flag; the usage line says where to look.
    throw new Error(`${(error as Error).message.split('\n')[0]} (see --help)`)
  }

  const secrets = (values.secret ?? []).map((secret) => {
    try {
      return checkSecret(secret.trim())
    } catch (error) {
      throw new Error(`--secret: ${(error as Error).message}`)
    }
  })
  const rules: Record<string, AnswerRule> = {}
  if (values.rules !== undefined) {
    let text: string
    try {
      text = readFile(values.rules)
    } catch (error) {
      throw new Error(`cannot read --rules ${values.rules}: ${(error as Error).message}`)
    }
    Object.assign(rules, parseRulesFile(text, values.rules))
  }
  for (const flag of values.rule ?? []) {
    const [key, rule] = parseRuleFlag(flag)
    rules[key] = rule
  }
  const host = values.host ?? '127.0.0.1'
  if (host.trim() === '') throw new Error('--host needs an address, e.g. 127.0.0.1 or 0.0.0.0')
  return {
    help: values.help ?? false,
    port:
      values.port === undefined
        ? DEFAULT_RECEIVER_PORT
        : wholeNumber('--port', values.port, 0, 65535),
    portGiven: values.port !== undefined,
    host,
    allowedHosts: (values['allow-host'] ?? []).map(checkAllowedHostName),
    secrets,
    toleranceSeconds:
      values.tolerance === undefined
        ? DEFAULT_TOLERANCE_SECONDS
        : wholeNumber('--tolerance', values.tolerance, 0, 31_536_000),
    rules,
    maxRecords:
      values['max-records'] === undefined
        ? DEFAULT_MAX_RECORDS
        : wholeNumber('--max-records', values['max-records'], 1, 1_000_000),
    hostWarning: isLoopbackHost(host)
      ? null
      : `receiver: --host ${host} accepts requests from the network: anyone who can reach this ` +
        `machine can post to it and read every recorded request, headers and bodies included, ` +
        `on its page`
  }
}
