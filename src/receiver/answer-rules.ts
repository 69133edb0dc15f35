import { z } from 'zod'

/**
 * How the receiver answers, per path or per webhook: a way to show the app's retries, Retry-After
 * handling, timeouts and auto-disable against a receiver that misbehaves on purpose.
 */
export interface AnswerRule {
  /** The status of a "failing" answer (200 when left out: the rule then only delays). */
  status?: number
  /** Wait this long before answering, every request under the rule (not only failing ones). */
  delayMs?: number
  /** Sent as `Retry-After` with the failing answer (the app honours it on 429 and 503). */
  retryAfterSeconds?: number
  /** Share of requests that get `status`, 0 to 1; the rest get 200. Left out: all of them. */
  failureRatio?: number
}

/** What one request gets. `rule` is the key that chose it, null for the default answer. */
export interface Answer {
  status: number
  delayMs: number
  retryAfterSeconds: number | null
  rule: string | null
}

export const DEFAULT_ANSWER: Answer = {
  status: 200,
  delayMs: 0,
  retryAfterSeconds: null,
  rule: null
}
/** The app gives up after 15 s by default; ten minutes is ample for any timeout experiment. */
export const MAX_DELAY_MS = 600_000

const ruleSchema = z.strictObject({
  status: z
    .int('status must be a whole number from 200 to 599')
    .min(200, 'status must be a whole number from 200 to 599')
    .max(599, 'status must be a whole number from 200 to 599')
    .optional(),
  delayMs: z
    .int(`delay must be whole milliseconds from 0 to ${MAX_DELAY_MS}`)
    .min(0, `delay must be whole milliseconds from 0 to ${MAX_DELAY_MS}`)
    .max(MAX_DELAY_MS, `delay must be whole milliseconds from 0 to ${MAX_DELAY_MS}`)
    .optional(),
  retryAfterSeconds: z
    .int('retry-after must be whole seconds, 0 or more')
    .min(0, 'retry-after must be whole seconds, 0 or more')
    .optional(),
  failureRatio: z
    .number('ratio must be a number from 0 to 1')
    .min(0, 'ratio must be a number from 0 to 1')
    .max(1, 'ratio must be a number from 0 to 1')
    .optional()
})

/**
 * A rule applies to a request path (`/flaky`, matched exactly, query string ignored), to one
 * webhook (`web_…`, the body's `webhook.external_id`, the only thing in a request that names
 * the webhook) or to everything else (`*`).
 */
export function checkRuleKey(key: string): string {
  if (key === '*' || /^\/[^\s?#]*$/.test(key) || /^web_[0-9A-Za-z._:-]+$/.test(key)) return key
  throw new Error(
    `rule target "${key}" must be a path starting with "/", a webhook id "web_…" or "*"`
  )
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue.code === 'unrecognized_keys')
    return `unknown setting(s) ${issue.keys.join(', ')}; use status, delayMs, retryAfterSeconds, failureRatio`
  return issue.message
}

/** Validates one rule given programmatically or in a rules file; throws a readable error. */
export function checkRule(key: string, rule: unknown): AnswerRule {
  checkRuleKey(key)
  const parsed = ruleSchema.safeParse(rule)
  if (!parsed.success) throw new Error(`rule for ${key}: ${firstIssue(parsed.error)}`)
  return parsed.data
}

const FLAG_SETTINGS: Record<string, keyof AnswerRule> = {
  status: 'status',
  delay: 'delayMs',
  'retry-after': 'retryAfterSeconds',
  ratio: 'failureRatio'
}

/** `--rule "/flaky=status:500,ratio:0.4,delay:2000,retry-after:30"` → [key, rule]. */
export function parseRuleFlag(text: string): [string, AnswerRule] {
  const fail = (why: string): never => {
    throw new Error(`--rule "${text}": ${why}`)
  }
  const equals = text.indexOf('=')
  if (equals <= 0) fail('write it as TARGET=SETTING:VALUE,..., e.g. "/flaky=status:500,ratio:0.4"')
  const key = text.slice(0, equals).trim()
  try {
    checkRuleKey(key)
  } catch (error) {
    fail((error as Error).message)
  }
  const rule: Record<string, number> = {}
  const settings = text.slice(equals + 1).trim()
  for (const part of settings === '' ? [] : settings.split(',')) {
    const [name, value, ...rest] = part.split(':').map((piece) => piece.trim())
    const field = FLAG_SETTINGS[name]
    if (!field) fail(`unknown setting "${name}"; use ${Object.keys(FLAG_SETTINGS).join(', ')}`)
    if (value === undefined || rest.length > 0 || !/^\d+(\.\d+)?$/.test(value))
      fail(`${name} needs a number, as in ${name}:${name === 'ratio' ? '0.5' : '500'}`)
    if (field in rule) fail(`${name} is given twice`)
    rule[field] = Number(value)
  }
  const parsed = ruleSchema.safeParse(rule)
  if (!parsed.success) fail(firstIssue(parsed.error))
  return [key, parsed.data as AnswerRule]
}

/** The contents of `--rules file.json`: `{ "/path": { "status": 503, ... }, ... }`. */
export function parseRulesFile(text: string, name: string): Record<string, AnswerRule> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`--rules ${name} is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`--rules ${name} must hold one JSON object of target → rule`)
  const rules: Record<string, AnswerRule> = {}
  for (const [key, rule] of Object.entries(json)) {
    try {
      rules[key] = checkRule(key, rule)
    } catch (error) {
      throw new Error(`--rules ${name}: ${(error as Error).message}`)
    }
  }
  return rules
}

export interface AnswerTarget {
  /** The request path without its query string. */
  path: string
  /** The body's `webhook.external_id`, when the body has one. */
  webhookExternalId: string | null
}

/**
 * The most specific rule wins: the webhook's own, then the path's, then `*`. `random` is asked
 * only when a ratio leaves the outcome open, so tests can feed it a fixed sequence.
 */
export function chooseAnswer(
  rules: ReadonlyMap<string, AnswerRule>,
  target: AnswerTarget,
  random: () => number
): Answer {
  const key = [target.webhookExternalId, target.path, '*'].find(
    (candidate): candidate is string => candidate !== null && rules.has(candidate)
  )
  if (key === undefined) return DEFAULT_ANSWER
  const rule = rules.get(key)!
  const ratio = rule.failureRatio ?? 1
  const fails = ratio >= 1 || (ratio > 0 && random() < ratio)
  return {
    status: fails ? (rule.status ?? 200) : 200,
    delayMs: rule.delayMs ?? 0,
    retryAfterSeconds: fails ? (rule.retryAfterSeconds ?? null) : null,
    rule: key
  }
}
