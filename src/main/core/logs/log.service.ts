import type { Knex } from 'knex'
import { logExportInput, type ApiParsed, type LogExportInput } from '@shared/api-contract'
import type { LogDetailDto, LogPage, MessagePage } from '@shared/dto'
import { invalidArgument, notFound } from '../support/core-error'
import { parseOrThrow } from '../support/validation'
import { exportLogs } from './log-export'
import { LogRepository } from './log.repository'
import { MessageRepository } from './message.repository'

/** Reads the delivery log: by attempt, by message, and one attempt in full. */
export class LogService {
  private readonly logs = new LogRepository()
  private readonly deliveryMessages = new MessageRepository()

  constructor(private readonly db: Knex) {}

  async list(query: ApiParsed<'logs.list'>): Promise<LogPage> {
    await this.requireApp(query.appId)
    return this.logs.list(this.db, query)
  }

  /** One row per delivery with its latest attempt; `list` with `deliveryId` gives its attempts. */
  async messages(query: ApiParsed<'logs.messages'>): Promise<MessagePage> {
    await this.requireApp(query.appId)
    return this.deliveryMessages.list(this.db, query)
  }

  async get(id: number): Promise<LogDetailDto> {
    const log = await this.logs.get(this.db, id)
    if (!log) throw notFound('Log entry', id)
    return log
  }

  /** Checks an export's arguments (invalid_argument naming the field) before a stream starts. */
  async prepareExport(input: unknown): Promise<LogExportInput> {
    const parsed = parseOrThrow(logExportInput, input)
    await this.requireApp(parsed.appId)
    return parsed
  }

  /** Every attempt the export selects, page by page; see `exportLogs`. */
  exportChunks(input: LogExportInput, onProgress?: (rows: number) => void): AsyncGenerator<string> {
    return exportLogs(this.db, input, onProgress)
  }

  private async requireApp(appId: number): Promise<void> {
    const app = await this.db('apps').where({ id: appId }).first('id')
    if (!app) throw invalidArgument('appId', `app ${appId} does not exist`)
  }
}
