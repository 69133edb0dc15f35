// Electronegativity (Doyensec's Electron security linter) over the BUILT app in out/: fails on any
// high or medium finding that is not accepted below with its reason. Run by .ci/run.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildIfStale } from './build-if-stale.mjs'

/** Findings reviewed and accepted: check id → file → why it is fine. */
const ACCEPTED = {
  PRELOAD_JS_CHECK: {
    'main/index.js':
      'The preload is a sandboxed, bundled CommonJS file that exposes one named function per API ' +
      'method, the push and navigation subscriptions, the log export (start, cancel, progress on ' +
      "fixed channels) and the upgrade window's progress subscription through contextBridge and " +
      'nothing else; the main window and the upgrade window load it (test/unit/preload.test.ts).'
  },
  OPEN_EXTERNAL_JS_CHECK: {
    'main/index.js':
      'shell.openExternal is reached only with what documentationLink lets through (exact https ' +
      "prefixes of the app's documentation links) or, in a demo run, its loopback receiver page " +
      '(test/unit/window-security.test.ts, test/desktop/electron-external-links.test.ts).'
  }
}

buildIfStale()
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'))
const report = join(dir, 'report.csv')
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/@doyensec/electronegativity/dist/index.js',
      '--input',
      'out',
      '--electron-version',
      JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version,
      '--relative',
      '--output',
      report
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  const findings = readFileSync(report, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => /^([A-Z_]+),"(\w+)","(\w+)","([^"]*)","([^"]*)"/.exec(line))
    .filter(Boolean)
    .map(([, check, severity, confidence, file, location]) => ({
      check,
      severity,
      confidence,
      file,
      location
    }))
  const serious = findings.filter((finding) => ['HIGH', 'MEDIUM'].includes(finding.severity))
  const open = serious.filter((finding) => !ACCEPTED[finding.check]?.[finding.file])
  for (const finding of serious) {
    const verdict = ACCEPTED[finding.check]?.[finding.file] ?? 'NOT ACCEPTED'
    console.log(
      `${finding.severity} ${finding.check} ${finding.file}:${finding.location} — ${verdict}`
    )
  }
  console.log(
    `electronegativity: ${findings.length} finding(s), ${serious.length} high/medium, ${open.length} not accepted`
  )
  if (open.length > 0) process.exit(1)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
