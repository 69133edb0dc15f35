import axe from 'axe-core'
import type { Page } from 'playwright-core'

/** One axe rule that failed, with the elements it failed on (CSS selectors). */
export interface AxeViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/** The impacts this project treats as failures; "moderate" and "minor" are reported only. */
export const BLOCKING_IMPACTS = ['critical', 'serious']

/**
 * Runs axe-core on the whole page as it is now and returns its violations. The source is
 * evaluated through the DevTools protocol, which the page's strict CSP does not apply to, so the
 * app is audited under its real policy rather than with CSP bypassed.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(axe.source)
  // A string, not a function: the test transpiler may wrap functions in helpers the page lacks.
  return page.evaluate(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((result) =>
      result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact || 'unknown',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' '))
      }))
    )`) as Promise<AxeViolation[]>
}

export function blocking(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact))
}

/** "rule (impact) ×N: help — first targets", one line per violation, for failure messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}) ×${violation.targets.length}: ${violation.help} — ${violation.targets.slice(0, 3).join(', ')}`
    )
    .join('\n')
}
