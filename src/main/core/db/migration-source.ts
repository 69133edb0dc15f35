import type { Knex } from 'knex'
import * as createSchema from './migrations/202611291415_create_schema'
import * as addDeliveryControls from './migrations/202611291500_add_delivery_controls'
import * as addHealthAndMessageIndexes from './migrations/202611301300_add_health_and_message_indexes'
import * as addSecretHint from './migrations/202611301400_add_secret_hint'
import * as addDeliveryEvents from './migrations/202612011000_add_delivery_events'
import * as addClaimIndex from './migrations/202612011100_add_claim_index'
import * as addDeliveryRollups from './migrations/202612011200_add_delivery_rollups'
import * as addLeaseOwner from './migrations/202612011300_add_lease_owner'
import * as addWebhookFilters from './migrations/202612011400_add_webhook_filters'
import * as addLogSearchIndex from './migrations/202612011500_add_log_search_index'
import * as addLogBodySearch from './migrations/202612021200_add_log_body_search'
import * as spreadRollupsOnPostgres from './migrations/202612021300_spread_rollups_on_postgres'
import * as addLogWebhookFacts from './migrations/202612041700_add_log_webhook_facts'
import * as addEventFanOut from './migrations/202612050800_add_event_fan_out'
import * as lighterHotIndexes from './migrations/202612050900_lighter_hot_indexes'
import * as addFlowControls from './migrations/202612060900_add_flow_controls'
import * as addWebhookHeaders from './migrations/202612061000_add_webhook_headers'
import * as addAlerts from './migrations/202612061100_add_alerts'
import * as addImportJobs from './migrations/202612070900_add_import_jobs'
import * as addBackfills from './migrations/202612071000_add_backfills'

/**
 * Migrations are imported, not read from a folder, so they ship inside the bundle and run the
 * same from source (tests) and from the built app. Add new ones here; never edit a landed one.
 */
const migrations: Record<string, Knex.Migration> = {
  '202611291415_create_schema': createSchema,
  '202611291500_add_delivery_controls': addDeliveryControls,
  '202611301300_add_health_and_message_indexes': addHealthAndMessageIndexes,
  '202611301400_add_secret_hint': addSecretHint,
  '202612011000_add_delivery_events': addDeliveryEvents,
  '202612011100_add_claim_index': addClaimIndex,
  '202612011200_add_delivery_rollups': addDeliveryRollups,
  '202612011300_add_lease_owner': addLeaseOwner,
  '202612011400_add_webhook_filters': addWebhookFilters,
  '202612011500_add_log_search_index': addLogSearchIndex,
  '202612021200_add_log_body_search': addLogBodySearch,
  '202612021300_spread_rollups_on_postgres': spreadRollupsOnPostgres,
  '202612041700_add_log_webhook_facts': addLogWebhookFacts,
  '202612050800_add_event_fan_out': addEventFanOut,
  '202612050900_lighter_hot_indexes': lighterHotIndexes,
  '202612060900_add_flow_controls': addFlowControls,
  '202612061000_add_webhook_headers': addWebhookHeaders,
  '202612061100_add_alerts': addAlerts,
  '202612070900_add_import_jobs': addImportJobs,
  '202612071000_add_backfills': addBackfills
}

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]
}
