/**
 * How an attempt's error class reads on screen: the status badge of the log's tables and the
 * line of its detail drawer. Pure, for the renderer tests.
 */

/** The badge of an attempt without an HTTP answer: "connection refused", "discarded on hold". */
export function errorClassLabel(errorClass: string | null | undefined): string {
  if (errorClass === 'discarded') return 'discarded on hold'
  return (errorClass ?? 'error').replace(/_/g, ' ')
}

/**
 * A discarded delivery was never sent: not the receiver's failure, so it is not shown in red.
 * Everything else without an answer is.
 */
export function statusSeverity(
  status: number,
  errorClass?: string | null
): 'success' | 'warn' | 'danger' | 'secondary' {
  if (status >= 200 && status < 300) return 'success'
  if (status === 0) return errorClass === 'discarded' ? 'secondary' : 'danger'
  if (status >= 500) return 'danger'
  return 'warn'
}

/** The detail drawer's line about what went wrong, from the class and the stored error text. */
export function attemptErrorText(errorClass: string | null, error: string | null): string {
  if (errorClass === 'discarded')
    return 'Discarded while on hold: the operator discarded it while the webhook was on hold, so it was never sent. Redeliver it to send it now.'
  return `${errorClass ? `${errorClass.replace(/_/g, ' ')}: ` : ''}${error ?? ''}`
}
