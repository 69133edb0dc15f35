/**
 * The secrets the receiver verifies with, as the app shows them: `whsec_` + standard base64.
 * Checked up front so a copy-paste slip (a missing character, a stray space) is reported when
 * the receiver starts, not as a puzzling "signature does not match" on every request.
 */
const SECRET_PREFIX = 'whsec_'
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Throws a message that says what is wrong with the secret, without echoing all of it. */
export function checkSecret(secret: string): string {
  if (!secret.startsWith(SECRET_PREFIX))
    throw new Error(
      `a secret must start with "${SECRET_PREFIX}" (copy it from the webhook manager), ` +
        `not "${secret.slice(0, 6)}…"`
    )
  const encoded = secret.slice(SECRET_PREFIX.length)
  if (encoded === '' || !BASE64.test(encoded))
    throw new Error(
      `a secret must be "${SECRET_PREFIX}" followed by standard base64 ` +
        `(A-Z a-z 0-9 + / and = padding, length a multiple of 4); the one ending ` +
        `"${secretHint(secret)}" is not`
    )
  return secret
}

/** The last four characters, as the app's webhook lists show them (`secretHint`). */
export function secretHint(secret: string): string {
  return secret.slice(-4)
}

/** Which configured secret verified a signature: its position (0-based) and its hint. */
export interface SecretMatch {
  index: number
  hint: string
}

export function describeSecret(match: SecretMatch): string {
  return `secret #${match.index + 1} (…${match.hint})`
}
