import type { Knex } from 'knex'
import type { ApiParsed } from '../../../shared/api-contract'
import type { LogDetailDto, LogPage } from '../../../shared/dto'
import { conflict, invalidArgument, notFound } from '../support/core-error'
import type { DeliveryWorker } from './delivery-worker'
import { LogRepository } from './log.repository'

export class LogService {
  private readonly logs = new LogRepository()

  constructor(
    private readonly db: Knex,
    private readonly worker: DeliveryWorker
  ) {}

  async list(query: ApiParsed<'logs.list'>): Promise<LogPage> {
    const app = await this.db('apps').where({ id: query.appId }).first('id')
    if (!app) throw invalidArgument('appId', `app ${query.appId} does not exist`)
    return this.logs.list(this.db, query)
  }

  async get(id: number): Promise<LogDetailDto> {
    const log = await this.logs.get(this.db, id)
    if (!log) throw notFound('Log entry', id)
    return log
  }

  /** Resend the exact bytes of a logged delivery, with its webhook-id, right now. */
  async redeliver(id: number): Promise<LogDetailDto> {
    const log = await this.get(id)
    if (log.deliveryId === null)
      throw conflict(
        `Log entry ${id} has no queued delivery to resend (it was a test send, or its webhook was deleted)`
      )
    const detail = await this.worker.redeliver(log.deliveryId)
    if (!detail)
      throw conflict(`Log entry ${id} cannot be resent: its webhook or delivery no longer exists`)
    return detail
  }
}
