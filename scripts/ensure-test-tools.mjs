// The tests drive Debian's Chromium (end-to-end) and start throwaway PostgreSQL clusters (team
// mode). Install what is missing when running as root (CI); elsewhere say exactly what to do
// instead of failing later with a cryptic launch error.
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function hasPostgres() {
  const base = '/usr/lib/postgresql'
  return (
    existsSync(base) && readdirSync(base).some((major) => existsSync(`${base}/${major}/bin/initdb`))
  )
}

const missing = []
if (!existsSync(CHROMIUM)) missing.push('chromium')
if (!hasPostgres()) missing.push('postgresql')

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error(
      `Missing for the tests: ${missing.join(', ')}. Install: sudo apt-get install -y ${missing.join(' ')}`
    )
    process.exit(1)
  }
  console.log(`Installing ${missing.join(' and ')} for the tests (apt-get)...`)
  // The tests start their own throwaway clusters: Debian must not create and start a system one.
  if (missing.includes('postgresql')) {
    mkdirSync('/etc/postgresql-common', { recursive: true })
    writeFileSync('/etc/postgresql-common/createcluster.conf', 'create_main_cluster = false\n')
  }
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ' +
      `-o Dpkg::Options::=--force-confold ${missing.join(' ')}`,
    { stdio: 'inherit' }
  )
}
