import { expect, it } from 'vitest'
import type { ImportProgressDto } from '@shared/imports'
import { startHarness, tempDir } from '../support/core-harness'
import { csvText, finished, stage } from '../support/imports'

const mapping = { externalId: 'externalId', name: 'name', sku: 'sku' }

function manyRows(count: number): string {
  const rows = [['externalId', 'name', 'sku']]
  for (let i = 1; i <= count; i++) rows.push([`P-${i}`, `Product ${i}`, `S-${i}`])
  return csvText(rows)
}

async function productCount(harness: Awaited<ReturnType<typeof startHarness>>): Promise<number> {
  return Number((await harness.core.db('products').count({ n: '*' }))[0].n)
}

// Runs on SQLite here and on PostgreSQL in the postgres project.
it('pushes throttled progress; cancel stops after the current batch and says up to which row', async () => {
  const harness = await startHarness({ importBatchSize: 10, deliver: false })
  try {
    const upload = await stage(harness, 'many.csv', manyRows(2_000))
    const pushes: ImportProgressDto[] = []
    let cancelled = false
    harness.core.onPush((event) => {
      if (event.type !== 'import.progress') return
      pushes.push(event.progress)
      if (!cancelled && event.progress.rowsDone > 0) {
        cancelled = true
        void harness.call('imports.cancel', { jobId: event.progress.jobId })
      }
    })
    const started = await harness.call('imports.start', {
      uploadId: upload.uploadId,
      type: 'product',
      mapping
    })
    expect(started.state).toBe('running')
    const job = await finished(harness, started.id)
    expect(job.state).toBe('cancelled')
    const through = job.committedThroughRow!
    expect(through).toBeGreaterThanOrEqual(11)
    expect(through).toBeLessThan(2_001)
    expect((through - 1) % 10).toBe(0) // whole batches only
    expect(job.rowsDone).toBe(through - 1)
    expect(job.rowsTotal).toBeNull()
    expect(await productCount(harness)).toBe(through - 1)
    expect(job.summary).toBe(
      `Cancelled: rows up to ${through} were saved; ${through - 1} created, 0 updated, 0 unchanged, 0 refused.`
    )
    expect(pushes[0]).toMatchObject({
      jobId: started.id,
      state: 'running',
      rowsDone: 10,
      committedThroughRow: 11
    })
    expect(pushes[0].secondsLeft).toBeGreaterThanOrEqual(0)
    expect(pushes.at(-1)).toMatchObject({
      state: 'cancelled',
      rowsDone: through - 1,
      secondsLeft: null
    })
    expect(await harness.call('imports.progress', { jobId: started.id })).toMatchObject({
      state: 'cancelled',
      rowsDone: through - 1
    })
    expect((await harness.fail('imports.cancel', { jobId: started.id })).message).toContain(
      'is cancelled, not running'
    )
    expect((await harness.call('imports.list', {})).map((each) => each.id)).toEqual([started.id])
  } finally {
    await harness.close()
  }
})

it('pushes progress at most four times a second, and once at the end', async () => {
  const harness = await startHarness({ importBatchSize: 5, deliver: false })
  try {
    const upload = await stage(harness, 'many.csv', manyRows(600))
    const pushes: Array<{ at: number; progress: ImportProgressDto }> = []
    harness.core.onPush((event) => {
      if (event.type === 'import.progress')
        pushes.push({ at: performance.now(), progress: event.progress })
    })
    const started = await harness.call('imports.start', {
      uploadId: upload.uploadId,
      type: 'product',
      mapping
    })
    const job = await finished(harness, started.id)
    expect(job).toMatchObject({
      state: 'finished',
      created: 600,
      rowsTotal: 600,
      committedThroughRow: 601
    })
    const running = pushes.filter((push) => push.progress.state === 'running')
    expect(running.length).toBeGreaterThan(0)
    for (let i = 1; i < running.length; i++)
      expect(running[i].at - running[i - 1].at).toBeGreaterThanOrEqual(240)
    for (const { progress } of running) expect(progress.rowsPerSecond).toBeGreaterThan(0)
    expect(pushes.at(-1)!.progress).toMatchObject({
      state: 'finished',
      rowsDone: 600,
      secondsLeft: null
    })
  } finally {
    await harness.close()
  }
})

it('a quit mid-way keeps what was committed and the next start says where the import stopped', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, importBatchSize: 5, deliver: false })
  const upload = await stage(first, 'many.csv', manyRows(3_000))
  const started = await first.call('imports.start', {
    uploadId: upload.uploadId,
    type: 'product',
    mapping
  })
  // A job a crashed process left running (heartbeat long ago), as a kill would leave it.
  await first.core.db('import_jobs').insert({
    type: 'brand',
    file_name: 'old.csv',
    mapping: '{}',
    match_by: 'externalId',
    dry_run: false,
    state: 'running',
    rows_done: 499,
    committed_through_row: 500,
    started_at: 1,
    heartbeat_at: 1
  })
  const crashed = await first.core.db('import_jobs').where({ file_name: 'old.csv' }).first('id')
  await first.close() // stops the running job after its batch

  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    const quit = await second.call('imports.get', { jobId: started.id })
    expect(quit.state).toBe('interrupted')
    expect(quit.committedThroughRow).toBeGreaterThan(1)
    expect(await productCount(second)).toBe(quit.committedThroughRow! - 1)
    expect(quit.summary).toContain(`rows up to ${quit.committedThroughRow} were saved`)
    const left = await second.call('imports.get', { jobId: Number(crashed.id) })
    expect(left).toMatchObject({ state: 'interrupted', committedThroughRow: 500, rowsDone: 499 })
    expect(left.summary).toBe(
      'Interrupted (the app stopped): rows up to 500 were saved; 0 created, 0 updated, 0 unchanged, 0 refused. Import the rows after it again.'
    )
  } finally {
    await second.close()
  }
})
