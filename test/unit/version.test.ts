import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { APP_VERSION, USER_AGENT } from '@shared/version'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}

describe('APP_VERSION', () => {
  it("equals package.json's version", () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(APP_VERSION).toBe(pkg.version)
  })

  it('is what the User-Agent header carries', () => {
    expect(USER_AGENT).toBe(`IndexedPIM-Webhooks/${pkg.version}`)
  })
})
