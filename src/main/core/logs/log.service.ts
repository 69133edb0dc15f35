import type { Knex } from 'knex'
import type { ApiParsed } from '../../../shared/api-contract'
import type { LogDetailDto, LogPage, MessagePage } from '../../../shared/dto'
import { conflict, invalidArgument, notFound } from '../support/core-error'
import type { DeliveryWorker } from '../delivery/delivery-worker'
import { LogRepository } from './log.repository'
import { MessageRepository } from './message.repository'

export class LogService {
  private readonly logs = new LogRepository()
  private readonly deliveryMessages = new MessageRepository()

  constructor(
    private readonly db: Knex,
    private readonly worker: DeliveryWorker
  ) {}

  async list(query: ApiParsed<'logs.list'>): Promise<LogPage> {
    await this.requireApp(query.appId)
    return this.logs.list(this.db, query)
  }

  /** One row per delivery with its latest attempt; `list` with `deliveryId` gives its attempts. */
  async messages(query: ApiParsed<'logs.messages'>): Promise<MessagePage> {
    await this.requireApp(query.appId)
    return this.deliveryMessages.list(this.db, query)
  }

  private async requireApp(appId: number): Promise<void> {
    const app = await this.db('apps').where({ id: appId }).first('id')
    if (!app) throw invalidArgument('appId', `app ${appId} does not exist`)
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
