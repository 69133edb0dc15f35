import type { StorageProblemDto } from '@shared/dto'

/** SQLite and file-system error codes, as sqlite3 and Node report them. */
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'])
const READ_ONLY = new Set(['SQLITE_READONLY', 'EROFS', 'EACCES', 'EPERM'])
const LOCKED = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED'])
const DISK = new Set(['SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'EIO'])

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : null
}

/**
 * Recognises storage trouble (disk full, read-only file, a lock held by another program, I/O
 * errors) and says what it means for the operator and what to do. Anything else is not a storage
 * problem and returns null. The sqlite3 code can carry a suffix (SQLITE_IOERR_WRITE).
 */
export function storageProblemOf(error: unknown): StorageProblemDto | null {
  const code = codeOf(error)
  if (!code) return null
  const base = code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')
  if (FULL.has(base))
    return {
      code: 'storage_full',
      cause: 'disk_full',
      message:
        'The disk that holds the database is full, so nothing can be saved. Free some space on it; ' +
        'saving resumes by itself and nothing saved before is lost.'
    }
  if (READ_ONLY.has(base))
    return {
      code: 'storage_unavailable',
      cause: 'read_only',
      message:
        'The database file cannot be written (it is read-only or the folder permissions changed). ' +
        'Make it writable again; saving resumes by itself.'
    }
  if (LOCKED.has(base))
    return {
      code: 'storage_unavailable',
      cause: 'locked',
      message:
        'The database is locked by another program (a backup or sync tool, or a second copy of ' +
        'the app). Close it or wait for it to finish, then try again.'
    }
  if (DISK.has(base))
    return {
      code: 'storage_unavailable',
      cause: 'io_error',
      message:
        'The disk that holds the database could not be read or written. Check that the drive is ' +
        'connected and healthy; saving resumes by itself when it answers again.'
    }
  return null
}
