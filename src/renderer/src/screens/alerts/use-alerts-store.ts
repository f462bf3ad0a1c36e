// Alert rules and the alerts that fired. A fired alert also shows a toast, wherever the user is.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RequestOf } from '../../../../shared/contract';
import type { AlertRule, FiredAlert } from '../../../../shared/alerts';
import { api } from '../../api/client';
import { errorMessage } from '../../format';
import { createRemote } from '../../stores/remote';
import { useToastStore } from '../../stores/use-toast-store';
import { codeText } from '../../i18n/coded';
import { usePrivacy } from '../../composables/use-privacy';

/** Fired alerts kept on screen (the core keeps the full history). */
export const HISTORY_LIMIT = 500;

export type AlertDraft = RequestOf<'alerts.save'>;

export const useAlertsStore = defineStore('alerts', () => {
  const rules = createRemote(() => api().invoke('alerts.list', undefined));
  const history = createRemote(() => api().invoke('alerts.history', undefined));
  const paused = ref<boolean | null>(null);
  const actionError = ref<string | null>(null);
  const busy = ref(false);
  let listening = false;

  function onFired(alert: FiredAlert): void {
    // Alert texts may carry the user's amounts: privacy mode masks their numbers in the toast too.
    const { masked } = usePrivacy();
    useToastStore().push({ tone: 'warn', title: masked(codeText(alert.title)), body: masked(codeText(alert.body)), market: alert.market, folded: alert.folded }, 10_000);
    if (history.data.value) history.set([alert, ...history.data.value.filter((a) => a.id !== alert.id)].slice(0, HISTORY_LIMIT));
  }

  /** Toasts for fired alerts from the start, whichever screen is open. */
  function listen(): void {
    if (listening) return;
    listening = true;
    api().on('alert.fired', onFired);
    api().on('alerts.changed', (next) => rules.set(next));
  }

  function ensure(): void {
    listen();
    rules.ensure();
    history.ensure();
  }

  async function run<T>(action: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    actionError.value = null;
    try {
      return await action();
    } catch (e) {
      actionError.value = errorMessage(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function save(draft: AlertDraft): Promise<AlertRule | null> {
    const saved = await run(() => api().invoke('alerts.save', draft));
    if (saved && rules.data.value) {
      const list = rules.data.value;
      rules.set(list.some((r) => r.id === saved.id) ? list.map((r) => (r.id === saved.id ? saved : r)) : [...list, saved]);
    }
    return saved;
  }

  async function remove(id: string): Promise<boolean> {
    const next = await run(() => api().invoke('alerts.delete', { id }));
    if (next) rules.set(next);
    return next !== null;
  }

  async function setPaused(value: boolean): Promise<void> {
    const reply = await run(() => api().invoke('alerts.pause', { paused: value }));
    if (reply) paused.value = reply.paused;
  }

  return { rules, history, paused, actionError, busy, listen, ensure, save, remove, setPaused };
});
