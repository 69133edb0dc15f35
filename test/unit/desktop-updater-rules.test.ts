import { describe, expect, it } from 'vitest'
import { describeUpdateError, redactUrls } from '../../src/main/desktop/updater/update-errors'
import { chooseUpdateFeed, devUpdateConfig } from '../../src/main/desktop/updater/update-feed'
import {
  initialUpdateStatus,
  mayCheck,
  nextUpdateStatus,
  type UpdateEvent
} from '../../src/main/desktop/updater/update-status'
import { updaterLogger } from '../../src/main/desktop/updater/updater-logger'

/** The desktop updater's pure rules: its states, its words for Settings, its feed choice. */
const at = new Date('2026-12-05T10:00:00.000Z')
const run = (...events: UpdateEvent[]) =>
  events.reduce(nextUpdateStatus, initialUpdateStatus('1.0.0'))

describe('update states', () => {
  it('goes checking → downloading (with progress) → ready for a newer release', () => {
    const checking = run({ type: 'checking', at })
    expect(checking).toMatchObject({ state: 'checking', checkedAt: at.toISOString() })
    const downloading = nextUpdateStatus(checking, { type: 'available', version: '1.1.0' })
    expect(downloading).toMatchObject({
      state: 'downloading',
      availableVersion: '1.1.0',
      percent: 0
    })
    expect(nextUpdateStatus(downloading, { type: 'progress', percent: 41.7 }).percent).toBe(41)
    expect(nextUpdateStatus(downloading, { type: 'progress', percent: 250 }).percent).toBe(100)
    expect(nextUpdateStatus(downloading, { type: 'downloaded', version: '1.1.0' })).toEqual({
      state: 'ready',
      currentVersion: '1.0.0',
      availableVersion: '1.1.0',
      percent: 100,
      checkedAt: at.toISOString(),
      error: null
    })
  })

  it('says up-to-date when the feed has nothing newer, and ignores stray progress', () => {
    const upToDate = run({ type: 'checking', at }, { type: 'not-available' })
    expect(upToDate).toMatchObject({ state: 'up-to-date', availableVersion: null })
    expect(nextUpdateStatus(upToDate, { type: 'progress', percent: 50 })).toBe(upToDate)
  })

  it('keeps the words of a failure, and a new check clears them', () => {
    const failed = run({ type: 'checking', at }, { type: 'failed', error: 'Could not reach' })
    expect(failed).toMatchObject({ state: 'error', error: 'Could not reach', percent: null })
    expect(mayCheck(failed)).toBe(true)
    expect(nextUpdateStatus(failed, { type: 'checking', at })).toMatchObject({
      state: 'checking',
      error: null
    })
  })

  it('turned off: disabled, deaf to late events of a running check, idle again when on', () => {
    const disabled = run({ type: 'checking', at }, { type: 'disabled' })
    expect(disabled.state).toBe('disabled')
    for (const late of [
      { type: 'available', version: '2.0.0' },
      { type: 'downloaded', version: '2.0.0' },
      { type: 'failed', error: 'x' }
    ] as UpdateEvent[])
      expect(nextUpdateStatus(disabled, late)).toBe(disabled)
    expect(mayCheck(disabled)).toBe(false)
    expect(nextUpdateStatus(disabled, { type: 'enabled' }).state).toBe('idle')
    expect(nextUpdateStatus(run(), { type: 'enabled' }).state).toBe('idle')
  })

  it('unsupported stays unsupported, whatever the preference says', () => {
    const unsupported = run({ type: 'unsupported' })
    expect(unsupported.state).toBe('unsupported')
    expect(nextUpdateStatus(unsupported, { type: 'disabled' })).toBe(unsupported)
    expect(nextUpdateStatus(unsupported, { type: 'enabled' })).toBe(unsupported)
    expect(nextUpdateStatus(unsupported, { type: 'checking', at })).toBe(unsupported)
  })

  it('checks only when nothing runs and nothing waits to install', () => {
    expect(mayCheck(run())).toBe(true)
    expect(mayCheck(run({ type: 'checking', at }))).toBe(false)
    expect(mayCheck(run({ type: 'available', version: '2.0.0' }))).toBe(false)
    expect(mayCheck(run({ type: 'downloaded', version: '2.0.0' }))).toBe(false)
    expect(mayCheck(run({ type: 'not-available' }))).toBe(true)
  })
})

describe('update errors in words for Settings', () => {
  const checksum = Object.assign(new Error('sha512 checksum mismatch, expected abc, got def'), {
    code: 'ERR_CHECKSUM_MISMATCH'
  })

  it('a download whose sha512 differs from the feed failed verification and was not installed', () => {
    expect(describeUpdateError(checksum)).toMatch(
      /^The downloaded update failed verification and was not installed: its sha512/
    )
    const unsigned = Object.assign(
      new Error('New version 2.0.0 is not signed by the application owner'),
      {
        code: 'ERR_UPDATER_INVALID_SIGNATURE'
      }
    )
    expect(describeUpdateError(unsigned)).toMatch(
      /failed verification .* not signed by the app's publisher/
    )
  })

  it('an unreachable server, whether Chromium, Node or HTTP says so', () => {
    expect(describeUpdateError(new Error('net::ERR_CONNECTION_REFUSED'))).toMatch(
      /^Could not reach the update server \(connection refused\)\. The app carries on/
    )
    expect(describeUpdateError(new Error('net::ERR_NAME_NOT_RESOLVED'))).toContain(
      '(name not resolved)'
    )
    expect(
      describeUpdateError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))
    ).toContain('(connection refused)')
    expect(describeUpdateError(Object.assign(new Error('503'), { statusCode: 503 }))).toContain(
      '(HTTP 503)'
    )
    expect(
      describeUpdateError(
        new Error('Cannot download "http://h/x.AppImage", status 502: Bad Gateway')
      )
    ).toContain('(HTTP 502)')
  })

  it('a feed without usable update information', () => {
    const missing = Object.assign(new Error('Cannot find channel "latest-linux.yml"'), {
      code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'
    })
    expect(describeUpdateError(missing)).toMatch(
      /^The update server has no usable update information/
    )
  })

  it('anything else: its first line, with no credentials of any URL', () => {
    const words = describeUpdateError(
      new Error('boom at https://user:s3cret@feed.example/dl?X-Amz-Signature=abc\nstack')
    )
    expect(words).toBe(
      'The update failed: boom at https://***@feed.example/dl?… The app carries on as it is and checks again within a day, or when you check now.'
    )
    expect(words).not.toContain('s3cret')
    expect(words).not.toContain('abc')
    expect(describeUpdateError('plain string')).toContain('plain string')
  })

  it('redacts userinfo and query strings, and leaves plain URLs alone', () => {
    expect(redactUrls('GET https://x:y@h.example:8080/a/b?token=t#frag done')).toBe(
      'GET https://***@h.example:8080/a/b?…#frag done'
    )
    expect(redactUrls('see http://127.0.0.1:4000/latest-linux.yml')).toBe(
      'see http://127.0.0.1:4000/latest-linux.yml'
    )
  })

  it("the updater's log lines go through the same redaction", () => {
    const lines: string[] = []
    const sink = {
      log: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l)
    }
    const logger = updaterLogger(sink)
    logger.info('Downloading update from https://u:p@h/x.AppImage?sig=1')
    logger.error(new Error('at https://h/?token=2'))
    expect(lines).toEqual([
      '[updates] Downloading update from https://***@h/x.AppImage?…',
      '[updates] Error: at https://h/?…'
    ])
  })
})

describe('the update feed', () => {
  it('a packaged app uses its app-update.yml and ignores PIM_UPDATE_FEED_URL', () => {
    expect(chooseUpdateFeed(true, 'http://127.0.0.1:1/feed')).toEqual({ kind: 'packaged' })
    expect(chooseUpdateFeed(true, undefined)).toEqual({ kind: 'packaged' })
  })

  it('an unpackaged run has a feed only when the variable names an http(s) URL', () => {
    expect(chooseUpdateFeed(false, 'http://127.0.0.1:4000/feed/')).toEqual({
      kind: 'dev',
      url: 'http://127.0.0.1:4000/feed/'
    })
    for (const none of [undefined, '', 'not a url', 'file:///etc/feed', 'ftp://h/feed'])
      expect(chooseUpdateFeed(false, none), String(none)).toEqual({ kind: 'none' })
  })

  it("writes the dev feed's config with electron-builder's cache folder name", () => {
    expect(devUpdateConfig('http://127.0.0.1:4000/feed/')).toBe(
      'provider: generic\nurl: "http://127.0.0.1:4000/feed/"\nupdaterCacheDirName: indexed-pim-desktop-updater\n'
    )
  })
})
