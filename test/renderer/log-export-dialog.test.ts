import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogExportInput } from '@shared/api-contract'
import type { LogExportOutcome } from '@shared/log-export'
import {
  ApiError,
  setApiClient,
  type LogExporter,
  type LogExportRun
} from '../../src/renderer/src/api'
import { createApiClient } from '../../src/renderer/src/api/client'
import LogExportDialog from '../../src/renderer/src/components/logs/LogExportDialog.vue'
import { mountWithApp, settle } from './mount'

/** An exporter the test plays: it records what the dialog asked and ends when told to. */
class ScriptedExporter implements LogExporter {
  streamsToFile = true
  inputs: LogExportInput[] = []
  current: LogExportRun | null = null
  private finish: ((outcome: LogExportOutcome) => void) | null = null
  private fail: ((error: Error) => void) | null = null

  run(input: LogExportInput, run: LogExportRun): Promise<LogExportOutcome> {
    this.inputs.push(input)
    this.current = run
    return new Promise((resolve, reject) => {
      this.finish = resolve
      this.fail = reject
    })
  }

  end(outcome: LogExportOutcome): void {
    this.finish?.(outcome)
  }

  error(error: Error): void {
    this.fail?.(error)
  }
}

let exporter: ScriptedExporter

beforeEach(() => {
  exporter = new ScriptedExporter()
  setApiClient({
    ...createApiClient({
      call: () => Promise.reject(new Error('no API in this test')),
      subscribe: () => () => {}
    }),
    logExport: exporter
  })
})

afterEach(() => {
  document.body.innerHTML = ''
  setApiClient(null)
})

const selection = { appId: 3, status: 'failure' as const, webhookId: 7, text: 'tent' }
const text = (test: string) => document.querySelector(`[data-test=${test}]`)?.textContent ?? ''
const click = (test: string) =>
  (document.querySelector(`[data-test=${test}]`) as HTMLElement | null)!.click()
const focused = () => document.activeElement?.getAttribute('data-test')

function mountDialog(total: number | null) {
  return mountWithApp(LogExportDialog, {
    props: {
      selection,
      appName: 'Products',
      total,
      webhookName: (id: number) => (id === 7 ? 'ERP' : undefined)
    }
  })
}

describe('the export dialog of the delivery log', () => {
  it('exports exactly the selection in the chosen format, with progress, percent and the file it wrote', async () => {
    mountDialog(1200)
    await settle()
    expect(text('export-summary')).toContain('1,200 attempts of Products')
    expect(text('export-filters')).toContain('Status: failed (not 2xx)')
    expect(text('export-filters')).toContain('Webhook: ERP')
    expect(text('export-filters')).toContain('Body text contains “tent”')
    click('export-format-ndjson')
    click('export-start')
    await settle()
    expect(exporter.inputs).toEqual([{ ...selection, format: 'ndjson' }])
    expect(focused()).toBe('export-cancel')
    exporter.current!.onFile!('failures.ndjson')
    exporter.current!.onProgress(600)
    await settle()
    expect(text('export-file')).toBe('failures.ndjson')
    expect(text('export-count')).toBe('600 attempts written (50 %)')
    expect(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')).toBe('50')
    expect(text('export-announcement')).toBe('Exporting to failures.ndjson.')
    exporter.end({ status: 'written', rows: 1200, fileName: 'failures.ndjson' })
    await settle()
    expect(text('export-outcome')).toContain('Written 1,200 attempts to failures.ndjson.')
    expect(text('export-announcement')).toBe(
      'Export complete: 1,200 attempts written to failures.ndjson.'
    )
    expect(focused()).toBe('export-close')
  })

  it('cancels through the signal and says how far it got, then offers to export again', async () => {
    mountDialog(null)
    await settle()
    expect(text('export-summary')).toContain('how many is known when the export ends')
    click('export-start')
    await settle()
    exporter.current!.onProgress(2500)
    await settle()
    // Unknown total: rows without a percent, and a bar that says it is busy.
    expect(text('export-count')).toBe('2,500 attempts written')
    click('export-cancel')
    expect(exporter.current!.signal.aborted).toBe(true)
    exporter.end({ status: 'cancelled', rows: 2500 })
    await settle()
    expect(text('export-outcome')).toContain('Export cancelled after 2,500 attempts.')
    expect(focused()).toBe('export-again')
    click('export-again')
    await settle()
    expect(document.querySelector('[data-test=export-start]')).not.toBeNull()
  })

  it('shows a failure with its reason and retries with the same choice', async () => {
    mountDialog(5)
    await settle()
    click('export-start')
    await settle()
    exporter.error(
      new ApiError({ code: 'storage_full', message: 'Could not write x.csv: the disk is full.' })
    )
    await settle()
    expect(document.querySelector('[role=alert]')?.textContent).toContain('the disk is full')
    expect(text('export-outcome')).toContain(
      'The export failed: Could not write x.csv: the disk is full.'
    )
    expect(focused()).toBe('export-retry')
    click('export-retry')
    await settle()
    expect(exporter.inputs).toHaveLength(2)
    expect(exporter.inputs[1]).toEqual({ ...selection, format: 'csv' })
  })

  it('goes back to the choice when no file was chosen, saying nothing was exported', async () => {
    mountDialog(5)
    await settle()
    click('export-start')
    await settle()
    exporter.end({ status: 'dismissed' })
    await settle()
    expect(text('export-note')).toBe('No file was chosen, so nothing was exported.')
    expect(focused()).toBe('export-start')
  })

  it('stops a running export when it goes away with the page', async () => {
    const wrapper = mountDialog(null)
    await settle()
    click('export-start')
    await settle()
    wrapper.unmount()
    expect(exporter.current!.signal.aborted).toBe(true)
  })
})
