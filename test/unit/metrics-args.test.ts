import { describe, expect, it } from 'vitest'
import { parseMetricsArgs } from '../../src/main/shell-common/metrics/metrics-args'
import { parseServeArgs } from '../../src/main/serve/serve-args'
import { parseWorkerArgs } from '../../src/main/worker/worker-args'

describe('--metrics-port and --metrics-host', () => {
  it('are off unless a port is given, and bind loopback by default', () => {
    expect(parseMetricsArgs({})).toBeNull()
    expect(parseMetricsArgs({ 'metrics-port': '9464' })).toEqual({ port: 9464, host: '127.0.0.1' })
    expect(parseMetricsArgs({ 'metrics-port': '0' })).toEqual({ port: 0, host: '127.0.0.1' })
    expect(parseMetricsArgs({ 'metrics-port': '65535', 'metrics-host': '::1' })).toEqual({
      port: 65535,
      host: '::1'
    })
  })

  it('refuse what is not a port or an address, saying what is expected', () => {
    for (const port of ['abc', '', '65536', '-1', '1e3', '80 ', '999999'])
      expect(() => parseMetricsArgs({ 'metrics-port': port }), port).toThrow(
        `--metrics-port must be a whole number from 1 to 65535 (0: any free port), not "${port}"`
      )
    expect(() =>
      parseMetricsArgs({ 'metrics-port': '9464', 'metrics-host': 'metrics.local' })
    ).toThrow('--metrics-host must be an IP address')
    expect(() => parseMetricsArgs({ 'metrics-host': '0.0.0.0' })).toThrow(
      '--metrics-host needs --metrics-port'
    )
  })

  it('are read by the serve and worker shells', () => {
    expect(parseServeArgs(['--metrics-port', '9464'], {}).metrics).toEqual({
      port: 9464,
      host: '127.0.0.1'
    })
    expect(parseServeArgs([], {}).metrics).toBeNull()
    const worker = parseWorkerArgs(
      [
        '--database',
        'postgres://pim@db/pim',
        '--metrics-port',
        '9465',
        '--metrics-host',
        '0.0.0.0'
      ],
      {}
    )
    expect(worker.metrics).toEqual({ port: 9465, host: '0.0.0.0' })
  })
})
