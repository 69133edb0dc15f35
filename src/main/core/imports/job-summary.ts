import type { ImportJobDto } from '@shared/imports'

const count = (n: number, what: string): string => `${n.toLocaleString('en-US')} ${what}`

/** The job in one sentence: what it did and, when it stopped early, up to which row. */
export function jobSummary(job: Omit<ImportJobDto, 'summary'>): string {
  const verb = job.dryRun ? 'would be ' : ''
  const counts = [
    count(job.created, `${verb}created`),
    count(job.updated, `${verb}updated`),
    count(job.unchanged, 'unchanged'),
    count(job.refused, `${verb}refused`)
  ].join(', ')
  const through =
    job.committedThroughRow === null
      ? 'no row was saved'
      : `rows up to ${job.committedThroughRow} were saved`
  const saved = job.dryRun ? 'a dry run saves nothing' : through
  switch (job.state) {
    case 'running':
      return `Importing: ${counts} so far.`
    case 'finished':
      return `${job.dryRun ? 'Dry run finished' : 'Finished'}: ${counts}.`
    case 'cancelled':
      return `Cancelled: ${saved}; ${counts}.`
    case 'interrupted':
      return `Interrupted (the app stopped): ${saved}; ${counts}. Import the rows after it again.`
    case 'failed':
      return `Failed: ${job.error ?? 'unknown error'}; ${saved}; ${counts}.`
  }
}
