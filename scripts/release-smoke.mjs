// Release smoke test of background delivery, for the hosted release workflow (each OS):
//   node scripts/release-smoke.mjs <path to the packaged executable>
// What it proves, on the PACKAGED app (the Electron binary cannot run on the development
// machines): with its window closed, the app keeps running and keeps delivering. It creates a
// webhook for `brand.created` with one retry 8 s after a failure (`retrySchedule` is in seconds),
// pointed at a receiver on 127.0.0.1 that checks every Standard Webhooks signature and answers the
// first attempt 503; saves a brand; closes the window from the page (the app keeps it hidden in
// the tray: its page reports itself hidden); checks the process still runs; saves a second brand
// through the hidden window's bridge; then waits for that delivery and for the retried attempt:
// the same message (webhook-id), correctly signed, at least ~6.4 s (8 s less the 20 % jitter)
// after the first. Exits non-zero with the
// reason on any failure, and always terminates the app.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { Webhook } from 'standardwebhooks'

const executable = process.argv[2]
if (!executable) {
  console.error('usage: node scripts/release-smoke.mjs <packaged executable>')
  process.exit(2)
}

const RETRY_SECONDS = 8
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
async function waitFor(what, condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await condition()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`)
    await sleep(250)
  }
}

// The receiver: every attempt kept with its verdict; the first one is refused with a 503.
let secret = null
const attempts = []
const receiver = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    let signed = false
    try {
      new Webhook(secret).verify(body, {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature'])
      })
      signed = true
    } catch {
      signed = false
    }
    attempts.push({ at: Date.now(), id: req.headers['webhook-id'], signed, body })
    res.statusCode = attempts.length === 1 ? 503 : 200
    res.end(attempts.length === 1 ? 'not yet' : 'ok')
  })
})
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks`

/** A port free right now on loopback, for Chromium's remote debugging. */
async function freePort() {
  const probe = createServer()
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  return port
}

const port = await freePort()
// Electron takes the data folder from Chromium's --user-data-dir (app.getPath('userData')); the
// script checks afterwards that the database really is in it, so a change there cannot go unseen.
const userData = mkdtempSync(join(tmpdir(), 'pim-release-smoke-'))
const args = [`--user-data-dir=${userData}`, `--remote-debugging-port=${port}`]
if (process.platform === 'linux') args.push('--no-sandbox') // CI runners lack the SUID sandbox
const app = spawn(executable, args, { stdio: 'inherit' })
let exited = null
app.on('exit', (code, signal) => (exited = { code, signal }))

const cdp = `http://127.0.0.1:${port}`
const pageTargets = async () => {
  const list = await fetch(`${cdp}/json/list`).then((response) => response.json())
  return list.filter((target) => target.type === 'page')
}

let failure = null
let browser = null
try {
  browser = await waitFor(
    'the remote-debugging endpoint',
    () => chromium.connectOverCDP(cdp).catch(() => null),
    60_000
  )
  const page = await waitFor(
    'the app window',
    () =>
      browser
        .contexts()
        .flatMap((context) => context.pages())
        .find((candidate) => candidate.url().startsWith('app://renderer/')),
    60_000
  )
  await page.waitForFunction(() => typeof window.api?.['webhooks.create'] === 'function')
  const created = await page.evaluate(
    async ({ url, retry }) => {
      const apps = await window.api['apps.list']({})
      const webhook = await window.api['webhooks.create']({
        appId: apps.data[0].id,
        url,
        events: ['brand.created'],
        retrySchedule: [retry]
      })
      if (!webhook.ok) throw new Error(`webhooks.create: ${JSON.stringify(webhook.error)}`)
      return { secret: webhook.data.secret }
    },
    { url: receiverUrl, retry: RETRY_SECONDS }
  )
  secret = created.secret
  const brand = await page.evaluate(() =>
    window.api['entities.create']({ type: 'brand', data: { name: `Smoke ${Date.now()}` } })
  )
  if (!brand.ok) throw new Error(`entities.create: ${JSON.stringify(brand.error)}`)

  // Close the window from the page. The app hides it to the tray instead: the page stays, hidden.
  await page.evaluate(() => window.close()).catch(() => undefined)
  await waitFor(
    'the window to close to the tray',
    async () => {
      const pages = await pageTargets()
      if (pages.length === 0) return true
      return (await page.evaluate(() => document.visibilityState).catch(() => 'gone')) !== 'visible'
    },
    15_000
  )
  if (exited) throw new Error(`the app exited when its window closed (${JSON.stringify(exited)})`)
  // A save with no window showing, through the running app's bridge.
  const unseen = await page.evaluate(() =>
    window.api['entities.create']({ type: 'brand', data: { name: 'Saved with the window closed' } })
  )
  if (!unseen.ok) throw new Error(`entities.create (hidden): ${JSON.stringify(unseen.error)}`)

  const delivered = await waitFor(
    'the retried delivery and the hidden save',
    () => attempts.length >= 3 && attempts,
    60_000
  )
  if (exited) throw new Error(`the app exited before the retry (${JSON.stringify(exited)})`)
  if (!delivered.every((attempt) => attempt.signed))
    throw new Error('an attempt carried a wrong signature')
  const first = delivered[0]
  const retried = delivered.slice(1).find((attempt) => attempt.id === first.id)
  if (!retried) throw new Error('the failed message was not retried (no second webhook-id match)')
  const names = delivered.map((attempt) => JSON.parse(attempt.body).brand?.name)
  if (!names.includes('Saved with the window closed'))
    throw new Error(`the save made with the window closed was not delivered (${names.join(', ')})`)
  const gap = retried.at - first.at
  if (gap < RETRY_SECONDS * 1000 * 0.8 - 250)
    throw new Error(`the retry came after ${gap} ms, before its schedule`)
  const { event } = JSON.parse(retried.body)
  if (event !== 'brand.created') throw new Error(`unexpected event ${event}`)
  if (!existsSync(join(userData, 'pim.sqlite')))
    throw new Error(`the app did not keep its data in --user-data-dir (${userData})`)
  console.log(`release smoke: delivered in the background after a 503, retried in ${gap} ms`)
} catch (error) {
  failure = error instanceof Error ? error.message : String(error)
} finally {
  await browser?.close().catch(() => undefined)
  if (!exited) app.kill()
  receiver.close()
}
if (failure) {
  console.error(`release smoke: ${failure}`)
  process.exit(1)
}
process.exit(0)
