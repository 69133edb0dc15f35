import { readFileSync } from 'node:fs'
import { startShell, type ShellProcess } from '../../test/support/shell-process'

/**
 * The headless shell a scenario measures. With `PIM_BENCH_CPU_PROF=<dir>` it runs under
 * `node --cpu-prof` and is stopped with SIGTERM, so its clean exit writes the profile into <dir>
 * (open it in Chrome DevTools); otherwise it is killed outright.
 */
export async function startBenchShell(): Promise<ShellProcess> {
  const profileDir = process.env.PIM_BENCH_CPU_PROF
  return startShell(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {})
}

export async function stopBenchShell(shell: ShellProcess): Promise<void> {
  shell.kill(process.env.PIM_BENCH_CPU_PROF ? 'SIGTERM' : 'SIGKILL')
  await shell.waitForExit(60_000)
}

/**
 * CPU time in ms a process has used so far, all its threads (Linux `/proc/<pid>/stat`, in clock
 * ticks of 10 ms); null where there is no procfs.
 */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}
