// Balances and open orders across exchanges: account.snapshot, then the whole account again with
// every account.changed push (it is small).
import { defineStore } from 'pinia';
import { api } from '../../api/client';
import { createRemote } from '../../stores/remote';
import type { ExchangeId } from '../../../../shared/model';

/** The exchanges that keep an account (iTick serves market data only). */
export const ACCOUNT_EXCHANGES: readonly ExchangeId[] = ['cryptomus', 'coinking'];

export const useAccountStore = defineStore('account', () => {
  const account = createRemote(() => api().invoke('account.snapshot', undefined));
  let listening = false;

  function ensure(): void {
    if (!listening) {
      listening = true;
      api().on('account.changed', (snapshot) => account.set(snapshot));
    }
    account.ensure();
  }

  return { account, ensure };
});
