// Smoke test of a PACKAGED app (hosted CI, where Electron can be downloaded):
//   node scripts/smoke-packaged.mjs <path to the packaged executable>
// Launches it in a throw-away profile with a Chromium remote-debugging port (the fuses forbid
// Node's --inspect, which Playwright's Electron launcher needs), connects over CDP, creates a
// webhook pointed at a local receiver through the app's own bridge, saves a product, and waits
// for the delivery's 200 in the log viewer. Exits non-zero with the reason on any failure.
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const executable = process.argv[2]
if (!executable) {
  console.error('usage: node scripts/smoke-packaged.mjs <packaged executable>')
  process.exit(2)
}

const fail = (message) => {
  console.error(`smoke: ${message}`)
  process.exit(1)
}
const timeout = (ms, what) =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))

// A receiver that keeps what it got; signatures are checked once the secret is known.
const received = []
const receiver = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    received.push({ body: Buffer.concat(chunks), signature: req.headers['x-webhook-signature'] })
    res.statusCode = 200
    res.end('ok')
  })
})
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`

const profile = mkdtempSync(join(tmpdir(), 'pim-smoke-'))
mkdirSync(join(profile, 'user-data'))
const port = 9300 + Math.floor(Math.random() * 500)
const args = [`--user-data-dir=${join(profile, 'user-data')}`, `--remote-debugging-port=${port}`]
if (process.platform === 'linux') args.push('--no-sandbox') // CI runners lack the SUID sandbox
const app = spawn(executable, args, { stdio: 'inherit' })
app.on('exit', (code) => code !== 0 && code !== null && fail(`the app exited with ${code}`))

try {
  let browser
  for (let attempt = 0; !browser && attempt < 60; attempt++) {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => undefined)
    if (!browser) await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  if (!browser) fail('no remote-debugging endpoint after 60 s')
  const page = await Promise.race([
    (async () => {
      for (;;) {
        const found = browser.contexts().flatMap((context) => context.pages())
        const appPage = found.find((candidate) => candidate.url().startsWith('app://renderer/'))
        if (appPage) return appPage
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    })(),
    timeout(60_000, 'the app window')
  ])
  await page.waitForFunction(() => typeof window.api?.['apps.list'] === 'function')
  const webhook = await page.evaluate(async (url) => {
    const apps = await window.api['apps.list']({})
    const created = await window.api['webhooks.create']({
      appId: apps.data[0].id,
      url,
      events: ['product.created']
    })
    if (!created.ok) throw new Error(JSON.stringify(created.error))
    const product = await window.api['entities.create']({
      type: 'product',
      data: { name: 'Smoke test', sku: `SMOKE-${Date.now()}` }
    })
    if (!product.ok) throw new Error(JSON.stringify(product.error))
    return { secret: created.data.secret, appId: apps.data[0].id }
  }, receiverUrl)
  await page.evaluate((appId) => (window.location.hash = `#/apps/${appId}/logs`), webhook.appId)
  await page
    .locator('[data-test=status-badge]', { hasText: '200' })
    .first()
    .waitFor({ timeout: 30_000 })
  await page.screenshot({ path: join(profile, 'packaged-log-viewer.png') })
  if (received.length === 0) fail('the receiver got nothing')
  const hex = (body) => createHmac('sha256', webhook.secret).update(body).digest('hex')
  if (!received.every((request) => request.signature === hex(request.body)))
    fail('a request carried a wrong X-Webhook-Signature')
  console.log(`smoke: delivered (${received.length} request(s)); screenshot in ${profile}`)
  await browser.close()
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
} finally {
  app.kill()
  receiver.close()
}
