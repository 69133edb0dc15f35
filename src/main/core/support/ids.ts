import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** `prefix_` + 20 random base-36 characters (~103 bits): unique without a lookup. */
export function externalId(prefix: string): string {
  const bytes = randomBytes(20)
  let suffix = ''
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length]
  return `${prefix}_${suffix}`
}
