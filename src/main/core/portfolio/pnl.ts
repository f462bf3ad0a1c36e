// Realised and unrealised P&L by average cost, from the deal history, in decimals (big.js) only.
// One position per market (`exchange:BASE/QUOTE`), so its cost is in one currency, the market's quote:
//  - a buy adds its amount and its value to the position; a fee in the quote adds to the cost, a fee in
//    the base reduces the amount received;
//  - a sell realises (proceeds - fee in quote) - average cost × amount sold, and takes that cost out;
//    a fee in the base sells a little more at average cost (a loss of that cost);
//  - selling more than the history bought (deposits the history does not show) realises only the part
//    with a known cost;
//  - fees in a third asset (an exchange token) are kept per asset and valued when the P&L is shown.
// Positions update incrementally as deals arrive; a deal older than what a position has already seen
// rebuilds that one position from the history, so the order of arrival never changes the result.
import Big from 'big.js';
import type { Deal, MarketId } from '../../../shared/model';
import type { DealHistory } from './deal-history';

export interface Position {
  market: MarketId;
  base: string;
  quote: string;
  /** Amount held according to the deals. */
  qty: Big;
  /** What that amount cost, in the market's quote. */
  cost: Big;
  /** Realised P&L so far, in the market's quote (fees in a third asset not included). */
  realised: Big;
  /** Fees paid in neither the base nor the quote, per asset. */
  otherFees: Map<string, Big>;
  /** The newest deal applied (time, then id): an older one means a rebuild. */
  last: { time: number; id: string } | null;
}

const ZERO = new Big(0);

function split(market: MarketId): { base: string; quote: string } {
  const pair = market.slice(market.indexOf(':') + 1);
  const slash = pair.indexOf('/');
  return { base: pair.slice(0, slash), quote: pair.slice(slash + 1) };
}

function emptyPosition(market: MarketId): Position {
  return { market, ...split(market), qty: ZERO, cost: ZERO, realised: ZERO, otherFees: new Map(), last: null };
}

/** Deals in the order they happened (time, then id for fills of the same millisecond). */
export function chronological(a: Deal, b: Deal): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isAfter(deal: Deal, last: Position['last']): boolean {
  return last === null || deal.time > last.time || (deal.time === last.time && deal.id > last.id);
}

/** Applies one deal to a position, in place. */
export function applyDeal(p: Position, d: Deal): void {
  p.last = { time: d.time, id: d.id };
  const amount = new Big(d.amount);
  if (amount.lte(0)) return;
  const value = new Big(d.value);
  const fee = new Big(d.fee);
  const feeAsset = d.feeAsset ?? p.quote;
  const feeQuote = feeAsset === p.quote ? fee : ZERO;
  const feeBase = feeAsset === p.base ? fee : ZERO;
  if (feeAsset !== p.quote && feeAsset !== p.base && !fee.eq(0)) p.otherFees.set(feeAsset, (p.otherFees.get(feeAsset) ?? ZERO).plus(fee));

  if (d.side === 'buy') {
    p.qty = p.qty.plus(amount).minus(feeBase);
    p.cost = p.cost.plus(value).plus(feeQuote);
    return;
  }
  // A sell: realise the part of it that the history has a cost for.
  const sold = amount.gt(p.qty) ? p.qty : amount;
  if (sold.gt(0)) {
    const average = p.cost.div(p.qty);
    const proceeds = value.minus(feeQuote).times(sold).div(amount);
    p.realised = p.realised.plus(proceeds).minus(average.times(sold));
    takeOut(p, sold, average);
  }
  if (feeBase.gt(0) && p.qty.gt(0)) {
    const paid = feeBase.gt(p.qty) ? p.qty : feeBase;
    const average = p.cost.div(p.qty);
    p.realised = p.realised.minus(average.times(paid));
    takeOut(p, paid, average);
  }
}

function takeOut(p: Position, amount: Big, average: Big): void {
  p.qty = p.qty.minus(amount);
  // Emptied: no residue of the division is left behind as cost.
  p.cost = p.qty.eq(0) ? ZERO : p.cost.minus(average.times(amount));
}

/** Positions of every market in the deals, computed from scratch. */
export function positionsFrom(deals: Iterable<Deal>): Map<MarketId, Position> {
  const out = new Map<MarketId, Position>();
  for (const d of [...deals].sort(chronological)) {
    let p = out.get(d.market);
    if (!p) out.set(d.market, (p = emptyPosition(d.market)));
    applyDeal(p, d);
  }
  return out;
}

/** The positions of the deal history, kept current as deals arrive. */
export class PnlBook {
  private positions: Map<MarketId, Position> | null = null;

  constructor(private readonly history: Pick<DealHistory, 'list'>) {}

  /** New deals (as `deals.added` reports them). Before the first read nothing is loaded yet, so nothing to do. */
  add(deals: Deal[]): void {
    if (!this.positions) return;
    const rebuild = new Set<MarketId>();
    for (const d of [...deals].sort(chronological)) {
      const p = this.positions.get(d.market);
      if (!p) this.positions.set(d.market, emptyPosition(d.market));
      if (rebuild.has(d.market)) continue;
      const position = this.positions.get(d.market)!;
      if (isAfter(d, position.last)) applyDeal(position, d);
      else rebuild.add(d.market);
    }
    for (const market of rebuild) this.positions.set(market, positionsFrom(this.history.list({ market })).get(market) ?? emptyPosition(market));
  }

  /** Deals rewritten in place (a corrected side or amount): their markets are computed again. */
  corrected(deals: Deal[]): void {
    if (!this.positions) return;
    for (const market of new Set(deals.map((d) => d.market))) {
      this.positions.set(market, positionsFrom(this.history.list({ market })).get(market) ?? emptyPosition(market));
    }
  }

  all(): Position[] {
    if (!this.positions) this.positions = positionsFrom(this.history.list());
    return [...this.positions.values()];
  }
}
