import { describe, expect, it } from 'vitest'
import type { ImportProgressDto } from '@shared/imports'
import { importFileNameProblem } from '@shared/import-upload'
import {
  fileProblemText,
  progressPercent,
  progressText,
  timeLeftText
} from '../../src/renderer/src/import-text'

const running = (over: Partial<ImportProgressDto> = {}): ImportProgressDto => ({
  jobId: 1,
  state: 'running',
  rowsDone: 1500,
  committedThroughRow: 1501,
  rowsPerSecond: 2300.4,
  secondsLeft: 4.2,
  ...over
})

describe('the import screens’ words', () => {
  it('tells rows, rate and time left, and unknown until the core can tell', () => {
    expect(progressText(running())).toBe('1,500 rows · 2,300 rows/s · about 5 s left')
    expect(progressText(running({ secondsLeft: null }))).toBe(
      '1,500 rows · 2,300 rows/s · time left unknown'
    )
    expect(timeLeftText(0.4)).toBe('almost done')
    expect(timeLeftText(600)).toBe('about 10 min left')
    expect(timeLeftText(4 * 3600)).toBe('about 4.0 h left')
  })

  it('makes a share of the rows done and the rows the time left stands for', () => {
    expect(progressPercent(running({ rowsDone: 100, rowsPerSecond: 100, secondsLeft: 3 }))).toBe(25)
    expect(progressPercent(running({ secondsLeft: null }))).toBeNull()
    expect(progressPercent(running({ state: 'cancelled' }))).toBe(100)
    // Never 100 % while the job still runs.
    expect(progressPercent(running({ secondsLeft: 0 }))).toBe(99)
  })

  it('says why a file cannot be imported without the core’s path prefix', () => {
    expect(fileProblemText('a.csv', 'file: not UTF-8: save the file as CSV UTF-8')).toBe(
      'a.csv cannot be imported: not UTF-8: save the file as CSV UTF-8'
    )
  })

  it('takes plain .csv and .xlsx names only', () => {
    expect(importFileNameProblem('Prices été.XLSX')).toBeNull()
    expect(importFileNameProblem('prices.xls')).toMatch(/only \.csv and \.xlsx/)
    expect(importFileNameProblem('dir/prices.csv')).toMatch(/plain name/)
    expect(importFileNameProblem('')).toMatch(/name the file/)
  })
})
