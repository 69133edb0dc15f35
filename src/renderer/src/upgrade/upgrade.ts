import type { UpgradeProgress } from '@shared/desktop-ipc'
import { initColorScheme } from '../composables/use-color-scheme'
import { upgradeView } from './upgrade-text'
import './upgrade.css'

/**
 * The upgrade window's page (upgrade.html): the desktop opens it while the data folder's
 * migrations run, before the app's own window, and feeds it progress through `window.upgrade`.
 */
initColorScheme()

const step = document.getElementById('upgrade-step')!
const bar = document.getElementById('upgrade-bar')!
const fill = document.getElementById('upgrade-fill')!

function show(progress: UpgradeProgress | null): void {
  const view = upgradeView(progress)
  step.textContent = view.step
  bar.classList.toggle('indeterminate', view.bar === null)
  if (view.bar) {
    bar.setAttribute('aria-valuemax', String(view.bar.total))
    bar.setAttribute('aria-valuenow', String(view.bar.done))
    bar.setAttribute('aria-valuetext', view.bar.text)
    fill.style.width = `${(100 * view.bar.done) / view.bar.total}%`
  } else {
    // Indeterminate: a progressbar without a value, in words only.
    bar.removeAttribute('aria-valuenow')
    bar.setAttribute('aria-valuetext', view.step)
    fill.style.removeProperty('width')
  }
  document.body.dataset.phase = progress?.phase ?? 'starting'
}

show(null)
window.upgrade?.onProgress(show)
