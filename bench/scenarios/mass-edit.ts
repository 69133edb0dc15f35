import { expect } from 'vitest'
import type { MassEditJobDto } from '@shared/mass-edit'
import { sleep, withConcurrency } from '../support/numbers'
import { record } from '../support/results'
import { startBenchShell, stopBenchShell } from '../support/shell'

const RECORDS = 10_000

/**
 * A mass edit of 10,000 products through the headless shell, as the UI starts it: every record
 * that matches (no search), price set to a value none of them has, so each one changes (one
 * revision, event and save each). No webhook: the rate of the edit itself.
 */
export async function massEditScenario(): Promise<void> {
  const shell = await startBenchShell()
  try {
    await withConcurrency(Array.from({ length: RECORDS }), 8, (_item, n) =>
      shell.call('entities.create', {
        type: 'product',
        data: { name: `Mass ${n}`, sku: `MASS-${n}`, price: 10 }
      })
    )
    const started = performance.now()
    let job: MassEditJobDto = await shell.call('massEdit.start', {
      type: 'product',
      selection: { all: true },
      change: { field: 'price', op: 'set', value: 12.5 }
    })
    while (job.state === 'running') {
      await sleep(50)
      job = await shell.call('massEdit.get', { jobId: job.jobId })
    }
    const seconds = (performance.now() - started) / 1000
    expect(job).toMatchObject({ state: 'finished', total: RECORDS, changed: RECORDS, refused: 0 })
    record('mass_edit_records_per_s', RECORDS / seconds)
  } finally {
    await stopBenchShell(shell)
  }
}
