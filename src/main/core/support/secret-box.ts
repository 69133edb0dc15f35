/**
 * Seals webhook secrets before they are stored and opens them when a request is signed. The
 * shell supplies the box: Electron's safeStorage (the OS keychain) on the desktop; the headless
 * shell keeps secrets in its private data folder instead (0700/0600) and uses the plain box.
 */
export interface SecretBox {
  /** What protects sealed secrets: the OS keychain, Electron's fixed Linux fallback, or nothing. */
  readonly protection: 'os_keychain' | 'basic_text' | 'none'
  seal(plain: string): string
  open(sealed: string): string
}

/** Stored secrets with this prefix are sealed; anything else is a plain secret from before. */
export const SEALED_PREFIX = 'sealed:v1:'

export const plainSecretBox: SecretBox = {
  protection: 'none',
  seal: (plain) => plain,
  open: (sealed) => sealed
}

export function sealSecret(box: SecretBox, plain: string): string {
  return box.protection === 'none' ? plain : SEALED_PREFIX + box.seal(plain)
}

export function openSecret(box: SecretBox, stored: string): string {
  return stored.startsWith(SEALED_PREFIX) ? box.open(stored.slice(SEALED_PREFIX.length)) : stored
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX)
}

/**
 * Enough of a secret for the operator to recognise it, never enough to use it: its last four
 * characters (the UI puts the `whsec_` prefix and a mask in front).
 */
export function secretHint(secret: string): string {
  return secret.slice(-4)
}
