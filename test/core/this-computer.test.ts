import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PushEvent } from '@shared/dto'
import type { UpgradeProgress } from '@shared/desktop-ipc'
import { defaultPreferences } from '@shared/preferences'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { eventually, onPostgres, quietPeriod, startHarness, tempDir } from '../support/core-harness'
import { hook, receiverWith, setup } from '../support/semantics-rig'

/** This computer's preferences, the pause of all its delivery, and what an upgrade reports. */
describe('preferences of this computer', () => {
  it('start at the defaults, merge notification fields, push each change and survive a restart', async () => {
    const dataDir = tempDir()
    const { harness } = await setup({ dataDir, shell: 'desktop' })
    expect(await harness.call('preferences.get')).toEqual({
      preferences: defaultPreferences,
      shell: 'desktop'
    })
    const pushed: PushEvent[] = []
    harness.core.onPush((event) => pushed.push(event))
    await harness.call('preferences.update', {
      startAtLogin: true,
      notifications: { quietHours: { from: '22:00', to: '07:00' } }
    })
    const updated = await harness.call('preferences.update', {
      notifications: { mutedAppIds: [2] }
    })
    const expected = {
      ...defaultPreferences,
      startAtLogin: true,
      notifications: { enabled: true, quietHours: { from: '22:00', to: '07:00' }, mutedAppIds: [2] }
    }
    expect(updated.preferences).toEqual(expected)
    expect(pushed.filter((event) => event.type === 'preferences.changed')).toEqual([
      {
        type: 'preferences.changed',
        preferences: { ...expected, notifications: { ...expected.notifications, mutedAppIds: [] } }
      },
      { type: 'preferences.changed', preferences: expected }
    ])
    await harness.close()
    // Kept in the data folder, not in the database (a team database is shared; these are not).
    const file = JSON.parse(readFileSync(join(dataDir, 'preferences.json'), 'utf8'))
    expect(file.preferences).toEqual(expected)
    const again = await startHarness({ dataDir })
    try {
      expect(await again.call('preferences.get')).toEqual({
        preferences: expected,
        shell: 'browser'
      })
    } finally {
      await again.close()
    }
  })

  it('refuses bad values with the field named and changes nothing', async () => {
    const { harness } = await setup()
    for (const [input, field] of [
      [{ notifications: { quietHours: { from: '25:00', to: '07:00' } } }, 'quietHours'],
      [{ notifications: { quietHours: { from: '08:00', to: '08:00' } } }, 'quietHours'],
      [{ notifications: { mutedAppIds: [-1] } }, 'mutedAppIds'],
      [{ startAtLogin: 'yes' }, 'startAtLogin'],
      [{ colour: 'blue' }, 'colour']
    ] as const) {
      const refused = await harness.fail('preferences.update', input)
      expect(refused.code, JSON.stringify(input)).toBe('invalid_argument')
      expect(refused.message).toContain(field)
    }
    expect((await harness.call('preferences.get')).preferences).toEqual(defaultPreferences)
  })

  it('keep the usable fields of a spoiled file and take the defaults for the rest', async () => {
    const dataDir = tempDir()
    writeFileSync(
      join(dataDir, 'preferences.json'),
      JSON.stringify({
        preferences: {
          keepDeliveringInBackground: false,
          startAtLogin: 'sometimes',
          notifications: { enabled: false, quietHours: { from: 'noon', to: '1' } }
        },
        deliveryPaused: 'maybe'
      })
    )
    const { harness } = await setup({ dataDir })
    expect((await harness.call('preferences.get')).preferences).toEqual({
      ...defaultPreferences,
      keepDeliveringInBackground: false,
      notifications: { ...defaultPreferences.notifications, enabled: false }
    })
    expect((await harness.call('delivery.status')).paused).toBe(false)
    await harness.close()

    writeFileSync(join(dataDir, 'preferences.json'), '{ not json')
    const again = await startHarness({ dataDir })
    try {
      expect((await again.call('preferences.get')).preferences).toEqual(defaultPreferences)
    } finally {
      await again.close()
    }
  })
})

describe('pausing all delivery from this computer', () => {
  it('queues saves while paused, says how many wait and when, outlives a restart, and sends them on resume', async () => {
    const dataDir = tempDir()
    const { harness, byKey } = await setup({ dataDir })
    const receiver = await receiverWith()
    await hook(harness, receiver, byKey('products').id, ['brand.created'])
    const pushed: PushEvent[] = []
    harness.core.onPush((event) => pushed.push(event))
    expect(await harness.call('delivery.status')).toEqual({
      paused: false,
      pending: 0,
      nextDueAt: null,
      failingWebhooks: 0,
      heldWebhooks: 0,
      state: 'healthy'
    })
    const paused = await harness.call('delivery.setPaused', { paused: true })
    expect(paused).toMatchObject({ paused: true, state: 'paused' })
    expect(pushed).toContainEqual({ type: 'delivery.changed', status: paused })
    const before = Date.now()
    for (let n = 0; n < 3; n++)
      await harness.call('entities.create', { type: 'brand', data: { name: `Paused ${n}` } })
    await quietPeriod()
    expect(receiver.requests).toHaveLength(0)
    const waiting = await eventually(async () => {
      const status = await harness.call('delivery.status')
      return status.pending === 3 && status
    })
    expect(Date.parse(waiting.nextDueAt!)).toBeGreaterThanOrEqual(before - 1_000)
    await harness.close()

    // The pause is the operator's choice, not this run's: a restart keeps it.
    const again = await startHarness({ dataDir, database: harness.database })
    try {
      await quietPeriod()
      expect(receiver.requests).toHaveLength(0)
      expect(await again.call('delivery.status')).toMatchObject({ paused: true, pending: 3 })
      await again.call('delivery.setPaused', { paused: false })
      const requests = await receiver.waitFor(3)
      expect(requests.every((request) => request.standardSignatureValid)).toBe(true)
      const drained = await eventually(async () => {
        const status = await again.call('delivery.status')
        return status.pending === 0 && status
      })
      expect(drained).toMatchObject({ paused: false, nextDueAt: null, state: 'healthy' })
    } finally {
      await again.close()
    }
  })

  it('names held and failing webhooks in the state, worst first', async () => {
    const { harness, byKey } = await setup()
    const receiver = await receiverWith()
    const held = await hook(harness, receiver, byKey('products').id, ['brand.created'])
    await harness.call('webhooks.hold', { id: held.id })
    expect(await harness.call('delivery.status')).toMatchObject({ heldWebhooks: 1, state: 'held' })
    expect(await harness.call('delivery.setPaused', { paused: true })).toMatchObject({
      heldWebhooks: 1,
      state: 'paused'
    })
    const refused = await harness.fail('delivery.setPaused', { paused: 'no' })
    expect(refused).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('paused')
    })
  })
})

describe('updates outside the desktop', () => {
  it('are unsupported, and there is nothing to restart into', async () => {
    const { harness } = await setup()
    const status = await harness.call('updates.check')
    expect(status).toMatchObject({ state: 'unsupported', availableVersion: null, error: null })
    expect(status.currentVersion).toMatch(/^\d+\.\d+\.\d+/)
    const refused = await harness.fail('updates.restartNow')
    expect(refused.code).toBe('conflict')
  })
})

describe('upgrading the data', () => {
  it('reports each pending migration of an existing database, and nothing for a new one', async () => {
    const dataDir = tempDir()
    const fresh: UpgradeProgress[] = []
    const first = await startHarness({ dataDir, deliver: false, onUpgrade: (p) => fresh.push(p) })
    const database = first.database ?? join(dataDir, 'pim.sqlite')
    await first.close()
    expect(fresh).toEqual([])

    const names = (await migrationSource.getMigrations([])).slice(-2)
    const old = createKnex(database)
    await old.migrate.down({ migrationSource, name: names[1] })
    await old.migrate.down({ migrationSource, name: names[0] })
    await old.destroy()

    const progress: UpgradeProgress[] = []
    const second = await startHarness({
      dataDir,
      database: first.database,
      deliver: false,
      onUpgrade: (p) => progress.push(p)
    })
    try {
      expect(progress).toEqual([
        { phase: 'migrating', done: 0, total: 2, step: expect.any(String) },
        { phase: 'migrating', done: 1, total: 2, step: expect.any(String) },
        { phase: 'finished', total: 2 }
      ])
      const steps = progress.flatMap((p) => (p.phase === 'migrating' ? [p.step] : []))
      expect(steps[0]).not.toMatch(/^\d|_/)
      // Brought to the end, the same as a start without a listener.
      const [, pending] = await second.core.db.migrate.list({ migrationSource })
      expect(pending).toEqual([])
    } finally {
      await second.close()
    }
  })

  it.runIf(onPostgres)(
    'says it waits while another process holds the migration lock, then goes on',
    async () => {
      const first = await startHarness({ deliver: false })
      const database = first.database!
      await first.close()
      const other = createKnex(database)
      type PgConnection = { query(sql: string): Promise<unknown> }
      const holder = (await other.client.acquireConnection()) as PgConnection
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtext('pim:migrate'))`)
        const progress: UpgradeProgress[] = []
        const starting = startHarness({
          database,
          deliver: false,
          onUpgrade: (p) => progress.push(p)
        })
        await eventually(async () => progress.length > 0)
        expect(progress).toEqual([{ phase: 'waiting' }])
        await holder.query(`SELECT pg_advisory_unlock(hashtext('pim:migrate'))`)
        const second = await starting
        // Nothing was left to migrate: the other process had done it.
        expect(progress).toEqual([{ phase: 'waiting' }])
        await second.close()
      } finally {
        await other.client.releaseConnection(holder)
        await other.destroy()
      }
    }
  )
})
