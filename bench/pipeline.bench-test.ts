import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, it } from 'vitest'
import { backfillScenario } from './scenarios/backfill'
import { bulkSaveScenario } from './scenarios/bulk-save'
import { eventLatencyScenario } from './scenarios/event-latency'
import { flowControlsScenario } from './scenarios/flow-controls'
import { importMemoryScenario, importScenario } from './scenarios/imports'
import { logExportScenario } from './scenarios/log-export'
import { massEditScenario } from './scenarios/mass-edit'
import { logVolumeScenario } from './scenarios/log-volume'
import { logSearchWritesScenario } from './scenarios/log-search-writes'
import { memoryScenario } from './scenarios/memory'
import { saveLatencyScenario } from './scenarios/save-latency'
import { pgWorkersScenario } from './scenarios/pg-workers'
import { throughputScenario } from './scenarios/throughput'
import { resultsFile, resultTable, writeResultsTo } from './support/results'

// One scenario per test, run one after the other (vitest.bench.config.ts); each records its
// numbers into bench-results.json as they come; the table is printed at the end.
const file = resultsFile(join(dirname(fileURLToPath(import.meta.url)), '..'))
writeResultsTo(file)

it('throughput: pipeline vs bare got and node:http', throughputScenario, 600_000)
it('save latency: no webhook vs 50 webhooks delivering', saveLatencyScenario, 300_000)
it('bulk saves: 2,000 creates with no webhook vs 10 delivering', bulkSaveScenario, 300_000)
it('event-to-delivery latency at low load vs a bare POST', eventLatencyScenario, 300_000)
it(
  'flow controls at full throughput: ordered, rate-limited vs plain',
  flowControlsScenario,
  600_000
)
it('a 1,000,000-row log: pages, stats, the log viewer', logVolumeScenario, 900_000)
it('log search index: what it costs the log writers', logSearchWritesScenario, 600_000)
it('exporting 1,000,000 log rows: memory stays flat', logExportScenario, 900_000)
it('resident memory over 100,000 deliveries', memoryScenario, 1_200_000)
it('import of 20,000 products: no webhook vs 10 delivering', importScenario, 1_200_000)
it('resident memory over a 100,000-row import', importMemoryScenario, 900_000)
it('mass edit of 10,000 products', massEditScenario, 900_000)
it('backfill of 20,000 products: drain rate, live latency meanwhile', backfillScenario, 900_000)
it('team mode on PostgreSQL: 1 vs 3 worker processes', pgWorkersScenario, 900_000)

afterAll(() => {
  console.log(`\n${resultTable()}\n\nwritten to ${file}`)
})
