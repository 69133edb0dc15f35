import { alertKinds, type AlertKind } from '@shared/alerts'

/**
 * When an alert is raised, recovered and told to anyone. Pure: the monitor hands it a webhook's
 * facts, the stored state of each alert and the app's settings, and writes what it answers.
 */

/** What the monitor knows of one webhook now. */
export interface WebhookAlertFacts {
  active: boolean
  /** Its health verdict is Failing. */
  failing: boolean
  /** Switched off automatically (410 Gone, or the auto-disable limits): the stored reason. */
  disabledReason: string | null
  /** When the oldest delivery waiting on the operator's hold was queued (ms); null: none waits. */
  oldestHeldAt: number | null
}

export interface AlertThresholds {
  heldThresholdMs: number
  quietPeriodMs: number
}

/** An alert's stored state; `raisedAt` null: never raised (a row made ready for a first claim). */
export interface StoredAlertState {
  state: 'raised' | 'recovered'
  raisedAt: number | null
  lastNotifiedAt: number | null
  version: number
}

export type AlertDecision =
  | { action: 'none' }
  /** Store it raised; `notify` false inside the quiet period after the last notice. */
  | { action: 'raise'; notify: boolean }
  /** It stays raised and the quiet period that kept it silent is over: tell now. */
  | { action: 'notify' }
  /** Store it recovered; a recovery is told once, and only about a raise that was told. */
  | { action: 'recover'; notify: boolean }

/**
 * Whether each kind's condition holds, or null when the facts say nothing about it: a webhook
 * that is switched off has no deliveries to judge, so a Failing alert neither rises nor recovers
 * then (being disabled is its own alert; turning it off is the operator's choice).
 */
export function conditionsOf(
  facts: WebhookAlertFacts,
  thresholds: AlertThresholds,
  now: number
): Record<AlertKind, boolean | null> {
  return {
    failing: facts.active ? facts.failing : null,
    disabled: facts.disabledReason !== null,
    held: facts.oldestHeldAt !== null && now - facts.oldestHeldAt >= thresholds.heldThresholdMs
  }
}

function quietOver(stored: StoredAlertState | null, quietPeriodMs: number, now: number): boolean {
  const last = stored?.lastNotifiedAt ?? null
  return last === null || now - last >= quietPeriodMs
}

/** A raise has been told once a notice went out at or after it. */
function raiseTold(stored: StoredAlertState): boolean {
  return (
    stored.raisedAt !== null &&
    stored.lastNotifiedAt !== null &&
    stored.lastNotifiedAt >= stored.raisedAt
  )
}

export function decideAlert(
  condition: boolean | null,
  stored: StoredAlertState | null,
  quietPeriodMs: number,
  now: number
): AlertDecision {
  if (condition === null) return { action: 'none' }
  const raised = stored?.state === 'raised'
  if (condition && !raised)
    return { action: 'raise', notify: quietOver(stored, quietPeriodMs, now) }
  if (condition && stored && !raiseTold(stored) && quietOver(stored, quietPeriodMs, now))
    return { action: 'notify' }
  if (!condition && stored && raised) return { action: 'recover', notify: raiseTold(stored) }
  return { action: 'none' }
}

/** Every kind's decision for one webhook. */
export function decideAlerts(
  facts: WebhookAlertFacts,
  stored: ReadonlyMap<AlertKind, StoredAlertState>,
  thresholds: AlertThresholds,
  now: number
): Array<{ kind: AlertKind; decision: AlertDecision }> {
  const conditions = conditionsOf(facts, thresholds, now)
  return alertKinds.map((kind) => ({
    kind,
    decision: decideAlert(conditions[kind], stored.get(kind) ?? null, thresholds.quietPeriodMs, now)
  }))
}
