/** Runs `stop` once on SIGTERM or SIGINT (Ctrl+C), then exits. */
export function stopOnSignals(stop: () => Promise<void>, log = console.log): void {
  let stopping = false
  const onSignal = (signal: string): void => {
    if (stopping) return
    stopping = true
    log(`${signal}: finishing in-flight deliveries, then exiting`)
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed:', error)
        process.exit(1)
      }
    )
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
}
