import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Every key `npm run bench` reports, in table order, with what it means. */
export const RESULT_KEYS = {
  throughput_pipeline_per_s: 'deliveries/s, save -> outbox -> claim -> sign -> POST -> log row',
  throughput_raw_got_per_s: 'same bodies, bare got loop, same concurrency and keep-alive',
  throughput_ratio: 'pipeline / raw got (target >= 0.6)',
  throughput_raw_http_per_s: 'same bodies, bare node:http loop (context)',
  throughput_pipeline_cpu_ms_per_delivery:
    'CPU ms of the shell process (all threads) per delivery, saves included',
  throughput_raw_got_cpu_ms_per_request: 'CPU ms of the bare got loop per request',
  cpu_per_delivery_ratio: 'shell CPU per delivery / bare got CPU per request (target <= 2.0)',
  save_p50_ms_0_hooks: 'product update through the API, no matching webhook',
  save_p50_ms_50_hooks: 'product update, 50 matching webhooks, deliveries flowing',
  save_overhead_ratio: '50 hooks / 0 hooks (target <= 1.5)',
  bulk_save_ms_0_hooks: '2,000 product creates through the API (4 at a time), no webhook',
  bulk_save_ms_10_hooks: 'the same with 10 matching webhooks delivering meanwhile',
  bulk_save_ratio: '10 hooks / 0 hooks, wall time of the creates (target <= 1.5)',
  latency_event_to_delivery_p50_ms: 'save returned -> receiver saw the request, low load',
  latency_event_to_delivery_p99_ms: 'same, p99',
  latency_raw_post_p99_ms: 'bare got POST started -> receiver saw it, p99',
  latency_ratio_p99: 'event-to-delivery p99 / raw POST p99 (target <= 3)',
  logs_rows: 'rows in the log of the measured app',
  logs_first_page_ms: 'logs.list first page of 50, p50 (no filter)',
  logs_deep_page_ms: 'logs.list last page of 50 by keyset cursor, p50 (no filter)',
  logs_depth_ratio: 'worst deep / first page ratio over no filter, status, webhook (target <= 2)',
  logs_offset_deep_page_ms: 'the same last page with LIMIT/OFFSET in plain SQL (contrast)',
  logs_search_message_id_ms: 'logs.list by webhook-id (message_id index), p50',
  logs_search_record_external_id_ms:
    "logs.list by a record's external id found once in the middle of the log (FTS5), p50",
  logs_search_record_id_ms: "logs.list by a record's numeric id found once (FTS5), p50",
  logs_search_text_ms: 'logs.list by body text found once in the middle of the log (FTS5), p50',
  logs_search_text_common_ms: 'logs.list by body text every row has, first page, p50',
  logs_search_text_status_ms: 'the common text and failures only (every 10th row), p50',
  logs_search_text_range_ms: 'the common text in a 1 h range in the middle of the log, p50',
  logs_search_range_ms: 'logs.list failures in a 1 h range in the middle of the log, p50',
  logs_search_text_short_ms: '2-character text found nowhere: no trigram, the whole log read, p50',
  logs_search_messages_record_ms: 'logs.messages by a record found once, p50',
  logs_search_messages_text_ms: 'logs.messages by the common text, first page of 50, p50',
  logs_search_messages_range_ms: 'logs.messages by the common text in the 1 h range, p50',
  logs_search_index_build_s: 'the search migration: FTS5 index of both bodies of 1,000,000 rows',
  logs_search_index_mb: 'what that index adds to the database file',
  logs_database_mb: 'the database file with the million attempts, their outbox rows and index',
  logs_insert_cpu_us_per_row_without_index:
    'CPU us per log row, 20,000 realistic rows in transactions of 50, no search index',
  logs_insert_cpu_us_per_row_with_index: 'the same with the FTS5 index and its triggers',
  logs_insert_wall_us_per_row_without_index: 'wall us per log row of the same inserts, no index',
  logs_insert_wall_us_per_row_with_index: 'the same with the index',
  logs_delete_cpu_us_per_row_without_index:
    "CPU us per log row deleted in the pruner's batches of 500, no index",
  logs_delete_cpu_us_per_row_with_index: 'the same with the index',
  logs_search_index_bytes_per_row: 'database bytes the index adds per realistic log row',
  logs_log_bytes_per_row: 'database bytes per realistic log row without the index',
  stats_24h_ms: 'stats.deliveries for 24 h, the dashboard numbers, p50 (target < 20)',
  rss_growth_mb_100k: 'resident memory growth after 100,000 deliveries, after GC (target < 30)',
  ui_logs_render_ms: "Chromium: open an app's log viewer -> first rows visible, p50 (target < 500)",
  pg_throughput_1_worker_per_s:
    'PostgreSQL team mode: deliveries/s, API instance + 1 npm run worker process',
  pg_throughput_3_workers_per_s: 'the same with 3 worker processes (all on this machine)',
  pg_workers_ratio: '3 workers / 1 worker',
  flow_plain_per_s: 'deliveries/s, 1,000 updates x 10 webhooks, no flow controls',
  flow_ordered_per_s: 'the same with every webhook ordered per record',
  flow_ordered_ratio: 'ordered / plain (the cost of the order check)',
  flow_rate_limited_per_s: 'the same with every webhook limited to 1,000/s (above its pace)',
  flow_rate_limited_ratio: 'rate-limited / plain (the cost of spacing claims)',
  export_rows: 'log rows of one app exported as CSV through GET /api/export',
  export_rows_per_s: 'export rows/s, the client reading as fast as it can',
  export_rss_growth_mb:
    'shell RSS, peak during the export minus before, 1,000,000 rows read by a slow client',
  export_rss_growth_mb_10k: 'the same for 10,000 rows at the same slow pace (baseline)',
  export_rss_ratio_1m_vs_10k: '1,000,000 / 10,000 rows growth (10k is still warming the heap)',
  export_rss_growth_mb_100k: 'the same for 100,000 rows at the same slow pace',
  export_rss_ratio_1m_vs_100k: '1,000,000 / 100,000 rows growth: ~1 when memory stays flat',
  export_fast_rss_growth_mb: 'shell RSS growth of the full-speed 1,000,000-row export',
  export_slow_rows_per_s: 'rows/s of the slow client (a third of the full-speed bytes/s)',
  import_rows_per_s: 'CSV import of 20,000 new products through the upload route, no webhook',
  import_ms_0_hooks: 'wall time of that import: upload to the job finished',
  import_ms_10_hooks: 'the same import with 10 matching webhooks delivering meanwhile',
  import_ratio_10_hooks: '10 hooks / 0 hooks, wall time of the import (target <= 1.5)',
  import_rss_growth_mb_100k:
    'resident memory growth over a 100,000-row CSV import, after GC (target < 50)',
  mass_edit_records_per_s: 'mass edit of 10,000 products (set a field, all that match), records/s',
  backfill_per_s: 'a 20,000-product backfill to one webhook, drained: deliveries/s',
  backfill_raw_got_per_s: 'the same bodies and headers, bare got loop, same concurrency',
  backfill_ratio: 'backfill / raw got (target >= 0.5)',
  backfill_live_p99_idle_ms: 'live save -> delivery to another webhook, p99, no backfill',
  backfill_live_p99_during_ms: 'the same during a 20,000-product backfill',
  backfill_live_p99_ratio: 'during / idle (target <= 3)'
} as const

export type ResultKey = keyof typeof RESULT_KEYS

/** Numbers of this run: the scenarios fill it, the runner prints and writes it. */
export const results: Record<string, number> = {}

/** Where `record` keeps the numbers as they come, so a run cut short still leaves its file. */
let outputFile: string | null = null

export function writeResultsTo(file: string): void {
  outputFile = file
}

export function record(key: ResultKey | string, value: number): void {
  results[key] = Math.round(value * 1000) / 1000
  if (outputFile) writeFileSync(outputFile, `${JSON.stringify(results, null, 2)}\n`)
}

export function resultTable(): string {
  const known = Object.keys(RESULT_KEYS)
  const keys = [...known, ...Object.keys(results).filter((key) => !known.includes(key))]
  const width = Math.max(...keys.map((key) => key.length))
  return keys
    .map((key) => {
      const value = key in results ? String(results[key]) : '(not measured)'
      const meaning = RESULT_KEYS[key as ResultKey] ?? ''
      return `${key.padEnd(width)}  ${value.padStart(14)}  ${meaning}`
    })
    .join('\n')
}

export function resultsFile(root: string): string {
  return join(root, 'bench-results.json')
}
