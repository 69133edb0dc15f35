/**
 * Names of every API method, free of dependencies so the sandboxed preload can bundle it.
 * `api-contract.ts` must define a schema for each (the compiler checks both directions).
 */
export const apiMethodNames = [
  'account.get',
  'account.update',
  'apps.list',
  'apps.create',
  'apps.update',
  'apps.delete',
  'catalog.events',
  'catalog.asyncapi',
  'entities.list',
  'entities.get',
  'entities.create',
  'entities.update',
  'entities.delete',
  'entities.revisions',
  'webhooks.list',
  'webhooks.get',
  'webhooks.create',
  'webhooks.update',
  'webhooks.bulk',
  'webhooks.rotateSecret',
  'webhooks.revealSecret',
  'webhooks.hold',
  'webhooks.resume',
  'webhooks.discardHeld',
  'webhooks.revealHeaders',
  'webhooks.replay',
  'webhooks.replayPreview',
  'webhooks.replayProgress',
  'webhooks.test',
  'webhooks.history',
  'logs.list',
  'logs.messages',
  'logs.get',
  'logs.redeliver',
  'settings.get',
  'settings.update',
  'stats.deliveries',
  'system.status',
  'system.database',
  'system.testDatabase',
  'system.chooseDatabase',
  'demo.status',
  'demo.setPaused',
  'alerts.list',
  'alerts.markRead',
  'alerts.settings',
  'alerts.updateSettings',
  'alerts.test',
  'alerts.revealSecret'
] as const

export type ApiMethodName = (typeof apiMethodNames)[number]

/** Channel carrying push events from the main process to the renderer. */
export const PUSH_CHANNEL = 'push'
