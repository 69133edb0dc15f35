import type { SecretBox } from '../core/support/secret-box'

/** The part of Electron's safeStorage the box needs (an interface, so tests can pass a double). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
  getSelectedStorageBackend?(): string
}

/**
 * Webhook secrets sealed with the OS keychain (Keychain, DPAPI, libsecret/kwallet). On Linux
 * without a keyring Electron falls back to a fixed key (`basic_text`): still sealed, but Settings
 * warns that this protects little. Without encryption at all, secrets stay as they are.
 */
export function safeStorageBox(
  safeStorage: SafeStorageLike,
  platform: string
): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined
  return {
    protection: backend === 'basic_text' ? 'basic_text' : 'os_keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
  }
}
