// Briefly marks a price as having ticked up or down, so the eye catches moves in a dense list.
// Every flash on screen shares one timer (flashes end in the order they start, as they all last
// the same): hundreds of rows ticking 10 times a second would otherwise set and clear a timer each.
import { onScopeDispose, ref, watch, type Ref } from 'vue';

export type Flash = 'up' | 'down' | null;

/** Flashes by the time they end, oldest first (a Map keeps insertion order; re-adding moves one last). */
const ending = new Map<Ref<Flash>, number>();
let timer: ReturnType<typeof setTimeout> | undefined;

function sweep(): void {
  timer = undefined;
  const now = performance.now();
  for (const [flash, until] of ending) {
    if (until > now) {
      timer = setTimeout(sweep, until - now);
      return;
    }
    flash.value = null;
    ending.delete(flash);
  }
}

export function usePriceFlash(price: () => string | null, durationMs = 300): Ref<Flash> {
  const flash = ref<Flash>(null);
  watch(price, (next, prev) => {
    if (next === null || prev === null || prev === undefined) return;
    const delta = Number(next) - Number(prev);
    if (!delta) return;
    flash.value = delta > 0 ? 'up' : 'down';
    ending.delete(flash);
    ending.set(flash, performance.now() + durationMs);
    timer ??= setTimeout(sweep, durationMs);
  });
  onScopeDispose(() => ending.delete(flash));
  return flash;
}
