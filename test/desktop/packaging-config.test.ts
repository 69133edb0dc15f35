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
  win: { target: Target[]; verifyUpdateCodeSignature?: boolean }
  linux: { category: string; target: Target[] }
  publish: Array<{ provider: string; releaseType?: string; owner?: string; repo?: string }>
}
interface WorkflowStep {
  name?: string
  if?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface Workflow {
  on: Record<string, unknown>
  jobs: Record<
    string,
    {
      permissions?: Record<string, string>
      strategy: { matrix: { include: Array<{ os: string; app: string; feed: string }> } }
      steps: WorkflowStep[]
    }
  >
}

const config = load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const workflow = load(
  readFileSync(join(repoRoot, '.github/workflows/release.yml'), 'utf8')
) as Workflow

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

  it("publishes updates to this repository's GitHub releases, and checks Windows installers' publisher", () => {
    // Owner and repository come from the git remote (the hosted checkout), so none is written.
    expect(config.publish).toEqual([{ provider: 'github', releaseType: 'draft' }])
    expect(config.win.verifyUpdateCodeSignature).toBe(true)
    expect(pkg.dependencies['electron-updater']).toBeDefined()
    expect(pkg.devDependencies['electron-updater']).toBeUndefined()
  })
})

describe('release workflow', () => {
  const job = workflow.jobs.package
  const step = (name: string) => {
    const found = job.steps.find((candidate) => candidate.name === name)
    if (!found) throw new Error(`no step "${name}"`)
    return found
  }

  it('runs on version tags and by hand, never for a pull request', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch'])
    expect(workflow.on.push).toEqual({ tags: ['v*'] })
  })

  it('publishes installers and update metadata on tag builds only, with the job token', () => {
    const packaging = step('Package')
    expect(packaging.run).toBe(
      "npm run ${{ matrix.dist }} -- --publish ${{ startsWith(github.ref, 'refs/tags/v') && 'always' || 'never' }}"
    )
    expect(packaging.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}')
    expect(job.permissions).toEqual({ contents: 'write' })
  })

  it("checks each OS's update metadata and keeps it with the artifacts", () => {
    expect(
      Object.fromEntries(job.strategy.matrix.include.map((entry) => [entry.os, entry.feed]))
    ).toEqual({
      'ubuntu-latest': 'latest-linux.yml',
      'windows-latest': 'latest.yml',
      'macos-latest': 'latest-mac.yml'
    })
    expect(step('Check the update metadata').run).toContain('dist/${{ matrix.feed }}')
    const uploaded = job.steps.find((candidate) => candidate.with?.path)?.with?.path ?? ''
    expect(uploaded.split('\n')).toEqual(
      expect.arrayContaining(['dist/latest*.yml', 'dist/*.blockmap'])
    )
  })

  it('smoke-tests background delivery of the packaged app on every OS', () => {
    const linux = step('Smoke-test background delivery (Linux, virtual display)')
    const others = step('Smoke-test background delivery')
    expect(linux).toMatchObject({ if: "runner.os == 'Linux'" })
    expect(linux.run).toBe(
      'xvfb-run --auto-servernum node scripts/release-smoke.mjs "${{ matrix.app }}"'
    )
    expect(others).toMatchObject({
      if: "runner.os != 'Linux'",
      run: 'node scripts/release-smoke.mjs "${{ matrix.app }}"'
    })
    // After packaging, so it runs the packaged app.
    const order = (name: string) => job.steps.findIndex((candidate) => candidate.name === name)
    expect(order('Smoke-test background delivery')).toBeGreaterThan(order('Package'))
    const script = readFileSync(join(repoRoot, 'scripts/release-smoke.mjs'), 'utf8')
    expect(script).toContain("from 'standardwebhooks'")
    expect(script).toContain('connectOverCDP')
  })
})
