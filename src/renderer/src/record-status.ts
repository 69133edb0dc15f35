/** How a record's status reads as a badge: a colour for the meaning of each known value. */
const severities: Record<string, 'success' | 'info' | 'warn' | 'danger' | 'secondary'> = {
  active: 'success',
  paid: 'success',
  completed: 'success',
  open: 'info',
  shipped: 'info',
  draft: 'secondary',
  archived: 'warn',
  cancelled: 'danger'
}

export function statusSeverity(
  value: string
): 'success' | 'info' | 'warn' | 'danger' | 'secondary' {
  return severities[value] ?? 'secondary'
}

/** "shipped" → "Shipped": stored values are lowercase codes, people read words. */
export function statusLabel(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ')
}
