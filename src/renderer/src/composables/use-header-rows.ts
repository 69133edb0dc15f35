import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type { WebhookDto } from '@shared/dto'
import { headerNameProblem, headerValueProblem } from '@shared/webhook-headers'
import type { ApiError } from '../api'

/** One custom header as the webhook form edits it. */
export interface HeaderRow {
  /** Stable across removals, so Vue keeps each row's inputs (and focus) with it. */
  key: number
  name: string
  value: string
  secret: boolean
  /**
   * The name a stored secret value was saved under, with its hint; null for a new row. Such a row
   * left empty keeps the stored value: the form never needs to reveal a secret to save.
   */
  stored: { name: string; hint: string | null } | null
}

export interface RowProblems {
  name: string | null
  value: string | null
}

export type HeadersToSave = NonNullable<ApiInput<'webhooks.update'>['headers']>

/** True when the row saves without a value: the stored secret stays as it is. */
export function keepsStoredValue(row: HeaderRow): boolean {
  return row.stored !== null && row.secret && row.value === ''
}

export interface HeaderRows {
  rows: Ref<HeaderRow[]>
  fill: (webhook: WebhookDto | null) => void
  add: () => void
  remove: (key: number) => void
  toSave: () => HeadersToSave
  /** The form's own checks per row, then the server's issue about the same field. */
  problems: ComputedRef<RowProblems[]>
  invalid: ComputedRef<boolean>
}

/** The webhook form's custom headers, apart from its other fields (the dialog is long enough). */
export function useHeaderRows(lastError: Ref<ApiError | null>): HeaderRows {
  const rows = ref<HeaderRow[]>([])
  let nextKey = 0

  function fill(webhook: WebhookDto | null): void {
    rows.value = (webhook?.headers ?? []).map((header) => ({
      key: nextKey++,
      name: header.name,
      value: header.value ?? '',
      secret: header.secret,
      stored: header.secret ? { name: header.name, hint: header.hint } : null
    }))
  }

  function add(): void {
    rows.value = [
      ...rows.value,
      { key: nextKey++, name: '', value: '', secret: false, stored: null }
    ]
  }

  function remove(key: number): void {
    rows.value = rows.value.filter((row) => row.key !== key)
  }

  function toSave(): HeadersToSave {
    return rows.value.map((row) => ({
      name: row.name.trim(),
      value: keepsStoredValue(row) ? null : row.value,
      secret: row.secret
    }))
  }

  const problems = computed(() => {
    const seen = new Set<string>()
    return rows.value.map((row, index): RowProblems => {
      const name = row.name.trim()
      const lower = name.toLowerCase()
      const server = (field: string) => lastError.value?.issueFor(`headers.${index}.${field}`)
      let nameProblem = headerNameProblem(name)
      if (!nameProblem && seen.has(lower)) nameProblem = 'This header is already in the list'
      seen.add(lower)
      let valueProblem = keepsStoredValue(row) ? null : headerValueProblem(row.value)
      // The stored value is found by its name, and is only ever kept as a secret.
      if (!valueProblem && row.stored && row.value === '') {
        if (!row.secret) valueProblem = 'Enter the value: a header that is not secret is shown'
        else if (lower !== row.stored.name.toLowerCase())
          valueProblem = 'Enter the value again to rename this header'
      }
      return {
        name: nameProblem ?? server('name') ?? null,
        value: valueProblem ?? server('value') ?? null
      }
    })
  })

  const invalid = computed(() => problems.value.some((problem) => problem.name || problem.value))

  return { rows, fill, add, remove, toSave, problems, invalid }
}
