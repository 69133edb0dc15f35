import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RecordType } from '@shared/entity-catalog'
import type { ImportJobDto, ImportMapping, ImportPreviewDto, StagedUpload } from '@shared/imports'
import { api } from '../api'
import { downloadBlob } from '../download'

/**
 * The import screens' way to the core: staging a file (the shell's own road), preview, jobs
 * and their refused rows, and the recent jobs of the type on screen (an interrupted one shows
 * there after a restart).
 */
export const useImportsStore = defineStore('imports', () => {
  const recent = ref<ImportJobDto[]>([])

  const nativeDialog = (): boolean => api().importUpload.nativeDialog
  const chooseNative = (): Promise<StagedUpload | null> => api().importUpload.choose()
  const upload = (file: File): Promise<StagedUpload> => api().importUpload.upload(file)

  function preview(input: {
    uploadId: string
    type: RecordType
    mapping?: ImportMapping
    matchBy: string
  }): Promise<ImportPreviewDto> {
    return api().call('imports.preview', input)
  }

  function start(input: {
    uploadId: string
    type: RecordType
    mapping: ImportMapping
    matchBy: string
    dryRun: boolean
  }): Promise<ImportJobDto> {
    return api().call('imports.start', input)
  }

  const get = (jobId: number) => api().call('imports.get', { jobId })
  const cancel = (jobId: number) => api().call('imports.cancel', { jobId })
  const errors = (jobId: number, cursor: string | null, limit: number) =>
    api().call('imports.errors', { jobId, limit, ...(cursor ? { cursor } : {}) })

  async function downloadErrors(jobId: number): Promise<void> {
    const file = await api().call('imports.errorsCsv', { jobId })
    downloadBlob(file.fileName, new Blob([file.csv], { type: 'text/csv;charset=utf-8' }))
  }

  async function loadRecent(type: RecordType): Promise<void> {
    const jobs = await api().call('imports.list', { limit: 50 })
    recent.value = jobs.filter((job) => job.type === type).slice(0, 10)
  }

  return {
    recent,
    nativeDialog,
    chooseNative,
    upload,
    preview,
    start,
    get,
    cancel,
    errors,
    downloadErrors,
    loadRecent
  }
})
