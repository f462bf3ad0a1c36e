// Briefly marks a price as having ticked up or down, so the eye catches moves in a dense list.
import { onScopeDispose, ref, watch, type Ref } from 'vue';

export type Flash = 'up' | 'down' | null;

export function usePriceFlash(price: () => string | null, durationMs = 300): Ref<Flash> {
  const flash = ref<Flash>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(price, (next, prev) => {
    if (next === null || prev === null || prev === undefined) return;
    const delta = Number(next) - Number(prev);
    if (!delta) return;
    flash.value = delta > 0 ? 'up' : 'down';
    clearTimeout(timer);
    timer = setTimeout(() => (flash.value = null), durationMs);
  });
  onScopeDispose(() => clearTimeout(timer));
  return flash;
}
