import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DemoStatusDto } from '@shared/dto'
import { api } from '../api'

/** The demo's simulator (`npm run demo`); a normal run answers `active: false`. */
export const useDemoStore = defineStore('demo', () => {
  const status = ref<DemoStatusDto | null>(null)

  async function load(): Promise<DemoStatusDto> {
    status.value = await api().call('demo.status', {})
    return status.value
  }

  async function setPaused(paused: boolean): Promise<DemoStatusDto> {
    status.value = await api().call('demo.setPaused', { paused })
    return status.value
  }

  return { status, load, setPaused }
})
