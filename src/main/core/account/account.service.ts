import type { Knex } from 'knex'
import { userInfo } from 'node:os'
import { BUILT_IN_APPS } from '@shared/app-sections'
import type { AccountDto } from '@shared/dto'
import type { ApiParsed } from '@shared/api-contract'
import { lockForTransaction } from '../db/knex-factory'
import { EntityRepository } from '../entities/entity.repository'
import { entitySpecs } from '@shared/entity-fields'
import type { Clock } from '../support/clock'
import { isoFromMs } from '../support/clock'
import { externalId } from '../support/ids'
import { inTransaction } from '../support/transaction'
import { AccountRepository } from './account.repository'

function defaultOperatorName(): string {
  try {
    return userInfo().username || 'Operator'
  } catch {
    return 'Operator'
  }
}

export class AccountService {
  private readonly accounts = new AccountRepository()

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock
  ) {}

  get(): Promise<AccountDto> {
    return this.accounts.get(this.db)
  }

  update(changes: ApiParsed<'account.update'>): Promise<AccountDto> {
    return inTransaction(this.db, (unit) =>
      this.accounts.update(unit.db, changes, isoFromMs(this.clock.now()))
    )
  }

  /** First start only: the account and the four standard apps. No events: nobody listens yet. */
  async seedIfEmpty(): Promise<boolean> {
    return inTransaction(this.db, async (unit) => {
      // Processes starting together on an empty shared database seed once, not once each.
      await lockForTransaction(unit.db, 'pim:seed')
      if (await this.accounts.find(unit.db)) return false
      const now = isoFromMs(this.clock.now())
      await this.accounts.insert(
        unit.db,
        { externalId: externalId('acc'), name: 'My Company', operatorName: defaultOperatorName() },
        now
      )
      const apps = new EntityRepository(entitySpecs.app)
      for (const { key, name } of BUILT_IN_APPS)
        await apps.insert(unit.db, externalId('app'), { key, name }, now)
      return true
    })
  }
}
