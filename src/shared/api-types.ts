/** Re-exports of every DTO the contract mentions, so clients import from one place. */
export type * from './dto'
export type { CatalogEventGroup as CatalogEventGroupDto } from './entity-catalog'
