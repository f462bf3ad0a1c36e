// Valuing balances across exchanges in one quote currency, with decimals (big.js) only.
// An asset is priced, in this order:
//  1. it is the quote itself: 1;
//  2. a ticker `<exchange>:<ASSET>/<QUOTE>` on its own exchange, else on any exchange;
//  3. the inverse market `<QUOTE>/<ASSET>` (holding USDT while valuing in BTC), own exchange first;
//  4. a cross through USDT or BTC (`ASSET/BTC` × `BTC/USDT`), each leg found the same way;
//  5. otherwise it is unpriced: price, value and share are null, and it is left out of the total.
import Big from 'big.js';
import type { Balance, ExchangeId, MarketId, Ticker } from '../../../shared/model';
import { EXCHANGES } from '../../../shared/model';
import type { CostBasis, Holding, PnlMethod, PortfolioView } from '../../../shared/portfolio';
import type { Position } from './pnl';

/** Currencies a price may be crossed through when no direct market exists. */
export const BRIDGES = ['USDT', 'BTC'] as const;
/** Decimals kept in computed prices (crosses, inverses) and in values. */
const PRICE_DP = 12;
const VALUE_DP = 8;

/** A decimal string in plain notation without trailing zeros; never "-0". */
export function plain(value: Big, dp: number): string {
  const rounded = value.round(dp);
  return rounded.eq(0) ? '0' : rounded.toFixed();
}

/** Prices from the tickers the core follows: the last prices, or (`open24h`) those of 24 h ago. */
export class Pricer {
  private readonly last = new Map<string, Big>();

  constructor(tickers: Iterable<Ticker>, field: 'last' | 'open24h' = 'last') {
    for (const t of tickers) {
      const text = t[field];
      if (text === null) continue;
      const price = new Big(text);
      if (price.gt(0)) this.last.set(t.market, price);
    }
  }

  /** The price of one `asset` in `quote`, preferring `exchange`'s markets; null when nothing prices it. */
  price(asset: string, quote: string, exchange?: ExchangeId): Big | null {
    if (asset === quote) return new Big(1);
    const direct = this.leg(asset, quote, exchange);
    if (direct) return direct;
    for (const bridge of BRIDGES) {
      if (bridge === asset || bridge === quote) continue;
      const first = this.leg(asset, bridge, exchange);
      const second = first && this.leg(bridge, quote, exchange);
      if (first && second) return first.times(second);
    }
    return null;
  }

  /** True when the price comes straight from a ticker, with no arithmetic. */
  isQuoted(market: MarketId): boolean {
    return this.last.has(market);
  }

  private leg(asset: string, quote: string, exchange?: ExchangeId): Big | null {
    const order = exchange ? [exchange, ...EXCHANGES.filter((e) => e !== exchange)] : [...EXCHANGES];
    for (const e of order) {
      const p = this.last.get(`${e}:${asset}/${quote}`);
      if (p) return p;
    }
    for (const e of order) {
      const p = this.last.get(`${e}:${quote}/${asset}`);
      if (p) return new Big(1).div(p);
    }
    return null;
  }
}

/** (now / then − 1) × 100 to two places; null when either price is unknown. */
function changePct(now: Big | null, then: Big | null): string | null {
  if (!now || !then || then.eq(0)) return null;
  return plain(now.div(then).minus(1).times(100), 2);
}

/**
 * The cost basis of `amount` of `asset` held on `exchange`, from the positions of its markets there
 * (`<exchange>:<asset>/<any quote>`). When the deals show more than is held (a withdrawal), the held
 * amount is costed at the positions' cost per unit; when they show less (a deposit, or buys before the
 * history starts), only that part is covered and the figures say so through `covered`.
 */
export function costBasisOf(exchange: ExchangeId, asset: string, amount: Big, positions: Position[], pricer: Pricer, quote: string): CostBasis | null {
  const mine = positions.filter((p) => p.base === asset && p.market.startsWith(`${exchange}:`) && p.deals > 0);
  if (mine.length === 0) return null;
  const open = mine.filter((p) => p.qty.gt(0));
  // Costs add up in one currency: the view's quote when a market trades the asset against it, else
  // the quote of the largest position. Other quotes are converted at today's rate between the quotes.
  const largest = [...open].sort((a, b) => (b.cost.gt(a.cost) ? 1 : b.cost.lt(a.cost) ? -1 : 0))[0];
  const currency = mine.some((p) => p.quote === quote) ? quote : (largest ?? mine[0]!).quote;
  let qty = new Big(0);
  let cost: Big | null = new Big(0);
  for (const p of open) {
    qty = qty.plus(p.qty);
    const rate = pricer.price(p.quote, currency, exchange);
    cost = cost && rate ? cost.plus(p.cost.times(rate)) : null;
  }
  const markets = mine.map((p) => p.market).sort();
  const deals = mine.reduce((n, p) => n + p.deals, 0);
  if (cost === null) return { currency, covered: '0', cost: '0', average: null, unrealised: null, unrealisedPct: null, markets, deals };
  const covered = qty.gt(amount) ? amount : qty;
  if (qty.gt(amount) && qty.gt(0)) cost = cost.times(amount).div(qty);
  const price = pricer.price(asset, currency, exchange);
  const unrealised = price && covered.gt(0) ? price.times(covered).minus(cost) : null;
  return {
    currency,
    covered: covered.toFixed(),
    cost: plain(cost, VALUE_DP),
    average: covered.gt(0) ? plain(cost.div(covered), PRICE_DP) : null,
    unrealised: unrealised && plain(unrealised, VALUE_DP),
    unrealisedPct: unrealised && cost.gt(0) ? plain(unrealised.div(cost).times(100), 2) : null,
    markets,
    deals,
  };
}

/** The holdings valued in `quote`, largest first, unpriced last, with the total and each one's share. */
export function valueHoldings(
  balances: Balance[],
  pricer: Pricer,
  quote: string,
  extra: { positions?: Position[]; dayAgo?: Pricer } = {},
): { holdings: Holding[]; total: Big } {
  let total = new Big(0);
  const rows: { h: Holding; value: Big | null }[] = [];
  for (const b of balances) {
    const amount = new Big(b.available).plus(b.locked);
    if (amount.eq(0)) continue;
    const direct: MarketId = `${b.exchange}:${b.asset}/${quote}`;
    const priceBig = pricer.price(b.asset, quote, b.exchange);
    const value = priceBig ? new Big(plain(amount.times(priceBig), VALUE_DP)) : null;
    if (value) total = total.plus(value);
    const price = priceBig === null ? null : pricer.isQuoted(direct) ? priceBig.toFixed() : plain(priceBig, PRICE_DP);
    const change24h = extra.dayAgo && b.asset !== quote ? changePct(priceBig, extra.dayAgo.price(b.asset, quote, b.exchange)) : null;
    const costBasis = extra.positions ? costBasisOf(b.exchange, b.asset, amount, extra.positions, pricer, quote) : null;
    rows.push({
      h: { exchange: b.exchange, ...(b.account ? { account: b.account } : {}), asset: b.asset, amount: amount.toFixed(), available: b.available, held: b.locked, change24h, costBasis, price, value: value && plain(value, VALUE_DP), share: null },
      value,
    });
  }
  for (const r of rows) if (r.value && total.gt(0)) r.h.share = r.value.div(total).times(100).toFixed(2);
  rows.sort((a, b) => {
    if (a.value && b.value && !a.value.eq(b.value)) return a.value.gt(b.value) ? -1 : 1;
    if (!a.value !== !b.value) return a.value ? -1 : 1;
    return a.h.exchange.localeCompare(b.h.exchange) || a.h.asset.localeCompare(b.h.asset);
  });
  return { holdings: rows.map((r) => r.h), total };
}

/** Realised and unrealised P&L of the positions, in `quote`. Positions nothing can price are left out. */
export function pnlIn(positions: Position[], pricer: Pricer, quote: string): { realised: Big; unrealised: Big } {
  let realised = new Big(0);
  let unrealised = new Big(0);
  for (const p of positions) {
    const exchange = p.market.slice(0, p.market.indexOf(':')) as ExchangeId;
    const toQuote = pricer.price(p.quote, quote, exchange);
    if (!toQuote) continue;
    let r = p.realised;
    for (const [asset, fee] of p.otherFees) {
      const feePrice = pricer.price(asset, p.quote, exchange);
      if (feePrice) r = r.minus(fee.times(feePrice));
    }
    realised = realised.plus(r.times(toQuote));
    if (p.qty.gt(0)) {
      const price = pricer.price(p.base, p.quote, exchange);
      if (price) unrealised = unrealised.plus(price.times(p.qty).minus(p.cost).times(toQuote));
    }
  }
  return { realised, unrealised };
}

export function portfolioView(input: { balances: Balance[]; tickers: Iterable<Ticker>; positions: Position[]; quote: string; pnlMethod?: PnlMethod; now: number }): PortfolioView {
  const tickers = [...input.tickers];
  const pricer = new Pricer(tickers);
  const { holdings, total } = valueHoldings(input.balances, pricer, input.quote, { positions: input.positions, dayAgo: new Pricer(tickers, 'open24h') });
  const pnl = pnlIn(input.positions, pricer, input.quote);
  return {
    quote: input.quote,
    pnlMethod: input.pnlMethod ?? 'average',
    total: plain(total, VALUE_DP),
    holdings,
    realisedPnl: plain(pnl.realised, VALUE_DP),
    unrealisedPnl: plain(pnl.unrealised, VALUE_DP),
    at: input.now,
  };
}

type MarketLists = ReadonlyMap<ExchangeId, ReadonlySet<MarketId>>;

/** The markets that price `asset` in `quote` on one exchange, from its market list; null if none. */
function routeOn(markets: ReadonlySet<MarketId>, exchange: ExchangeId, asset: string, quote: string): MarketId[] | null {
  const id = (b: string, q: string): MarketId => `${exchange}:${b}/${q}`;
  if (markets.has(id(asset, quote))) return [id(asset, quote)];
  if (markets.has(id(quote, asset))) return [id(quote, asset)];
  for (const bridge of BRIDGES) {
    if (bridge === asset || bridge === quote) continue;
    const first = markets.has(id(asset, bridge)) ? id(asset, bridge) : markets.has(id(bridge, asset)) ? id(bridge, asset) : null;
    const second = markets.has(id(bridge, quote)) ? id(bridge, quote) : markets.has(id(quote, bridge)) ? id(quote, bridge) : null;
    if (first && second) return [first, second];
  }
  return null;
}

/**
 * The markets to follow so that `asset` (held on `exchange`) can be priced in `quote`: a route on its
 * own exchange, else on another whose market list is known. When the own exchange's list is not known
 * (yet), the direct market is the best guess.
 */
export function pricingRoute(lists: MarketLists, exchange: ExchangeId, asset: string, quote: string): MarketId[] {
  if (asset === quote) return [];
  const own = lists.get(exchange);
  if (!own) return [`${exchange}:${asset}/${quote}`];
  const route = routeOn(own, exchange, asset, quote);
  if (route) return route;
  for (const e of EXCHANGES) {
    const list = lists.get(e);
    if (e === exchange || !list) continue;
    const other = routeOn(list, e, asset, quote);
    if (other) return other;
  }
  return [];
}

/** Everything the portfolio needs followed: its holdings' prices, and what its open positions need. */
export function portfolioMarkets(balances: Balance[], positions: Position[], lists: MarketLists, quote: string): MarketId[] {
  const out = new Set<MarketId>();
  for (const b of balances) {
    if (new Big(b.available).plus(b.locked).eq(0)) continue;
    for (const m of pricingRoute(lists, b.exchange, b.asset, quote)) out.add(m);
  }
  for (const p of positions) {
    const exchange = p.market.slice(0, p.market.indexOf(':')) as ExchangeId;
    if (p.qty.gt(0)) out.add(p.market);
    for (const m of pricingRoute(lists, exchange, p.quote, quote)) out.add(m);
  }
  return [...out].sort();
}
