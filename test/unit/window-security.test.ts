import { describe, expect, it } from 'vitest'
import * as windowSecurity from '../../src/main/desktop/window-security'
import { isSafeExternalUrl, isTrustedSenderUrl } from '../../src/main/desktop/window-security'

describe('window-security', () => {
  // The policy lives in content-security-policy.ts, shared with the headless shell.
  it('keeps no Content-Security-Policy of its own', () => {
    expect(Object.keys(windowSecurity)).not.toContain('CONTENT_SECURITY_POLICY')
  })
})

describe('isSafeExternalUrl', () => {
  it('allows https links only', () => {
    expect(isSafeExternalUrl('https://docs.example.com/webhooks')).toBe(true)
    expect(isSafeExternalUrl('http://docs.example.com/')).toBe(false)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('smb://share/x')).toBe(false)
    expect(isSafeExternalUrl('mailto:ops@example.com')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
    expect(isSafeExternalUrl('')).toBe(false)
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
