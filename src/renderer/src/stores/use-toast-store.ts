// Short-lived messages in the corner: fired alerts, and actions that failed away from their screen.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { MarketId } from '../../../shared/model';

export type ToastTone = 'info' | 'good' | 'warn' | 'bad';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body: string | null;
  /** A market the toast can open. */
  market: MarketId | null;
  folded: number;
  /** One action the toast offers (e.g. Undo); running it dismisses the toast. */
  action: { label: string; run: () => void } | null;
}

const MAX_TOASTS = 4;
const DEFAULT_TTL_MS = 8_000;

export const useToastStore = defineStore('toasts', () => {
  const toasts = shallowRef<readonly Toast[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function schedule(id: number, ttlMs: number): void {
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => dismiss(id), ttlMs));
  }

  function push(toast: Partial<Omit<Toast, 'id'>> & { title: string }, ttlMs = DEFAULT_TTL_MS): number {
    const id = nextId++;
    const next: Toast = { tone: 'info', body: null, market: null, folded: 0, action: null, ...toast, id };
    const kept = [...toasts.value, next];
    for (const old of kept.splice(0, Math.max(0, kept.length - MAX_TOASTS))) dismiss(old.id);
    toasts.value = kept;
    schedule(id, ttlMs);
    return id;
  }

  /** Holds a toast while the pointer or focus is on it, so it can be read and acted on. */
  function hold(id: number): void {
    clearTimeout(timers.get(id));
  }

  function release(id: number): void {
    if (toasts.value.some((t) => t.id === id)) schedule(id, DEFAULT_TTL_MS / 2);
  }

  return { toasts, push, dismiss, hold, release };
});
