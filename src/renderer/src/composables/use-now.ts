// One shared wall clock for countdowns and the header clock, ticking on the second while at
// least one component uses it (so idle screens schedule no timers).
import { onScopeDispose, readonly, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  now.value = Date.now();
  // Aligned to the next whole second, so a clock never skips or repeats a second.
  timer = setTimeout(tick, 1000 - (now.value % 1000) + 5);
}

export function useNow(): Readonly<Ref<number>> {
  if (users++ === 0) tick();
  onScopeDispose(() => {
    if (--users === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  });
  return readonly(now);
}
