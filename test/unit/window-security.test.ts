import { describe, expect, it } from 'vitest'
import * as windowSecurity from '../../src/main/desktop/window-security'
import {
  DOCUMENTATION_LINK_PREFIXES,
  documentationLink,
  isTrustedSenderUrl,
  loggableLink
} from '../../src/main/desktop/window-security'

describe('window-security', () => {
  // The policy lives in content-security-policy.ts, shared with the headless shell.
  it('keeps no Content-Security-Policy of its own', () => {
    expect(Object.keys(windowSecurity)).not.toContain('CONTENT_SECURITY_POLICY')
  })
})

describe('documentationLink', () => {
  it('allows the listed documentation pages, as the browser would load them', () => {
    expect(documentationLink('https://www.standardwebhooks.com/')).toBe(
      'https://www.standardwebhooks.com/'
    )
    expect(documentationLink('https://www.standardwebhooks.com/spec#signature?x=1')).toBe(
      'https://www.standardwebhooks.com/spec#signature?x=1'
    )
    // Normalized before the prefix is compared: the host's case and a default port change nothing.
    expect(documentationLink('https://WWW.StandardWebhooks.com:443/spec')).toBe(
      'https://www.standardwebhooks.com/spec'
    )
  })

  it('refuses every other link, https or not, and look-alikes of a listed one', () => {
    for (const url of [
      'https://docs.example.com/webhooks',
      'https://www.standardwebhooks.com.evil.example/',
      'https://www.standardwebhooks.com@evil.example/',
      'https://user:pass@www.standardwebhooks.com/',
      'https://www.standardwebhooks.com:8443/',
      'https://standardwebhooks.com/',
      'http://www.standardwebhooks.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'mailto:ops@example.com',
      'not a url',
      ''
    ])
      expect(documentationLink(url), url).toBeNull()
  })

  it('lists only https prefixes that end at a path boundary', () => {
    for (const prefix of DOCUMENTATION_LINK_PREFIXES) {
      expect(prefix).toMatch(/^https:\/\/[^/@]+\//)
      expect(prefix.endsWith('/')).toBe(true)
    }
  })
})

describe('loggableLink', () => {
  it('keeps scheme, host and path, never the query, fragment or credentials', () => {
    expect(loggableLink('https://u:secret@evil.example/phish?token=abc#t=1')).toBe(
      'https://evil.example/phish'
    )
    expect(loggableLink('file:///etc/passwd')).toBe('a file: link')
    expect(loggableLink('not a url')).toBe('an unparseable link')
  })
})

describe('isTrustedSenderUrl', () => {
  const devServer = 'http://localhost:5173/'

  it('with a dev server URL, trusts only that origin', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/#/webhooks', devServer)).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5174/', devServer)).toBe(false)
    expect(isTrustedSenderUrl('https://localhost:5173/', devServer)).toBe(false)
    expect(isTrustedSenderUrl('http://127.0.0.1:5173/', devServer)).toBe(false)
    expect(isTrustedSenderUrl('http://localhost.evil.com:5173/', devServer)).toBe(false)
    expect(isTrustedSenderUrl('file:///app/out/renderer/index.html', devServer)).toBe(false)
    expect(isTrustedSenderUrl('data:text/html,<h1>x</h1>', devServer)).toBe(false)
  })

  it('without a dev server, trusts exactly the packaged renderer file and no web origin', () => {
    const packaged = 'file:///app/out/renderer/index.html'
    expect(isTrustedSenderUrl('file:///app/out/renderer/index.html#/logs', packaged)).toBe(true)
    expect(isTrustedSenderUrl('file:///home/user/Downloads/evil.html', packaged)).toBe(false)
    expect(isTrustedSenderUrl('file:///etc/passwd', packaged)).toBe(false)
    expect(isTrustedSenderUrl('https://example.com/', packaged)).toBe(false)
    expect(isTrustedSenderUrl('http://localhost:5173/', packaged)).toBe(false)
    expect(isTrustedSenderUrl('data:text/html,<h1>x</h1>', packaged)).toBe(false)
    expect(isTrustedSenderUrl('about:blank', packaged)).toBe(false)
  })

  it('with the app:// renderer, trusts that scheme and host only (custom origins are opaque)', () => {
    const app = 'app://renderer/index.html'
    expect(isTrustedSenderUrl('app://renderer/index.html#/logs', app)).toBe(true)
    expect(isTrustedSenderUrl('app://renderer/other.html', app)).toBe(true)
    expect(isTrustedSenderUrl('app://evil/index.html', app)).toBe(false)
    expect(isTrustedSenderUrl('other://renderer/index.html', app)).toBe(false)
    expect(isTrustedSenderUrl('https://renderer/index.html', app)).toBe(false)
    expect(isTrustedSenderUrl('file:///app/out/renderer/index.html', app)).toBe(false)
    expect(isTrustedSenderUrl('about:blank', app)).toBe(false)
  })

  it('rejects unparseable sender URLs', () => {
    expect(isTrustedSenderUrl('', 'file:///app/out/renderer/index.html')).toBe(false)
    expect(isTrustedSenderUrl('', devServer)).toBe(false)
    expect(isTrustedSenderUrl('garbage', devServer)).toBe(false)
  })
})
