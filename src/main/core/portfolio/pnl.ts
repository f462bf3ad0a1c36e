// Realised and unrealised P&L by average cost or FIFO, from the deal history, in decimals (big.js) only.
// The method only decides which cost leaves the position when something is sold: average cost takes
// the average of what is held; FIFO takes the oldest buys (lots) first. Everything else is the same.
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
import type { PnlMethod } from '../../../shared/portfolio';
import type { DealHistory } from './deal-history';

/** One buy still (partly) held, for FIFO: its amount and what that amount cost, in the quote. */
export interface Lot {
  qty: Big;
  cost: Big;
}

export interface Position {
  market: MarketId;
  method: PnlMethod;
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
  /** FIFO only: the buys still held, oldest first (their qty and cost sum to qty and cost). */
  lots: Lot[];
  /** How many deals built this position (the evidence behind its cost). */
  deals: number;
  /** The newest deal applied (time, then id): an older one means a rebuild. */
  last: { time: number; id: string } | null;
}

const ZERO = new Big(0);

function split(market: MarketId): { base: string; quote: string } {
  const pair = market.slice(market.indexOf(':') + 1);
  const slash = pair.indexOf('/');
  return { base: pair.slice(0, slash), quote: pair.slice(slash + 1) };
}

function emptyPosition(market: MarketId, method: PnlMethod): Position {
  return { market, method, ...split(market), qty: ZERO, cost: ZERO, realised: ZERO, otherFees: new Map(), lots: [], deals: 0, last: null };
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
  p.deals++;
  const amount = new Big(d.amount);
  if (amount.lte(0)) return;
  const value = new Big(d.value);
  const fee = new Big(d.fee);
  const feeAsset = d.feeAsset ?? p.quote;
  const feeQuote = feeAsset === p.quote ? fee : ZERO;
  const feeBase = feeAsset === p.base ? fee : ZERO;
  if (feeAsset !== p.quote && feeAsset !== p.base && !fee.eq(0)) p.otherFees.set(feeAsset, (p.otherFees.get(feeAsset) ?? ZERO).plus(fee));

  if (d.side === 'buy') {
    const qty = amount.minus(feeBase);
    const cost = value.plus(feeQuote);
    p.qty = p.qty.plus(qty);
    p.cost = p.cost.plus(cost);
    if (p.method === 'fifo' && qty.gt(0)) p.lots.push({ qty, cost });
    return;
  }
  // A sell: realise the part of it that the history has a cost for.
  const sold = amount.gt(p.qty) ? p.qty : amount;
  if (sold.gt(0)) {
    const proceeds = value.minus(feeQuote).times(sold).div(amount);
    p.realised = p.realised.plus(proceeds).minus(takeOut(p, sold));
  }
  if (feeBase.gt(0) && p.qty.gt(0)) {
    const paid = feeBase.gt(p.qty) ? p.qty : feeBase;
    p.realised = p.realised.minus(takeOut(p, paid));
  }
}

/** Takes `amount` (at most what is held) out of the position; returns the cost that left with it. */
function takeOut(p: Position, amount: Big): Big {
  let out: Big;
  if (p.method === 'fifo') {
    out = ZERO;
    let left = amount;
    while (left.gt(0) && p.lots.length > 0) {
      const lot = p.lots[0]!;
      if (lot.qty.lte(left)) {
        out = out.plus(lot.cost);
        left = left.minus(lot.qty);
        p.lots.shift();
      } else {
        const part = lot.cost.times(left).div(lot.qty);
        out = out.plus(part);
        lot.cost = lot.cost.minus(part);
        lot.qty = lot.qty.minus(left);
        left = ZERO;
      }
    }
  } else {
    out = p.cost.times(amount).div(p.qty);
  }
  p.qty = p.qty.minus(amount);
  // Emptied: no residue of the division is left behind as cost.
  if (p.qty.eq(0)) {
    out = p.cost;
    p.cost = ZERO;
    p.lots = [];
  } else p.cost = p.cost.minus(out);
  return out;
}

/** Positions of every market in the deals, computed from scratch. */
export function positionsFrom(deals: Iterable<Deal>, method: PnlMethod = 'average'): Map<MarketId, Position> {
  const out = new Map<MarketId, Position>();
  for (const d of [...deals].sort(chronological)) {
    let p = out.get(d.market);
    if (!p) out.set(d.market, (p = emptyPosition(d.market, method)));
    applyDeal(p, d);
  }
  return out;
}

/** The positions of the deal history, kept current as deals arrive. */
export class PnlBook {
  private positions: Map<MarketId, Position> | null = null;

  constructor(
    private readonly history: Pick<DealHistory, 'list'>,
    private method: PnlMethod = 'average',
  ) {}

  /** The method changed: everything is computed again from the history on the next read. */
  setMethod(method: PnlMethod): void {
    if (method === this.method) return;
    this.method = method;
    this.positions = null;
  }

  /** New deals (as `deals.added` reports them). Before the first read nothing is loaded yet, so nothing to do. */
  add(deals: Deal[]): void {
    if (!this.positions) return;
    const rebuild = new Set<MarketId>();
    for (const d of [...deals].sort(chronological)) {
      const p = this.positions.get(d.market);
      if (!p) this.positions.set(d.market, emptyPosition(d.market, this.method));
      if (rebuild.has(d.market)) continue;
      const position = this.positions.get(d.market)!;
      if (isAfter(d, position.last)) applyDeal(position, d);
      else rebuild.add(d.market);
    }
    for (const market of rebuild) this.positions.set(market, this.rebuilt(market));
  }

  /** Deals rewritten in place (a corrected side or amount): their markets are computed again. */
  corrected(deals: Deal[]): void {
    if (!this.positions) return;
    for (const market of new Set(deals.map((d) => d.market))) {
      this.positions.set(market, this.rebuilt(market));
    }
  }

  private rebuilt(market: MarketId): Position {
    return positionsFrom(this.history.list({ market }), this.method).get(market) ?? emptyPosition(market, this.method);
  }

  all(): Position[] {
    if (!this.positions) this.positions = positionsFrom(this.history.list(), this.method);
    return [...this.positions.values()];
  }
}
