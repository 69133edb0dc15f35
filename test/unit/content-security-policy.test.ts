import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES
} from '../../src/main/shell-common/content-security-policy'

function parse(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name, values]
    })
  )
}

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = parse(CONTENT_SECURITY_POLICY)

  it('allows scripts only from the app itself', () => {
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['default-src']).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(directives['script-src']).not.toContain("'unsafe-inline'")
  })

  it('forbids plugins, <base> rewriting, form posts and framing by other pages', () => {
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
    expect(directives['form-action']).toEqual(["'none'"])
    expect(directives['frame-ancestors']).toEqual(["'none'"])
  })

  it('lets the page reach only its own origin (API calls and the event stream)', () => {
    expect(directives['connect-src']).toEqual(["'self'"])
  })

  it('is the header form of CSP_DIRECTIVES, one directive each', () => {
    expect(directives).toEqual(CSP_DIRECTIVES)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/[\r\n]/)
  })
})
