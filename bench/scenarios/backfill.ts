import { expect } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import type { ShellProcess } from '../../test/support/shell-process'
import { rawGot } from '../support/bare-loops'
import { percentile, sleep, withConcurrency } from '../support/numbers'
import { startReceiverProcess } from '../support/receiver-process'
import { record } from '../support/results'
import { startBenchShell, stopBenchShell } from '../support/shell'
import { timingReceiver } from '../support/timing-receiver'

const RECORDS = 20_000
const LIVE_SAVES = 200
const PAUSE_MS = 15
const WARM_UP = 20

async function backfillFinished(shell: ShellProcess, id: number): Promise<BackfillDto> {
  for (;;) {
    const backfill = await shell.call('backfills.get', { id })
    if (backfill.state !== 'running') return backfill
    await sleep(50)
  }
}

/**
 * Live saves one at a time, a pause between: from the save returning to the timing receiver
 * having its delivery (the event-latency scenario's measure). Answers the samples after a warm-up.
 */
async function liveLatencies(
  shell: ShellProcess,
  receiver: Awaited<ReturnType<typeof timingReceiver>>,
  productId: number,
  count: number
): Promise<number[]> {
  const samples: number[] = []
  const offset = receiver.arrivals.length
  for (let n = 0; n < count; n++) {
    await shell.call('entities.update', {
      type: 'product',
      id: productId,
      data: { price: 100 + offset + n }
    })
    const returned = performance.now()
    const arrived = await receiver.arrival(offset + n)
    samples.push(Math.max(0, arrived - returned))
    await sleep(PAUSE_MS)
  }
  return samples
}

/**
 * "Send current state…" of 20,000 products to one webhook, through the headless shell, to a
 * receiver in its own process: drained rate against a bare got loop sending exactly the bodies
 * the receiver got. Then a second backfill while live saves go to another webhook, whose
 * event-to-delivery p99 is compared with the same saves before any backfill.
 */
export async function backfillScenario(): Promise<void> {
  const receiver = await startReceiverProcess()
  const live = await timingReceiver()
  const shell = await startBenchShell()
  try {
    const appId = (await shell.call('apps.list', {}))[0].id
    await withConcurrency(Array.from({ length: RECORDS }), 8, (_item, n) =>
      shell.call('entities.create', {
        type: 'product',
        data: { name: `Backfill ${n}`, sku: `BKF-${n}`, price: 10 }
      })
    )
    const target = await shell.call('webhooks.create', {
      appId,
      name: 'New ERP',
      url: receiver.url,
      events: ['product.updated']
    })
    await receiver.reset(true)
    const started = performance.now()
    const first = await shell.call('backfills.start', { webhookId: target.id, types: ['product'] })
    await receiver.waitFor(RECORDS)
    const done = await backfillFinished(shell, first.id)
    const drained = RECORDS / ((performance.now() - started) / 1000)
    expect(done).toMatchObject({ state: 'finished', total: RECORDS, delivered: RECORDS })
    const sent = await receiver.recorded()
    expect(sent).toHaveLength(RECORDS)
    expect(JSON.parse(sent[0].body).backfill.id).toBe(first.externalId)
    await receiver.reset()
    const { rate: gotRate } = await rawGot(receiver.url, sent)
    record('backfill_per_s', drained)
    record('backfill_raw_got_per_s', gotRate)
    record('backfill_ratio', drained / gotRate)

    // Live changes go to a second webhook (and to the backfilled one, as any change does).
    await shell.call('webhooks.create', {
      appId,
      name: 'Live',
      url: live.url,
      events: ['product.updated']
    })
    const product = (await shell.call('entities.list', { type: 'product', limit: 1 })).items[0]
    const idle = (await liveLatencies(shell, live, product.id, WARM_UP + LIVE_SAVES)).slice(WARM_UP)
    await receiver.reset()
    const second = await shell.call('backfills.start', { webhookId: target.id, types: ['product'] })
    // Live saves start once the backfill has filled its window.
    while ((await receiver.count()) < 100) await sleep(10)
    const during = await liveLatencies(shell, live, product.id, LIVE_SAVES)
    const meanwhile = await shell.call('backfills.get', { id: second.id })
    // The backfill was still going when the last live save was measured.
    expect(meanwhile.state).toBe('running')
    console.log(
      `backfill scenario: ${meanwhile.delivered} of ${RECORDS} backfilled during the live saves`
    )
    await backfillFinished(shell, second.id)
    record('backfill_live_p99_idle_ms', percentile(idle, 0.99))
    record('backfill_live_p99_during_ms', percentile(during, 0.99))
    record('backfill_live_p99_ratio', percentile(during, 0.99) / percentile(idle, 0.99))
  } finally {
    await stopBenchShell(shell)
    await receiver.close()
    await live.close()
  }
}
