import { secretHeaderHint, type WebhookHeaderInput } from '@shared/webhook-headers'
import type { Db } from '../db/knex-factory'
import type { SecretOpener } from '../delivery/delivery-targets'
import { storedHeaders, type StoredHeader } from '../delivery/stored-headers'
import { invalidArgument } from '../support/core-error'
import {
  isSealed,
  openSecret,
  plainSecretBox,
  sealSecret,
  secretHint,
  type SecretBox
} from '../support/secret-box'

type Row = Record<string, unknown>

/**
 * Webhook secrets at rest. They go through the shell's secret box: sealed on the way in, opened
 * only to sign a request or when an operator reveals one; lists carry the stored hint instead.
 */
export class WebhookSecrets implements SecretOpener {
  constructor(private readonly box: SecretBox = plainSecretBox) {}

  /** The columns that store a new secret: sealed, and its hint for lists. */
  columns(secret: string): { secret: string; secret_hint: string } {
    return { secret: sealSecret(this.box, secret), secret_hint: secretHint(secret) }
  }

  /**
   * Secrets opened before, by their sealed form: the worker reads targets for every claimed
   * batch, and opening can cost a keychain round trip. A rotated secret is a new sealed string.
   */
  private readonly opened = new Map<string, string>()

  open(stored: string): string {
    let secret = this.opened.get(stored)
    if (secret === undefined) {
      if (this.opened.size >= 1_000) this.opened.clear()
      secret = openSecret(this.box, stored)
      this.opened.set(stored, secret)
    }
    return secret
  }

  /**
   * A new secret; the old one stays valid until `previousValidUntil` (receivers catch up), or is
   * dropped at once with null.
   */
  async rotate(
    db: Db,
    id: number,
    secret: string,
    previousValidUntil: number | null,
    now: number
  ): Promise<void> {
    await db('webhooks')
      .where({ id })
      .update({
        previous_secret: previousValidUntil === null ? null : db.ref('secret'),
        previous_secret_expires_at: previousValidUntil,
        ...this.columns(secret),
        updated_at: now
      })
  }

  /**
   * The `headers` column for headers from the API: secret values sealed, each with its hint. A
   * secret header without a value keeps the one `current` stores under its name (any case), so
   * an operator edits a webhook without revealing its secrets; the error names no value.
   */
  headersColumn(headers: WebhookHeaderInput[], current: StoredHeader[]): string | null {
    if (headers.length === 0) return null
    const stored = headers.map((header, index): StoredHeader => {
      if (header.value === null) {
        const kept = current.find(
          (old) => old.secret && old.name.toLowerCase() === header.name.toLowerCase()
        )
        if (!kept)
          throw invalidArgument(
            `headers.${index}.value`,
            `"${header.name}" has no stored secret value to keep; enter its value`
          )
        return { ...kept, name: header.name }
      }
      return header.secret
        ? {
            name: header.name,
            value: sealSecret(this.box, header.value),
            secret: true,
            hint: secretHeaderHint(header.value)
          }
        : { name: header.name, value: header.value, secret: false, hint: null }
    })
    return JSON.stringify(stored)
  }

  /** Every custom header in clear, secret ones opened, for an operator who asked to see them. */
  async revealHeaders(
    db: Db,
    id: number
  ): Promise<Array<{ name: string; value: string; secret: boolean }> | null> {
    const row = await db('webhooks').where({ id }).first('headers')
    if (!row) return null
    return storedHeaders(row.headers).map(({ name, value, secret }) => ({
      name,
      value: secret ? openSecret(this.box, value) : value,
      secret
    }))
  }

  /** The signing secret in clear, for an operator who asked to see it. */
  async reveal(db: Db, id: number): Promise<string | null> {
    const row = await db('webhooks').where({ id }).first('secret')
    return row ? openSecret(this.box, String(row.secret)) : null
  }

  /**
   * Seals every secret still stored in clear (a database from before sealing, or one moved from
   * the headless shell to the desktop app). Does nothing with the plain box.
   */
  async sealPlainSecrets(db: Db): Promise<number> {
    if (this.box.protection === 'none') return 0
    const rows: Row[] = await db('webhooks').select('id', 'secret', 'previous_secret', 'headers')
    let sealed = 0
    for (const row of rows) {
      const changes: Row = {}
      if (!isSealed(String(row.secret))) changes.secret = sealSecret(this.box, String(row.secret))
      if (row.previous_secret !== null && !isSealed(String(row.previous_secret)))
        changes.previous_secret = sealSecret(this.box, String(row.previous_secret))
      const headers = storedHeaders(row.headers)
      if (headers.some((header) => header.secret && !isSealed(header.value)))
        changes.headers = JSON.stringify(
          headers.map((header) =>
            header.secret && !isSealed(header.value)
              ? { ...header, value: sealSecret(this.box, header.value) }
              : header
          )
        )
      if (Object.keys(changes).length === 0) continue
      await db('webhooks').where({ id: row.id }).update(changes)
      sealed += 1
    }
    return sealed
  }
}
