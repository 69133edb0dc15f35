/** Human durations for retry schedules: "30s", "5m", "2h", "1d" (and plain seconds). */

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 }

export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60]
  ] as const)
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  return `${seconds}s`
}

/** "30s, 5m, 2h" -> [30, 300, 7200]; throws with a message naming the bad part. */
export function parseDurations(text: string): number[] {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean)
  return parts.map((part) => {
    const match = /^(\d+)\s*([smhd]?)$/i.exec(part)
    if (!match) throw new Error(`"${part}" is not a duration like 30s, 5m, 2h or 1d`)
    return Number(match[1]) * UNITS[(match[2] || 's').toLowerCase()]
  })
}
