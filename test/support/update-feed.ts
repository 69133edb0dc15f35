import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { dump } from 'js-yaml'

/**
 * A release feed as electron-builder publishes it for Linux, generated in a temp folder and served
 * by a static node:http server on 127.0.0.1 (port 0): latest-linux.yml in electron-builder's
 * format (version, files[{url, sha512 base64, size}], path, sha512, releaseDate) beside the
 * AppImage it names. `tampered` serves other bytes than the sha512 says ("bad signature");
 * `stop()` takes the server away ("feed down"). Every request is counted.
 */
export interface UpdateFeedServer {
  /** The feed's base URL (PIM_UPDATE_FEED_URL, or an app-update.yml's `url`). */
  url: string
  /** Paths asked for, in order (query strings dropped). */
  requests: string[]
  /** The AppImage's file name in the feed. */
  fileName: string
  /** The bytes the feed's sha512 describes (what a verified download must equal). */
  payload: Buffer
  waitForRequest(path: string, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

export interface FeedOptions {
  version: string
  /** The "new AppImage": what the updater downloads and, on install, runs. */
  payload: Buffer
  /** Serve bytes whose sha512 does not match latest-linux.yml. */
  tampered?: boolean
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64')

/** electron-builder's latest-linux.yml for one AppImage (its serializeToYaml: js-yaml, wide lines). */
export function latestLinuxYml(version: string, fileName: string, payload: Buffer): string {
  const hash = sha512(payload)
  return dump(
    {
      version,
      files: [{ url: fileName, sha512: hash, size: payload.length }],
      path: fileName,
      sha512: hash,
      releaseDate: new Date().toISOString()
    },
    { lineWidth: 8000, noRefs: true }
  )
}

export async function startUpdateFeed(options: FeedOptions): Promise<UpdateFeedServer> {
  const folder = mkdtempSync(join(tmpdir(), 'pim-update-feed-'))
  const fileName = `indexed-pim-desktop-${options.version}-linux-x86_64.AppImage`
  writeFileSync(
    join(folder, 'latest-linux.yml'),
    latestLinuxYml(options.version, fileName, options.payload)
  )
  // Tampered: the same length, one byte changed — what a corrupted or swapped upload looks like.
  const served = Buffer.from(options.payload)
  if (options.tampered) served[served.length - 2] ^= 0xff
  writeFileSync(join(folder, fileName), served)

  const requests: string[] = []
  const waiters: Array<() => void> = []
  let port = 0
  const server: Server = createServer((req, res) => {
    // Only requests addressed to this server by its loopback name (no DNS-rebinding detours).
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(421).end()
      return
    }
    const path = new URL(req.url ?? '/', `http://127.0.0.1:${port}`).pathname
    requests.push(path)
    for (const wake of waiters.splice(0)) wake()
    const name = basename(path)
    if (req.method !== 'GET' || !['latest-linux.yml', fileName].includes(name)) {
      res.writeHead(404).end()
      return
    }
    const body = readFileSync(join(folder, name))
    // Range requests (a differential download) get the whole file, as a plain static host may.
    res.writeHead(200, {
      'content-type': name.endsWith('.yml') ? 'text/yaml' : 'application/octet-stream',
      'content-length': body.length
    })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/releases/`,
    requests,
    fileName,
    payload: options.payload,
    async waitForRequest(path, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      while (!requests.some((asked) => asked.endsWith(path))) {
        if (Date.now() > deadline) throw new Error(`the feed was never asked for ${path}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 200)
        })
      }
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(folder, { recursive: true, force: true })
    }
  }
}

/**
 * The stub installer: the "new AppImage" the feed serves is this shell script. The real
 * AppImageUpdater downloads it, checks its sha512, moves it over the installed AppImage and runs
 * it, which is all an install is on Linux; the script only writes down that it ran and how
 * (APPIMAGE_SILENT_INSTALL / APPIMAGE_EXIT_AFTER_INSTALL say "on quit" from "Restart now").
 */
export function stubInstaller(recordFile: string): Buffer {
  return Buffer.from(
    [
      '#!/bin/sh',
      '# Stands in for a new AppImage in the updater tests: records its run, installs nothing.',
      `printf 'ran=%s\\nsilent=%s\\nexitAfterInstall=%s\\n' "$0" "$APPIMAGE_SILENT_INSTALL" "$APPIMAGE_EXIT_AFTER_INSTALL" > '${recordFile}'`,
      ''
    ].join('\n')
  )
}
