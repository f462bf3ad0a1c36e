// Credentials per exchange as the core reports them: configured or not, a masked hint, where they
// are kept and the last error. Secrets go in (credentials.set) and never come back.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExchangeId } from '../../../../shared/model';
import type { CredentialStatus } from '../../../../shared/credentials';
import type { Coded } from '../../../../shared/notices';
import { api } from '../../api/client';
import { errorMessage } from '../../format';
import { createRemote } from '../../stores/remote';

export interface TestResult {
  ok: boolean;
  /** The core's verdict as a code (worded where it is shown, in the current language). */
  message: Coded;
}

export const useCredentialsStore = defineStore('credentials', () => {
  const statuses = createRemote(() => api().invoke('credentials.status', undefined));
  /** Per exchange: the action under way, its last error and the last test result. */
  const busy = ref<Partial<Record<ExchangeId, 'save' | 'test' | 'remove'>>>({});
  const errors = ref<Partial<Record<ExchangeId, string | null>>>({});
  const tests = ref<Partial<Record<ExchangeId, TestResult | null>>>({});
  let listening = false;

  function ensure(): void {
    if (!listening) {
      listening = true;
      api().on('credentials.changed', (next) => statuses.set(next));
    }
    statuses.ensure();
  }

  function merge(status: CredentialStatus): void {
    const list = statuses.data.value ?? [];
    statuses.set(list.some((s) => s.exchange === status.exchange) ? list.map((s) => (s.exchange === status.exchange ? status : s)) : [...list, status]);
  }

  async function act<T>(exchange: ExchangeId, kind: 'save' | 'test' | 'remove', run: () => Promise<T>): Promise<T | null> {
    busy.value = { ...busy.value, [exchange]: kind };
    errors.value = { ...errors.value, [exchange]: null };
    try {
      return await run();
    } catch (e) {
      errors.value = { ...errors.value, [exchange]: errorMessage(e) };
      return null;
    } finally {
      busy.value = { ...busy.value, [exchange]: undefined };
    }
  }

  async function save(exchange: ExchangeId, fields: Record<string, string>): Promise<boolean> {
    tests.value = { ...tests.value, [exchange]: null };
    const status = await act(exchange, 'save', () => api().invoke('credentials.set', { exchange, fields }));
    if (status) merge(status);
    return status !== null;
  }

  async function test(exchange: ExchangeId): Promise<void> {
    tests.value = { ...tests.value, [exchange]: null };
    const result = await act(exchange, 'test', () => api().invoke('credentials.test', { exchange }));
    if (result) tests.value = { ...tests.value, [exchange]: result };
  }

  async function remove(exchange: ExchangeId): Promise<void> {
    tests.value = { ...tests.value, [exchange]: null };
    const status = await act(exchange, 'remove', () => api().invoke('credentials.remove', { exchange }));
    if (status) merge(status);
  }

  return { statuses, busy, errors, tests, ensure, save, test, remove };
});
