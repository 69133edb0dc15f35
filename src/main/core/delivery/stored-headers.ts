/**
 * A webhook's custom headers as `webhooks.headers` stores them (JSON, migration
 * 202612061000): a secret value sealed by the secret store, with its hint for lists and logs.
 * Read here because delivery sends them; administration writes them (webhooks/webhook-secrets).
 */
export interface StoredHeader {
  name: string
  /** Sealed (`sealed:v1:…`) when secret and a secret box is in use; plain otherwise. */
  value: string
  secret: boolean
  hint: string | null
}

/**
 * The stored list, or `[]` for null or a damaged value: a webhook whose headers cannot be read
 * still delivers, as a stored filter that no longer parses narrows nothing.
 */
export function storedHeaders(raw: unknown): StoredHeader[] {
  if (typeof raw !== 'string' || raw === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.flatMap((entry: unknown): StoredHeader[] => {
    if (typeof entry !== 'object' || entry === null) return []
    const { name, value, secret, hint } = entry as Record<string, unknown>
    if (typeof name !== 'string' || typeof value !== 'string') return []
    return [{ name, value, secret: secret === true, hint: typeof hint === 'string' ? hint : null }]
  })
}
