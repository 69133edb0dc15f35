import type { Knex } from 'knex'
import { TEST_MESSAGE_PREFIX } from './log.repository'

/**
 * Telling test sends (`webhooks.test`, message ids `msgtest_…`) from real deliveries in SQL, for
 * every reader that counts only one of them: health, a webhook's history, the dashboard.
 */
const TEST_ID_START = `${TEST_MESSAGE_PREFIX}_`
const PREFIX_SQL = 'substr(message_id, 1, ?)'
/** The first string after every one that starts with the prefix ("msgtest" → "msgtesu"). */
const AFTER_TEST_PREFIX =
  TEST_MESSAGE_PREFIX.slice(0, -1) +
  String.fromCharCode(TEST_MESSAGE_PREFIX.charCodeAt(TEST_MESSAGE_PREFIX.length - 1) + 1)

/** Keeps real deliveries only. */
export function withoutTestSends<Q extends Knex.QueryBuilder>(query: Q): Q {
  return query.andWhereRaw(`${PREFIX_SQL} <> ?`, [TEST_ID_START.length, TEST_ID_START]) as Q
}

/**
 * Keeps real attempts only: no test sends, and no entries of deliveries the operator discarded
 * while their webhook was on hold (nothing was sent, so they say nothing of the receiver's health).
 */
export function realAttempts<Q extends Knex.QueryBuilder>(query: Q): Q {
  return withoutTestSends(query).andWhereRaw(
    "(error_class IS NULL OR error_class <> 'discarded')"
  ) as Q
}

/**
 * Keeps test sends only. The range walks a `message_id` index whatever the database's collation
 * does with '_' (letters sort the same in all of them); the exact prefix test then keeps only
 * test sends.
 */
export function onlyTestSends<Q extends Knex.QueryBuilder>(query: Q): Q {
  return query
    .andWhere('message_id', '>=', TEST_MESSAGE_PREFIX)
    .andWhere('message_id', '<', AFTER_TEST_PREFIX)
    .andWhereRaw(`${PREFIX_SQL} = ?`, [TEST_ID_START.length, TEST_ID_START]) as Q
}
