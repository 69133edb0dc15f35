import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppRequest } from '../../src/main/desktop/app-protocol'
import { contentTypeOf } from '../../src/main/shell-common/content-types'

const root = resolve('/opt/pim/out/renderer')

describe('resolveAppRequest', () => {
  it('maps app://renderer paths into the renderer folder, / to index.html', () => {
    expect(resolveAppRequest('app://renderer/index.html', root)).toBe(join(root, 'index.html'))
    expect(resolveAppRequest('app://renderer/', root)).toBe(join(root, 'index.html'))
    expect(resolveAppRequest('app://renderer/assets/a%20b.js?v=1#x', root)).toBe(
      join(root, 'assets/a b.js')
    )
  })

  it('keeps a plain ".." inside: the URL parser has already resolved it', () => {
    for (const url of [
      'app://renderer/../package.json',
      'app://renderer/%2e%2e/%2e%2e/package.json'
    ])
      expect(resolveAppRequest(url, root), url).toBe(join(root, 'package.json'))
  })

  it('refuses every way out of the folder and every other host or scheme', () => {
    for (const url of [
      'app://renderer/assets/..%2f..%2f..%2fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///opt/pim/out/renderer/index.html',
      'https://renderer/index.html',
      'not a url'
    ])
      expect(resolveAppRequest(url, root), url).toBeNull()
  })

  it('names the content type of what it serves', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('/x/app.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('/x/font.woff2')).toBe('font/woff2')
    expect(contentTypeOf('/x/blob')).toBe('application/octet-stream')
  })
})
