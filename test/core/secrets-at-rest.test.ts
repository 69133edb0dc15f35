import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SecretBox } from '../../src/main/core/support/secret-box'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { startHarness, tempDir, type Harness } from '../support/core-harness'
import { startReceiver } from '../support/receiver'

/** A stand-in for the OS keychain: reversible, and leaves no `whsec_` bytes behind. */
const testBox: SecretBox = {
  protection: 'os_keychain',
  seal: (plain) => Buffer.from(plain).reverse().toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').reverse().toString()
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * Everything stored for a core after it closed: every byte SQLite wrote for the data folder (the
 * database, its WAL and shared memory), or on PostgreSQL every row of every table as text.
 */
async function storedBytes(stored: Harness): Promise<Buffer> {
  if (stored.database?.startsWith('postgres')) {
    const db = createKnex(stored.database)
    try {
      const tables: string[] = await db('information_schema.tables')
        .where({ table_schema: 'public' })
        .pluck('table_name')
      const dumps = await Promise.all(
        tables.map((table) => db.raw(`SELECT row_to_json(t)::text AS row FROM "${table}" t`))
      )
      const rows = dumps.flatMap((dump: { rows: Array<{ row: string }> }) => dump.rows)
      expect(rows.length).toBeGreaterThan(0)
      return Buffer.from(rows.map((row) => row.row).join('\n'))
    } finally {
      await db.destroy()
    }
  }
  const files = readdirSync(stored.dataDir).filter((name) => name.startsWith('pim.sqlite'))
  expect(files).toContain('pim.sqlite')
  return Buffer.concat(files.map((name) => readFileSync(join(stored.dataDir, name))))
}

/** A core on the data folder (and, on PostgreSQL, the database) of `previous`, or fresh ones. */
async function harness(
  dataDir: string,
  secretBox?: SecretBox,
  previous?: Harness
): Promise<Harness> {
  return startHarness({ dataDir, secretBox, retrySchedule: [], database: previous?.database })
}

describe('webhook secrets at rest', () => {
  it('with a secret box, no secret reaches the database files, and deliveries still verify', async () => {
    const dataDir = tempDir()
    const core = await harness(dataDir, testBox)
    const receiver = await startReceiver()
    cleanups.push(() => receiver.close())
    const appId = (await core.call('apps.list'))[0].id
    const created = await core.call('webhooks.create', {
      appId,
      url: receiver.url,
      events: ['brand.created']
    })
    const rotated = await core.call('webhooks.rotateSecret', { id: created.id })
    receiver.secrets.push(rotated.secret)
    await core.call('entities.create', { type: 'brand', data: { name: 'Sealed' } })
    const [request] = await receiver.waitFor(1)
    expect([request.standardSignatureValid, request.hexSignatureValid]).toEqual([true, true])
    // Both secrets of the rotation window signed the request.
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(await core.call('webhooks.revealSecret', { id: created.id })).toEqual({
      secret: rotated.secret
    })
    await core.close()
    const bytes = await storedBytes(core)
    expect(bytes.includes('whsec_')).toBe(false)
    expect(bytes.includes(created.secret.slice(6))).toBe(false)
    expect(bytes.includes(rotated.secret.slice(6))).toBe(false)
  })

  it('lists and reads carry a hint, never the secret; create and rotate hand it over once', async () => {
    const core = await harness(tempDir(), testBox)
    cleanups.push(() => core.close())
    const appId = (await core.call('apps.list'))[0].id
    const created = await core.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['brand.created']
    })
    expect(created.secret).toMatch(/^whsec_/)
    const listed = await core.call('webhooks.list', { appId })
    const read = await core.call('webhooks.get', { id: created.id })
    for (const answer of [listed, read]) {
      const text = JSON.stringify(answer)
      expect(text).not.toContain(created.secret)
      expect(text).not.toContain('whsec_')
    }
    expect(read.secretHint).toBe(created.secret.slice(-4))
    expect((await core.fail('webhooks.revealSecret', { id: 999 })).code).toBe('not_found')
  })

  it('seals the plain secrets of an existing database on the first start with a box', async () => {
    const dataDir = tempDir()
    const plain = await harness(dataDir)
    const receiver = await startReceiver()
    cleanups.push(() => receiver.close())
    const appId = (await plain.call('apps.list'))[0].id
    const webhook = await plain.call('webhooks.create', {
      appId,
      url: receiver.url,
      events: ['brand.created']
    })
    receiver.secrets.push(webhook.secret)
    await plain.core.close()
    expect((await storedBytes(plain)).includes(webhook.secret)).toBe(true) // stored as it was

    const sealed = await harness(dataDir, testBox, plain)
    cleanups.push(() => sealed.close())
    expect(await sealed.call('webhooks.revealSecret', { id: webhook.id })).toEqual({
      secret: webhook.secret
    })
    const row = await sealed.core.db('webhooks').where({ id: webhook.id }).first('secret')
    expect(String(row.secret)).toMatch(/^sealed:v1:/)
    await sealed.call('entities.create', { type: 'brand', data: { name: 'After sealing' } })
    const [request] = await receiver.waitFor(1)
    expect([request.standardSignatureValid, request.hexSignatureValid]).toEqual([true, true])
    expect((await sealed.call('system.status')).secretStorage).toBe('os_keychain')
  })
})
