import { csvRow } from '@shared/csv'
import type { ImportErrorPage, ImportJobDto } from '@shared/imports'

/**
 * A job's refused rows as CSV (row, column, message), written through `src/shared/csv.ts` like
 * every export: a cell that would start a formula (a refused cell's text is the file's) is
 * neutralized. Rows beyond the kept ones are counted in a last line.
 */
export async function importErrorsCsv(
  job: ImportJobDto,
  page: (after: number, limit: number) => Promise<ImportErrorPage>
): Promise<{ fileName: string; csv: string }> {
  const lines = [csvRow(['row', 'column', 'message'])]
  let after = 0
  for (;;) {
    const { items, nextCursor } = await page(after, 1000)
    for (const error of items) lines.push(csvRow([error.row, error.column, error.message]))
    if (nextCursor === null) break
    after = Number(nextCursor)
  }
  if (job.errorsBeyond > 0)
    lines.push(csvRow([null, null, `${job.errorsBeyond} more messages were not kept`]))
  return { fileName: `import-${job.id}-errors.csv`, csv: lines.join('') }
}
