// The accounts added beside each exchange's main one (sub-accounts), as the core reports them: label,
// masked hint, link state and problem. Keys go in (accounts.add) and never come back.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AccountInput, AccountStatus } from '../../../../shared/accounts';
import { api } from '../../api/client';
import { errorMessage } from '../../format';
import { createRemote } from '../../stores/remote';

export const useAccountsStore = defineStore('accounts', () => {
  const accounts = createRemote(() => api().invoke('accounts.list', undefined));
  const busy = ref(false);
  const error = ref<string | null>(null);
  let listening = false;

  function ensure(): void {
    if (!listening) {
      listening = true;
      api().on('accounts.changed', (next) => accounts.set(next));
    }
    accounts.ensure();
  }

  async function run(action: () => Promise<AccountStatus[]>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      accounts.set(await action());
      return true;
    } catch (e) {
      error.value = errorMessage(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  const add = (input: AccountInput) => run(() => api().invoke('accounts.add', input));
  const remove = (exchange: AccountInput['exchange'], label: string) => run(() => api().invoke('accounts.remove', { exchange, label }));

  return { accounts, busy, error, ensure, add, remove };
});
