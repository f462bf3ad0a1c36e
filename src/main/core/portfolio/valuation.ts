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
import type { Holding, PortfolioView } from '../../../shared/settings';
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

/** Prices from the tickers the core follows. */
export class Pricer {
  private readonly last = new Map<string, Big>();

  constructor(tickers: Iterable<Ticker>) {
    for (const t of tickers) {
      if (t.last === null) continue;
      const price = new Big(t.last);
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

/** The holdings valued in `quote`, largest first, unpriced last, with the total and each one's share. */
export function valueHoldings(balances: Balance[], pricer: Pricer, quote: string): { holdings: Holding[]; total: Big } {
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
    rows.push({ h: { exchange: b.exchange, ...(b.account ? { account: b.account } : {}), asset: b.asset, amount: amount.toFixed(), price, value: value && plain(value, VALUE_DP), share: null }, value });
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

export function portfolioView(input: { balances: Balance[]; tickers: Iterable<Ticker>; positions: Position[]; quote: string; now: number }): PortfolioView {
  const pricer = new Pricer(input.tickers);
  const { holdings, total } = valueHoldings(input.balances, pricer, input.quote);
  const pnl = pnlIn(input.positions, pricer, input.quote);
  return {
    quote: input.quote,
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
