import { useConfirm } from 'primevue/useconfirm'

/** The one way the app asks before deleting something: same icon, wording and buttons everywhere. */
export function useConfirmDelete() {
  const confirm = useConfirm()
  return (question: { header: string; message: string; accept: () => void | Promise<void> }) =>
    confirm.require({
      header: question.header,
      message: question.message,
      icon: 'pi pi-exclamation-triangle',
      acceptProps: { label: 'Delete', severity: 'danger' },
      rejectProps: { label: 'Cancel', severity: 'secondary', outlined: true },
      accept: question.accept
    })
}
