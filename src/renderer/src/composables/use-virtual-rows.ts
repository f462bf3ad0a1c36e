// Virtual scrolling with a fixed row height: only the rows in view (and a few either side) exist in
// the DOM, whatever the row count. Scroll positions are read once per animation frame; a new row
// count or a new element is measured at once.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

export interface RowRange {
  start: number;
  end: number;
}

/** The rows to render for a scroll position: [start, end), with `overscan` rows either side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

export function useVirtualRows(el: Ref<HTMLElement | null>, rowHeight: number, count: Ref<number>, overscan = 6) {
  const range = ref<RowRange>({ start: 0, end: 0 });
  let frame = 0;
  let viewport = 0;

  function measure(): void {
    frame = 0;
    const node = el.value;
    if (!node) return;
    const next = visibleRange(node.scrollTop, viewport || node.clientHeight, rowHeight, count.value, overscan);
    if (next.start !== range.value.start || next.end !== range.value.end) range.value = next;
  }

  function schedule(): void {
    if (!frame) frame = requestAnimationFrame(measure);
  }

  const observer = new ResizeObserver(([entry]) => {
    viewport = entry?.contentRect.height ?? 0;
    schedule();
  });

  watch(
    el,
    (node, old) => {
      old?.removeEventListener('scroll', schedule);
      observer.disconnect();
      if (node) {
        node.addEventListener('scroll', schedule, { passive: true });
        observer.observe(node);
        measure(); // now, not on the next animation frame: the first render shows the rows at once
      }
    },
    { immediate: true, flush: 'post' },
  );
  // A new row count (another list, a row added or removed) takes effect in the same render, so the
  // rows never lag a frame behind the list (and are right even where frames are throttled).
  watch(count, () => measure());
  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    el.value?.removeEventListener('scroll', schedule);
    observer.disconnect();
  });

  /** Scrolls so row `index` is in view. */
  function scrollTo(index: number): void {
    el.value?.scrollTo({ top: index * rowHeight });
  }

  return { range, scrollTo };
}
