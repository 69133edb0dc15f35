import type { MassEditJobDto } from '@shared/mass-edit'

function records(count: number): string {
  return `${count} record${count === 1 ? '' : 's'}`
}

/** One sentence for the operator: what changed, what was left, and where a stop left off. */
export function massEditSummary(job: Omit<MassEditJobDto, 'summary'>): string {
  const what = job.change.op === 'clear' ? `Cleared ${job.fieldLabel}` : `Set ${job.fieldLabel}`
  const parts = [`${what} on ${records(job.changed)}`]
  if (job.unchanged > 0)
    parts.push(
      job.change.op === 'clear'
        ? `${records(job.unchanged)} ${job.unchanged === 1 ? 'was' : 'were'} already empty`
        : `${records(job.unchanged)} already had it`
    )
  if (job.refused > 0) parts.push(`${records(job.refused)} refused`)
  if (job.missing > 0) parts.push(`${records(job.missing)} no longer existed`)
  const counts = parts.join('; ')
  const left = job.total - job.done
  switch (job.state) {
    case 'running':
      return `Editing: ${job.done} of ${records(job.total)} done. ${counts}.`
    case 'finished':
      return `${counts}.`
    case 'cancelled':
      return `Cancelled after ${job.done} of ${records(job.total)}: ${counts}; those changes stay. The other ${records(left)} were not touched.`
    case 'interrupted':
      return `Interrupted (the app was closing) after ${job.done} of ${records(job.total)}: ${counts}; those changes stay. The other ${records(left)} were not touched.`
    case 'failed':
      return `Stopped on an error after ${job.done} of ${records(job.total)}: ${counts}; those changes stay. ${job.error ?? ''}`.trim()
  }
}
