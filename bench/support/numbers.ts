/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
}

/** Runs `run` `count` times one after the other and returns each duration in ms. */
export async function timeEach(count: number, run: (n: number) => Promise<unknown>) {
  const samples: number[] = []
  for (let n = 0; n < count; n++) {
    const started = performance.now()
    await run(n)
    samples.push(performance.now() - started)
  }
  return samples
}

/** Runs `work` for every item with at most `concurrency` at a time. */
export async function withConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<unknown>
): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await work(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
