/**
 * Saves a blob as a file the browser downloads. A blob URL and an `<a download>` work in the
 * headless shell's Chromium and in the desktop window alike (Electron asks where to save it), so
 * no IPC is needed.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started by now; a late revoke costs nothing.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Saves a JSON document as a file the browser downloads. */
export function downloadJson(fileName: string, value: unknown): void {
  downloadBlob(
    fileName,
    new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' })
  )
}
