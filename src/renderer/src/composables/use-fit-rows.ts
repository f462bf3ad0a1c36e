// How many fixed-height rows fit in an element, following its size: lists that must never show a
// half-cut row (the order book) render exactly that many. The element may come and go.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

export function useFitRows(el: Ref<HTMLElement | null>, rowHeight: number, fallback: number): Ref<number> {
  const rows = ref(fallback);
  const observer = new ResizeObserver(([entry]) => {
    const height = entry?.contentRect.height ?? 0;
    const next = Math.max(1, Math.floor(height / rowHeight));
    if (height > 0 && next !== rows.value) rows.value = next;
  });
  watch(
    el,
    (node) => {
      observer.disconnect();
      if (node) observer.observe(node);
    },
    { immediate: true, flush: 'post' },
  );
  onBeforeUnmount(() => observer.disconnect());
  return rows;
}
