import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from '../../src/main/core/logs/log.repository'
import { CoreError } from '../../src/main/core/support/core-error'

function rawCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeError(cursor: string): CoreError {
  try {
    decodeCursor(cursor)
  } catch (error) {
    if (error instanceof CoreError) return error
    throw error
  }
  throw new Error(`decodeCursor(${JSON.stringify(cursor)}) did not throw`)
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips positive ids', () => {
    for (const id of [1, 2, 42, 1_000_000, Number.MAX_SAFE_INTEGER])
      expect(decodeCursor(encodeCursor(id))).toBe(id)
  })

  it('produces an opaque, URL-safe token', () => {
    const cursor = encodeCursor(12345)
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(cursor).not.toContain('12345')
    expect(encodeCursor(12346)).not.toBe(cursor)
  })

  it.each([
    ['plain garbage', 'not-a-cursor'],
    ['empty string', ''],
    ['non-base64 characters', '!!!***'],
    ['a bare number', rawCursor(5)],
    ['JSON null', rawCursor(null)],
    ['an array', rawCursor([5])],
    ['an object without before', rawCursor({ after: 5 })],
    ['a numeric string', rawCursor({ before: '5' })],
    ['a negative id', rawCursor({ before: -5 })],
    ['zero', rawCursor({ before: 0 })],
    ['a non-integer', rawCursor({ before: 1.5 })],
    ['an unsafe integer', rawCursor({ before: 2 ** 60 })],
    ['a negative encoded id', encodeCursor(-1)]
  ])('rejects %s with invalid_argument', (_label, cursor) => {
    const error = decodeError(cursor)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('invalid_argument')
    expect(error.issues).toEqual([
      { path: 'cursor', message: 'is not a cursor returned by the previous page' }
    ])
    expect(error.message).toContain('cursor')
  })
})
