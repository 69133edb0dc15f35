import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import type { ImportJobDto, ImportProgressDto } from '@shared/imports'
import { api } from '../api'
import { useImportsStore } from '../stores/imports.store'
import { errorMessage } from './use-feedback'

/** A push may be missed (the event stream reconnecting): the job is also asked this often. */
const POLL_MS = 2_000

type StartInput = Parameters<ReturnType<typeof useImportsStore>['start']>[0]

/**
 * The import job on screen, followed to its end: started, its progress from the core's
 * `import.progress` pushes (with a slow poll in case one is missed), Cancel, and the job as it
 * ended, handed to `onEnded`.
 */
export function useImportJob(hooks: {
  onStarted(job: ImportJobDto): void
  onEnded(job: ImportJobDto): void
}) {
  const imports = useImportsStore()
  const job = ref<ImportJobDto | null>(null)
  const progress = ref<ImportProgressDto | null>(null)
  const cancelling = ref(false)
  const starting = ref(false)
  const error = ref<string | null>(null)
  const running = computed(() => job.value?.state === 'running')
  let poll: ReturnType<typeof setTimeout> | null = null
  let stopPushes: (() => void) | null = null

  async function start(input: StartInput): Promise<void> {
    if (running.value || starting.value) return
    starting.value = true
    error.value = null
    try {
      const started = await imports.start(input)
      job.value = started
      cancelling.value = false
      progress.value = {
        jobId: started.id,
        state: started.state,
        rowsDone: started.rowsDone,
        committedThroughRow: started.committedThroughRow,
        rowsPerSecond: 0,
        secondsLeft: null
      }
      hooks.onStarted(started)
      schedulePoll()
      if (started.state !== 'running') await finish()
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      starting.value = false
    }
  }

  function schedulePoll(): void {
    if (poll) clearTimeout(poll)
    poll = setTimeout(() => void pollJob(), POLL_MS)
  }

  async function pollJob(): Promise<void> {
    poll = null
    const current = job.value
    if (!current || current.state !== 'running') return
    try {
      const latest = await imports.get(current.id)
      if (job.value?.id !== latest.id) return
      if (latest.state !== 'running') return await finish()
    } catch {
      // The next poll or push tells.
    }
    schedulePoll()
  }

  function onProgress(next: ImportProgressDto): void {
    if (job.value?.id !== next.jobId || job.value.state !== 'running') return
    progress.value = next
    if (next.state !== 'running') void finish()
  }

  async function finish(): Promise<void> {
    const current = job.value
    if (!current) return
    const ended = await imports.get(current.id)
    if (job.value?.id !== ended.id || ended.state === 'running') return
    job.value = ended
    if (poll) clearTimeout(poll)
    poll = null
    cancelling.value = false
    hooks.onEnded(ended)
  }

  async function cancel(): Promise<void> {
    if (!job.value || cancelling.value) return
    cancelling.value = true
    try {
      await imports.cancel(job.value.id)
    } catch (failure) {
      cancelling.value = false
      error.value = errorMessage(failure)
    }
  }

  function reset(): void {
    job.value = null
    progress.value = null
    error.value = null
  }

  onMounted(() => {
    stopPushes = api().onPush((event) => {
      if (event.type === 'import.progress') onProgress(event.progress)
    })
  })

  onBeforeUnmount(() => {
    stopPushes?.()
    if (poll) clearTimeout(poll)
  })

  return { job, progress, cancelling, starting, error, running, start, cancel, reset }
}
