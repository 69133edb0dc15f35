/**
 * A start failure's message, fit for a dialog: a database URL in it (a team server the driver
 * could not reach) keeps its host but loses its user and password.
 */
export function withoutCredentials(message: string): string {
  return message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
}
