import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/electron-bundle'

/**
 * The packaging configuration, proven without the Electron binary (which electron-builder would
 * download next): it passes electron-builder's own schema, and says what the issue asks for.
 */
type Target = { target: string; arch: string[] }
interface BuilderConfig {
  appId: string
  productName: string
  artifactName: string
  files: string[]
  asar: boolean
  asarUnpack: string[]
  npmRebuild: boolean
  electronFuses: Record<string, boolean>
  mac: { category: string; target: Target[]; hardenedRuntime: boolean; notarize?: unknown }
  win: { target: Target[] }
  linux: { category: string; target: Target[] }
}

const config = load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    const require = createRequire(import.meta.url)
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util/out/DebugLogger') as {
      DebugLogger: new (enabled: boolean) => unknown
    }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))
    ).rejects.toThrow(/asarUnpak/)
  })

  it('builds dmg and zip for both Mac architectures, an NSIS installer, AppImage and deb', () => {
    const targets = (list: Target[]) => list.map((item) => `${item.target}:${item.arch.join('+')}`)
    expect(targets(config.mac.target)).toEqual(['dmg:x64+arm64', 'zip:x64+arm64'])
    expect(targets(config.win.target)).toEqual(['nsis:x64'])
    expect(targets(config.linux.target)).toEqual(['AppImage:x64', 'deb:x64'])
    expect(config.artifactName).toContain('${version}')
    expect(config.artifactName).toContain('${arch}')
    expect(config).toMatchObject({
      appId: 'com.indexedpim.desktop',
      productName: 'Indexed PIM Desktop'
    })
    expect(config.mac.category).toBe('public.app-category.business')
    expect(config.linux.category).toBe('Office')
  })

  it('ships only the built app and its tray icons, with the sqlite3 binding outside the asar', () => {
    expect(config.files).toEqual(['out/**', 'package.json', 'resources/tray/**', '!**/*.map'])
    // The built bundle names the icons relative to itself: out/main/../../resources/tray.
    const bundle = readFileSync(join(repoRoot, 'out/main/index.js'), 'utf8')
    for (const state of ['healthy', 'held', 'failing', 'paused']) {
      expect(bundle).toContain(`"../../resources/tray/${state}.png"`)
      expect(existsSync(join(repoRoot, 'resources/tray', `${state}.png`))).toBe(true)
    }
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(['**/node_modules/sqlite3/**'])
    expect(config.npmRebuild).toBe(false) // Node-API: one build serves Node and Electron
  })

  it('sets the fuses that close Electron’s back doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('signs and notarizes from the usual environment variables, and skips cleanly without them', () => {
    expect(config.mac.hardenedRuntime).toBe(true)
    // `notarize: false` would disable it even with credentials; unset means "when the env has them".
    expect(config.mac.notarize).toBeUndefined()
  })

  it('ships icons made from the source SVG: real ICNS, ICO and PNGs of every size', () => {
    const resources = join(repoRoot, 'resources')
    expect(readFileSync(join(resources, 'icon.svg'), 'utf8')).toContain('<svg')
    expect(readFileSync(join(resources, 'icon.icns')).subarray(0, 4).toString()).toBe('icns')
    const ico = readFileSync(join(resources, 'icon.ico'))
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0])
    expect(ico.readUInt16LE(4)).toBe(6) // 16 to 256 px
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(join(resources, 'icons', `${size}x${size}.png`))
      // PNG signature, then the IHDR chunk: width and height as big-endian integers.
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size])
    }
  })

  it('has a dist script per platform that builds first', () => {
    expect(pkg.scripts['dist:mac']).toBe('npm run build && electron-builder --mac')
    expect(pkg.scripts['dist:win']).toBe('npm run build && electron-builder --win')
    expect(pkg.scripts['dist:linux']).toBe('npm run build && electron-builder --linux')
  })
})
