// iTick symbol names. We subscribe with "BTCUSDT", but pushes may name the same market "ETH_USDT",
// "BTCUSDT$BA" (symbol$region) or "BA_BTC_USDT" (REST): all of them map to one market id.
import type { MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { marketId } from '../../../shared/model';

/** iTick's crypto regions (exchanges whose prices it relays); BA is its default. */
export const REGIONS = new Set(['BA', 'BT', 'PB']);
export const DEFAULT_REGION = 'BA';

/** Quote currencies, longest first, to split a glued name we did not ask for ("SOLUSDC" → SOL/USDC). */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB'];

const ASSET = /^[A-Z0-9]{1,20}$/;

/** Widely traded pairs iTick relays, with the price digits its feed uses (it has no market list). */
const COMMON_PAIRS: readonly { base: string; quote: string; pricePrecision: number }[] = [
  { base: 'BTC', quote: 'USDT', pricePrecision: 2 },
  { base: 'ETH', quote: 'USDT', pricePrecision: 2 },
  { base: 'SOL', quote: 'USDT', pricePrecision: 3 },
  { base: 'XRP', quote: 'USDT', pricePrecision: 5 },
  { base: 'DOGE', quote: 'USDT', pricePrecision: 6 },
  { base: 'LTC', quote: 'USDT', pricePrecision: 2 },
  { base: 'BNB', quote: 'USDT', pricePrecision: 1 },
  { base: 'ADA', quote: 'USDT', pricePrecision: 5 },
  { base: 'ETH', quote: 'BTC', pricePrecision: 6 },
  { base: 'TRX', quote: 'USDT', pricePrecision: 5 },
];

/** The name we send for a market: base and quote glued, "BTCUSDT". */
export function wireSymbol(market: Pick<MarketRef, 'base' | 'quote'>): string {
  return `${market.base}${market.quote}`;
}

export interface SplitSymbol {
  /** Base and quote glued, the key we match our own subscriptions on. */
  glued: string;
  base: string | null;
  quote: string | null;
}

/** Reads any of iTick's spellings of a symbol; null when it is not a symbol at all. */
export function splitSymbol(raw: string): SplitSymbol | null {
  if (raw.length === 0 || raw.length > 48) return null;
  let name = raw.trim().toUpperCase();
  const dollar = name.indexOf('$');
  if (dollar >= 0) name = name.slice(0, dollar); // "BTCUSDT$BA": the region is not part of the market
  const parts = name.split(/[_\-/]/);
  if (parts.length === 3 && REGIONS.has(parts[0]!)) parts.shift(); // "BA_BTC_USDT"
  if (!parts.every((p) => ASSET.test(p))) return null;
  if (parts.length === 2) return { glued: parts[0]! + parts[1]!, base: parts[0]!, quote: parts[1]! };
  if (parts.length !== 1) return null;
  const glued = parts[0]!;
  const quote = QUOTES.find((q) => glued.length > q.length && glued.endsWith(q));
  return { glued, base: quote ? glued.slice(0, -quote.length) : null, quote: quote ?? null };
}

/**
 * Maps pushed symbols to market ids. The markets we asked for win (we know their exact split);
 * other names are split by their separator or a known quote currency. Results are cached, as the
 * same few names arrive thousands of times.
 */
export class SymbolResolver {
  private readonly known = new Map<string, MarketId>();
  private readonly cache = new Map<string, MarketId | null>();

  /** Replaces the markets we asked for. */
  setKnown(markets: Iterable<MarketRef>): void {
    this.known.clear();
    this.cache.clear();
    for (const m of markets) this.known.set(wireSymbol(m), marketId({ ...m, exchange: 'itick' }));
  }

  resolve(raw: string): MarketId | null {
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    const split = splitSymbol(raw);
    let id: MarketId | null = null;
    if (split) id = this.known.get(split.glued) ?? (split.base && split.quote ? `itick:${split.base}/${split.quote}` : null);
    if (this.cache.size >= 2048) this.cache.clear(); // a hostile feed of ever-new names stays bounded
    this.cache.set(raw, id);
    return id;
  }
}

/**
 * iTick has no market-list endpoint in the seed, so search offers a small built-in list of major
 * pairs: the ones the demo simulator trades. Any other pair can still be watched by its id.
 */
export function knownMarkets(): MarketInfo[] {
  return COMMON_PAIRS.map((m) => ({
    market: marketId({ exchange: 'itick', base: m.base, quote: m.quote }),
    base: m.base,
    quote: m.quote,
    pricePrecision: m.pricePrecision,
    amountPrecision: 4,
  }));
}
