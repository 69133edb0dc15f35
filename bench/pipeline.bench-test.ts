import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, it } from 'vitest'
import { eventLatencyScenario } from './scenarios/event-latency'
import { logVolumeScenario } from './scenarios/log-volume'
import { memoryScenario } from './scenarios/memory'
import { saveLatencyScenario } from './scenarios/save-latency'
import { throughputScenario } from './scenarios/throughput'
import { resultTable, writeResults } from './support/results'

// One scenario per test, run one after the other (vitest.bench.config.ts); each records its
// numbers, and the table and bench-results.json are written at the end even if one failed.
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

it('throughput: pipeline vs bare got and node:http', throughputScenario, 600_000)
it('save latency: no webhook vs 50 webhooks delivering', saveLatencyScenario, 300_000)
it('event-to-delivery latency at low load vs a bare POST', eventLatencyScenario, 300_000)
it('a 1,000,000-row log: pages, stats, the log viewer', logVolumeScenario, 900_000)
it('resident memory over 100,000 deliveries', memoryScenario, 1_200_000)

afterAll(() => {
  const file = writeResults(root)
  console.log(`\n${resultTable()}\n\nwritten to ${file}`)
})
