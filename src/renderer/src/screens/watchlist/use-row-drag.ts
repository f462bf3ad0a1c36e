// Reordering a watchlist by dragging rows: where the dragged market would land, and the index to
// send with watchlist.move (its position in the list once it has been taken out).
import { ref } from 'vue';
import type { MarketId } from '../../../../shared/model';

export interface DropTarget {
  market: MarketId;
  edge: 'above' | 'below';
}

/** The final index of `dragged` when dropped at `target`'s edge, or null when nothing would move. */
export function dropIndex(markets: readonly MarketId[], dragged: MarketId, target: DropTarget): number | null {
  const rest = markets.filter((m) => m !== dragged);
  const at = rest.indexOf(target.market);
  if (at < 0) return null;
  const index = target.edge === 'above' ? at : at + 1;
  return markets.indexOf(dragged) === index ? null : index;
}

export function useRowDrag(markets: () => readonly MarketId[], move: (market: MarketId, index: number) => void) {
  const dragging = ref<MarketId | null>(null);
  const target = ref<DropTarget | null>(null);

  function start(event: DragEvent, market: MarketId): void {
    dragging.value = market;
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', market);
    }
  }

  function over(event: DragEvent, market: MarketId): void {
    if (!dragging.value) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    const row = event.currentTarget as HTMLElement;
    const box = row.getBoundingClientRect();
    const edge = event.clientY < box.top + box.height / 2 ? 'above' : 'below';
    if (target.value?.market !== market || target.value.edge !== edge) target.value = { market, edge };
  }

  function drop(event: DragEvent): void {
    event.preventDefault();
    const dragged = dragging.value;
    const at = target.value;
    end();
    if (!dragged || !at) return;
    const index = dropIndex(markets(), dragged, at);
    if (index !== null) move(dragged, index);
  }

  function end(): void {
    dragging.value = null;
    target.value = null;
  }

  function edgeOf(market: MarketId): 'above' | 'below' | null {
    return target.value?.market === market && dragging.value !== market ? target.value.edge : null;
  }

  return { dragging, start, over, drop, end, edgeOf };
}
