import { describe, expect, it } from 'vitest'
import { logFilterChips, withoutFilters } from '../../src/renderer/src/log-filter-chips'
import type { LogViewQuery } from '../../src/renderer/src/log-query'

const names = (id: number) => (id === 3 ? 'Billing' : undefined)

describe('the chips of the log’s active filters', () => {
  it('names every filter of the attempt view in the filter bar’s order, each clearing itself', () => {
    const query: LogViewQuery = {
      view: 'attempts',
      status: '5xx',
      event: 'order.created',
      webhookId: 3,
      search: 'SO-1',
      searchIn: 'record',
      from: '2026-12-04T14:00:00.000Z',
      to: '2026-12-05T00:00:00.000Z'
    }
    const chips = logFilterChips(query, names)
    expect(chips.map((chip) => `${chip.name}: ${chip.value}`)).toEqual([
      'Status: 5xx server errors',
      'Event: order.created',
      'Webhook: Billing',
      'Record id: “SO-1”',
      expect.stringMatching(/^From: 4 Dec 2026, \d\d:00:00 UTC/),
      expect.stringMatching(/^To: 5 Dec 2026, \d\d:00:00 UTC/)
    ])
    const withoutSearch = { ...query, ...chips[3].clear }
    expect(withoutSearch).toMatchObject({ search: undefined, searchIn: undefined, status: '5xx' })
    expect(withoutFilters(query)).toEqual({ view: 'attempts' })
  })

  it('shows the state in the message view, a deleted webhook by id, and nothing unfiltered', () => {
    expect(logFilterChips({ view: 'attempts' }, names)).toEqual([])
    // The attempt view's status does not apply by message (and is not shown there).
    const chips = logFilterChips(
      { view: 'messages', status: 'failure', state: 'failed', webhookId: 9 },
      names
    )
    expect(chips.map((chip) => [chip.key, chip.value])).toEqual([
      ['state', 'Failed (retries exhausted)'],
      ['webhook', '#9']
    ])
  })
})
