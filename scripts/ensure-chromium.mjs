// The end-to-end tests drive Debian's Chromium. Install it when missing (CI runs as root);
// elsewhere say exactly what to do instead of failing later with a cryptic launch error.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error(
      `Chromium is missing at ${CHROMIUM}. Install it: sudo apt-get install -y chromium`
    )
    process.exit(1)
  }
  console.log('Installing Chromium for the end-to-end tests (apt-get)...')
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit'
  })
}
