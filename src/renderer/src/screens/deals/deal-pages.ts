// The deal history as pages fetched on demand (deals.page): the table asks for the rows it shows,
// missing pages are fetched once the scroll rests (or every few hundred ms during a long one), a
// few at a time and for the latest window only, so a fast scroll through 100,000 rows does not
// queue a thousand requests; a bounded cache keeps recent pages.
// Rows live outside reactivity: `version` says when something arrived.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { Deal } from '../../../../shared/model';
import type { DealTotals } from '../../../../shared/deals';
import { errorMessage } from '../../format';

export interface PageReply {
  total: number;
  rows: Deal[];
  totals: DealTotals;
}

export type FetchPage = (offset: number, limit: number) => Promise<PageReply>;

export interface DealPagesOptions {
  pageSize?: number;
  /** Pages kept; the least recently used go first. */
  maxPages?: number;
  /** Requests in flight at once. */
  maxInFlight?: number;
  /** How long a scroll must rest before its pages are fetched… */
  settleMs?: number;
  /** …unless it has been scrolling this long: then the window of the moment is fetched. */
  maxWaitMs?: number;
}

export interface DealPages {
  state: Ref<'loading' | 'ready' | 'error'>;
  error: Ref<string | null>;
  total: Ref<number>;
  totals: ShallowRef<DealTotals | null>;
  /** Bumped whenever rows arrive. */
  version: Ref<number>;
  rowAt(index: number): Deal | undefined;
  /** The rows [from, to) are on screen: fetch what is missing. */
  want(from: number, to: number): void;
  /** A new filter: everything cached is dropped and the first page fetched. */
  reset(fetch: FetchPage): void;
  /** Same filter, fresher data (new deals arrived): refetches the pages on screen. */
  refresh(): void;
  /** Fetches again the pages that failed. */
  retry(): void;
  /** How many pages are cached and in flight (for tests and diagnostics). */
  stats(): { cached: number; inFlight: number; requested: number };
}

export function createDealPages(options: DealPagesOptions = {}): DealPages {
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 40;
  const maxInFlight = options.maxInFlight ?? 3;
  const settleMs = options.settleMs ?? 60;
  const maxWaitMs = options.maxWaitMs ?? 300;

  const state = ref<'loading' | 'ready' | 'error'>('loading');
  const error = ref<string | null>(null);
  const total = ref(0);
  const totals = shallowRef<DealTotals | null>(null);
  const version = ref(0);

  let fetchPage: FetchPage | null = null;
  let generation = 0;
  const cache = new Map<number, Deal[]>();
  const inFlight = new Set<number>();
  /** Pages whose last fetch failed: not fetched again until retry(), so an error cannot loop. */
  const failed = new Set<number>();
  let window: [number, number] = [0, pageSize];
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the current burst of scrolling began (the first want() not yet served). */
  let burstStart: number | null = null;
  let requested = 0;

  function store(page: number, rows: Deal[]): void {
    cache.delete(page);
    cache.set(page, rows);
    while (cache.size > maxPages) {
      const oldest = cache.keys().next().value as number;
      cache.delete(oldest);
    }
  }

  function wantedPages(): number[] {
    const [from, to] = window;
    const last = Math.max(0, Math.ceil(Math.min(to, Math.max(total.value, pageSize)) / pageSize) - 1);
    const pages: number[] = [];
    for (let p = Math.floor(from / pageSize); p <= last; p++) pages.push(p);
    return pages;
  }

  async function load(page: number, mine: number): Promise<void> {
    if (!fetchPage) return;
    inFlight.add(page);
    requested++;
    try {
      const reply = await fetchPage(page * pageSize, pageSize);
      if (mine !== generation) return;
      store(page, reply.rows);
      total.value = reply.total;
      totals.value = reply.totals;
      state.value = 'ready';
      error.value = null;
      version.value++;
    } catch (e) {
      if (mine !== generation) return;
      failed.add(page);
      error.value = errorMessage(e);
      if (state.value === 'loading') state.value = 'error';
    } finally {
      if (mine === generation) {
        inFlight.delete(page);
        // Still scrolling: the settle timer fetches the window the scroll ends on.
        if (timer === null) pump();
      }
    }
  }

  /** Starts fetches for the pages of the latest window that are neither cached nor on their way. */
  function pump(): void {
    const mine = generation;
    for (const page of wantedPages()) {
      if (inFlight.size >= maxInFlight) return;
      if (cache.has(page)) {
        store(page, cache.get(page)!); // touch: recently used
        continue;
      }
      if (!inFlight.has(page) && !failed.has(page)) void load(page, mine);
    }
  }

  function want(from: number, to: number): void {
    window = [Math.max(0, from), Math.max(from, to)];
    const now = Date.now();
    burstStart ??= now;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = null;
        burstStart = null;
        pump();
      },
      Math.max(0, Math.min(settleMs, burstStart + maxWaitMs - now)),
    );
  }

  function reset(next: FetchPage): void {
    generation++;
    fetchPage = next;
    cache.clear();
    inFlight.clear();
    failed.clear();
    if (timer !== null) clearTimeout(timer);
    timer = null;
    burstStart = null;
    state.value = 'loading';
    error.value = null;
    total.value = 0;
    totals.value = null;
    window = [0, pageSize];
    version.value++;
    pump();
  }

  function refresh(): void {
    if (!fetchPage) return;
    generation++;
    const mine = generation;
    inFlight.clear();
    failed.clear();
    // Rows on screen stay until their fresh page replaces them; pages off screen may have shifted.
    const wanted = wantedPages();
    for (const page of [...cache.keys()]) if (!wanted.includes(page)) cache.delete(page);
    for (const page of wanted) {
      if (inFlight.size >= maxInFlight) break;
      void load(page, mine);
    }
  }

  function retry(): void {
    failed.clear();
    if (state.value === 'error') state.value = 'loading';
    error.value = null;
    pump();
  }

  function rowAt(index: number): Deal | undefined {
    return cache.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  return {
    state,
    error,
    total,
    totals,
    version,
    rowAt,
    want,
    reset,
    refresh,
    retry,
    stats: () => ({ cached: cache.size, inFlight: inFlight.size, requested }),
  };
}
