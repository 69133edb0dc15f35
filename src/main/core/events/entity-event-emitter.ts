import type { EntityAction, EntityType } from '@shared/entity-catalog'
import type { AccountDto, FieldChange, FieldValue, PayloadRevision } from '@shared/dto'
import type { UnitOfWork } from '../support/transaction'
import type { SerializedEntity } from '../entities/entity-serializer'

/** A committed-together change of one record, as listeners see it inside the write. */
export interface EntityEvent {
  type: EntityType
  action: EntityAction
  /** The record as receivers see it; for `deleted`, as it was just before deletion. */
  entity: SerializedEntity
  /** The record's fields by spec name (relations as ids), after the change; before a delete. */
  fields: Record<string, FieldValue>
  /** The save's field-level changes (`diffFields`): what field-level subscriptions watch. */
  changes: FieldChange[]
  /** Latest product revision; only for product events. */
  revision: PayloadRevision | null
  occurredAt: number
  /** The account, read at most once per save (revisions and payloads both need it). */
  account: () => Promise<AccountDto>
  /** The entity's write transaction: listeners write through it so all commits or nothing does. */
  unit: UnitOfWork
}

export type EntityEventListener = (event: EntityEvent) => Promise<void>

/**
 * Listeners are awaited in order inside the entity's transaction; a listener that throws rolls
 * the whole write back, which is what keeps the outbox and the data in step.
 */
export class EntityEventEmitter {
  private readonly listeners: EntityEventListener[] = []

  on(listener: EntityEventListener): () => void {
    this.listeners.push(listener)
    return () => {
      const index = this.listeners.indexOf(listener)
      if (index >= 0) this.listeners.splice(index, 1)
    }
  }

  async emit(event: EntityEvent): Promise<void> {
    for (const listener of this.listeners) await listener(event)
  }
}
