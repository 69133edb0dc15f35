import { describe, expect, it } from 'vitest'
import { WEBHOOK_URL_MAX_LENGTH, webhookUrlProblem } from '@shared/webhook-url'

describe('webhookUrlProblem', () => {
  it('accepts http and https URLs', () => {
    expect(webhookUrlProblem('https://api.myapp.com/webhooks/pim-updates')).toBeNull()
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook?x=1#frag')).toBeNull()
    expect(webhookUrlProblem('HTTPS://EXAMPLE.COM/Hook')).toBeNull()
    expect(webhookUrlProblem('http://[::1]:9000/')).toBeNull()
  })

  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['ftp://files.example.com/hook', 'ftp'],
    ['data:text/plain,hello', 'data'],
    ['file:///etc/passwd', 'file'],
    ['ws://example.com/socket', 'ws']
  ])('rejects %s with a message naming the scheme', (url, scheme) => {
    const problem = webhookUrlProblem(url)
    expect(problem).not.toBeNull()
    expect(problem).toContain(`not ${scheme}`)
    expect(problem).toMatch(/http or https/)
  })

  it('rejects credentials in the URL', () => {
    expect(webhookUrlProblem('https://user:pass@example.com/hook')).toMatch(/credentials/)
    expect(webhookUrlProblem('https://user@example.com/hook')).toMatch(/credentials/)
    expect(webhookUrlProblem('https://:secret@example.com/hook')).toMatch(/credentials/)
  })

  it('accepts exactly the maximum length and rejects one more', () => {
    expect(WEBHOOK_URL_MAX_LENGTH).toBe(2048)
    const base = 'https://example.com/'
    const atLimit = base + 'a'.repeat(2048 - base.length)
    expect(atLimit).toHaveLength(2048)
    expect(webhookUrlProblem(atLimit)).toBeNull()
    expect(webhookUrlProblem(atLimit + 'a')).toBe('URL must be at most 2048 characters')
  })

  it('requires a value', () => {
    expect(webhookUrlProblem('')).toBe('URL is required')
    expect(webhookUrlProblem('   ')).toBe('URL is required')
  })

  it('rejects relative and malformed URLs', () => {
    expect(webhookUrlProblem('/webhooks/pim')).toBe('URL is not a valid absolute URL')
    expect(webhookUrlProblem('example.com/hook')).toBe('URL is not a valid absolute URL')
    expect(webhookUrlProblem('https://')).toBe('URL is not a valid absolute URL')
    expect(webhookUrlProblem('http://exa mple.com')).toBe('URL is not a valid absolute URL')
  })
})
