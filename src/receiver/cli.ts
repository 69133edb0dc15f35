import type { AnswerRule } from './answer-rules'
import { parseReceiverArgs, RECEIVER_USAGE, type ReceiverArgs } from './receiver-args'
import { RECEIVER_PREFIX } from './receiver-page'
import { secretHint } from './receiver-secrets'
import { startWebhookReceiver, type ReceivedDelivery } from './webhook-receiver'

/** `npm run receiver -- ...`: a receiver for operators checking a real setup, Stripe-CLI style. */

function describeRule(key: string, rule: AnswerRule): string {
  const parts = [
    rule.status === undefined ? 'status 200' : `status ${rule.status}`,
    rule.failureRatio === undefined
      ? ''
      : `for ${Math.round(rule.failureRatio * 100)} % (else 200)`,
    rule.delayMs === undefined ? '' : `after ${rule.delayMs} ms`,
    rule.retryAfterSeconds === undefined ? '' : `Retry-After ${rule.retryAfterSeconds} s`
  ]
  return `${key} → ${parts.filter(Boolean).join(', ')}`
}

/** One line per request, so the terminal alone is enough to follow along. */
function logLine(record: ReceivedDelivery): string {
  const time = new Date(record.receivedAt).toISOString().slice(11, 19)
  const duplicate = record.duplicate ? ` [duplicate, arrival ${record.timesSeen}]` : ''
  return (
    `#${record.seq} ${time} ${record.method} ${record.path} ${record.event ?? '-'} ` +
    `${record.webhookId ?? '-'}${duplicate} → ${record.verdictLabel}: ${record.detail} ` +
    `(answered ${record.answeredStatus}${record.delayMs ? ` after ${record.delayMs} ms` : ''})`
  )
}

function banner(args: ReceiverArgs, url: string, pageUrl: string): string[] {
  return [
    `Webhook receiver listening on ${url}`,
    `  Point webhooks at: ${url}/hook (any path outside ${RECEIVER_PREFIX})`,
    `  Live page:         ${pageUrl}`,
    `  Records as JSON:   ${pageUrl}records`,
    args.secrets.length === 0
      ? '  Secrets:           none: requests are recorded "unverified: no secret configured" (add --secret whsec_...)'
      : `  Secrets:           ${args.secrets.map((secret) => `…${secretHint(secret)}`).join(', ')}; ` +
        `timestamp tolerance ${args.toleranceSeconds} s`,
    ...Object.entries(args.rules).map(
      ([key, rule]) => `  Rule:              ${describeRule(key, rule)}`
    ),
    ...(args.portGiven ? [] : [`  (--port not given: using the default ${args.port})`]),
    'Ctrl+C to stop.'
  ]
}

async function main(): Promise<void> {
  let args: ReceiverArgs
  try {
    args = parseReceiverArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`receiver: ${(error as Error).message}`)
    process.exit(2)
  }
  if (args.help) {
    console.log(RECEIVER_USAGE)
    return
  }
  if (args.hostWarning) console.warn(args.hostWarning)
  const refusedHosts = new Set<string>()
  const receiver = await startWebhookReceiver({
    port: args.port,
    host: args.host,
    allowedHosts: args.allowedHosts,
    onRefused: (problem, host) => {
      // Once per host: a sender configured with a name the receiver does not know, or a page
      // trying a rebound name, would otherwise fill the terminal.
      if (refusedHosts.has(host ?? '')) return
      refusedHosts.add(host ?? '')
      console.warn(
        `receiver: refused a request for Host ${host ?? '(none)'} (${problem}); if senders use ` +
          'that name, start the receiver with --allow-host NAME'
      )
    },
    secrets: args.secrets,
    toleranceSeconds: args.toleranceSeconds,
    rules: args.rules,
    maxRecords: args.maxRecords
  })
  for (const line of banner(args, receiver.url, receiver.pageUrl)) console.log(line)
  receiver.onRecord((record) => console.log(logLine(record)))

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping the receiver`)
    receiver.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(`receiver: failed to start: ${(error as Error).message}`)
  process.exit(1)
})
