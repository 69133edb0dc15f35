import { useConfirm } from 'primevue/useconfirm'
import { returnFocus } from './use-return-focus'

/** The one way the app asks before deleting something: same icon, wording and buttons everywhere. */
export function useConfirmDelete() {
  const confirm = useConfirm()
  return (question: { header: string; message: string; accept: () => void | Promise<void> }) => {
    const opener = document.activeElement
    confirm.require({
      header: question.header,
      message: question.message,
      icon: 'pi pi-exclamation-triangle',
      // Enter or Space right after opening must not destroy anything.
      defaultFocus: 'reject',
      acceptProps: { label: 'Delete', severity: 'danger' },
      rejectProps: { label: 'Cancel', severity: 'secondary', outlined: true },
      accept: () => {
        void (async () => {
          await question.accept()
          // The deleted thing's button usually goes with it: keep focus on the page, not <body>.
          await returnFocus(opener)
        })()
      }
    })
  }
}
