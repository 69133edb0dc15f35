import type { AccountDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'

type Row = Record<string, unknown>

const ACCOUNT_ID = 1

function toDto(row: Row): AccountDto {
  return {
    externalId: String(row.external_id),
    name: String(row.name),
    operatorName: String(row.operator_name),
    updatedAt: String(row.updated_at)
  }
}

/** The single account row of this installation. */
export class AccountRepository {
  async find(db: Db): Promise<AccountDto | null> {
    const row = await db('account').where({ id: ACCOUNT_ID }).first()
    return row ? toDto(row) : null
  }

  async get(db: Db): Promise<AccountDto> {
    const account = await this.find(db)
    if (!account) throw new Error('the account row is missing; was the database seeded?')
    return account
  }

  async insert(db: Db, account: Omit<AccountDto, 'updatedAt'>, nowIso: string): Promise<void> {
    await db('account').insert({
      id: ACCOUNT_ID,
      external_id: account.externalId,
      name: account.name,
      operator_name: account.operatorName,
      created_at: nowIso,
      updated_at: nowIso
    })
  }

  async update(
    db: Db,
    changes: Partial<Omit<AccountDto, 'updatedAt'>>,
    nowIso: string
  ): Promise<AccountDto> {
    const row: Row = { updated_at: nowIso }
    if (changes.externalId !== undefined) row.external_id = changes.externalId
    if (changes.name !== undefined) row.name = changes.name
    if (changes.operatorName !== undefined) row.operator_name = changes.operatorName
    await db('account').where({ id: ACCOUNT_ID }).update(row)
    return this.get(db)
  }
}
