import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type { AccountDto } from '@shared/dto'
import { api } from '../api'

export const useAccountStore = defineStore('account', () => {
  const account = ref<AccountDto | null>(null)

  async function load(): Promise<void> {
    account.value = await api().call('account.get', {})
  }

  async function update(changes: ApiInput<'account.update'>): Promise<AccountDto> {
    account.value = await api().call('account.update', changes)
    return account.value
  }

  return { account, load, update }
})
