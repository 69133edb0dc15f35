import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temp folder and `pg_ctl start` on a
 * free loopback port, as an unprivileged user (`postgres` when the tests run as root, since the
 * server refuses to run as root), stopped and deleted afterwards. Never a system service, never a
 * fixed port.
 */
export interface PgCluster {
  /** `postgres://pim@127.0.0.1:<port>/<database>` (trust auth on loopback only). */
  url(database?: string): string
  /** A fresh, empty database for one test or suite; returns its URL. */
  createDatabase(prefix?: string): Promise<string>
  stop(): Promise<void>
}

const SUPERUSER = 'pim'

/** Debian puts the server programs under /usr/lib/postgresql/<major>/bin; take the newest. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return null
  const majors = readdirSync(base)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
  const found = majors
    .map((major) => join(base, major, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')))
  return found ?? null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a server program as the unprivileged owner of the cluster folder. */
function runAsOwner(program: string, args: string[]): void {
  const [command, fullArgs] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, args]
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(
      `${program} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`
    )
}

/**
 * Creates a database on the server `serverUrl` points at, empty or as a copy of `template` (a
 * database nobody is connected to); returns its URL.
 */
export async function createPgDatabase(
  serverUrl: string,
  prefix = 'pim_test',
  template?: string
): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
  } finally {
    await client.end()
  }
  const target = new URL(serverUrl)
  target.pathname = `/${name}`
  return target.href
}

export async function startPgCluster(): Promise<PlacedCluster> {
  const bin = postgresBinDir()
  if (!bin)
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb); ' +
        'install it with: sudo apt-get install -y postgresql'
    )
  const folder = mkdtempSync(join(tmpdir(), 'pim-pg-'))
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(folder, uid, gid)
  }
  const dataDir = join(folder, 'data')
  const port = await freePort()
  // Durability is the server's business, not the tests': fsync off makes the suite fast.
  runAsOwner(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync'
  ])
  runAsOwner(join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    join(folder, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    'start'
  ])
  return clusterAt({ folder, port })
}

/** Where a running cluster lives: enough for another process to use and stop it. */
interface ClusterPlace {
  folder: string
  port: number
}

type PlacedCluster = PgCluster & { place: ClusterPlace }

function clusterAt({ folder, port }: ClusterPlace): PlacedCluster {
  const url = (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`
  let stopped = false
  return {
    place: { folder, port },
    url,
    createDatabase: (prefix) => createPgDatabase(url(), prefix),
    async stop() {
      if (stopped) return
      stopped = true
      try {
        const bin = postgresBinDir()
        if (bin)
          runAsOwner(join(bin, 'pg_ctl'), [
            '-D',
            join(folder, 'data'),
            '-m',
            'immediate',
            '-w',
            'stop'
          ])
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    }
  }
}

/**
 * The folder of this test run's shared cluster (see `runPgCluster`): named after the vitest main
 * process, whose global setups hand it to the test files.
 */
export const testRunDir = (): string => join(tmpdir(), `pim-test-run-${process.pid}`)

const STATE_FILE = 'pg-cluster.json'

/**
 * The test run's one PostgreSQL server, started by whoever asks first and shared by every later
 * caller of the run: `initdb` and a server start cost seconds (many on a loaded machine), so a run
 * pays them once rather than once per test file. Test files run in several worker processes at
 * once, so a lock folder decides who starts it; the global teardown stops it
 * (`stopRunPgCluster`), which is why `stop()` of the returned cluster does nothing. Callers keep
 * apart by making their own databases (and naming any role they create after their test).
 */
export async function runPgCluster(runDir: string): Promise<PgCluster> {
  mkdirSync(runDir, { recursive: true })
  const stateFile = join(runDir, STATE_FILE)
  return withLock(join(runDir, 'pg-cluster.lock'), async () => {
    if (existsSync(stateFile))
      return shared(clusterAt(JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterPlace))
    const started = await startPgCluster()
    writeFileSync(stateFile, JSON.stringify(started.place))
    return shared(started)
  })
}

const shared = ({ url, createDatabase }: PgCluster): PgCluster => ({
  url,
  createDatabase,
  stop: async () => {}
})

/** Stops the run's shared cluster, if anyone started one, and removes the run's folder. */
export async function stopRunPgCluster(runDir: string): Promise<void> {
  const stateFile = join(runDir, STATE_FILE)
  try {
    if (existsSync(stateFile))
      await clusterAt(JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterPlace).stop()
  } finally {
    rmSync(runDir, { recursive: true, force: true })
  }
}

/** Runs `work` while holding a lock folder (mkdir is atomic across processes). */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    // Starting a cluster takes seconds; a lock held for minutes was left by a crashed process.
    if (Date.now() > deadline) throw new Error(`${lock} held for 2 minutes; remove it if stale`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  try {
    return await work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
