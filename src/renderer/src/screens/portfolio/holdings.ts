// Holdings grouped per exchange with subtotals, and the allocation by asset across exchanges.
import type { ExchangeId } from '../../../../shared/model';
import type { Holding } from '../../../../shared/portfolio';
import { accountOf } from '../../../../shared/accounts';

export interface ExchangeGroup {
  exchange: ExchangeId;
  /** One group per account: an exchange with sub-accounts shows one group for each. */
  account: string;
  holdings: Holding[];
  /** Sum of the valued holdings (a float: shown rounded to the quote's places). */
  subtotal: number;
  /** Holdings no market prices. */
  unpriced: number;
}

const value = (h: Holding) => (h.value === null ? 0 : Number(h.value));

/** Groups per exchange and account, largest first; each subtotal is that account's total. */
export function groupByExchange(holdings: readonly Holding[]): ExchangeGroup[] {
  const groups = new Map<string, ExchangeGroup>();
  for (const h of holdings) {
    const account = accountOf(h);
    const key = `${h.exchange}|${account}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { exchange: h.exchange, account, holdings: [], subtotal: 0, unpriced: 0 }));
    g.holdings.push(h);
    g.subtotal += value(h);
    if (h.value === null) g.unpriced++;
  }
  for (const g of groups.values()) g.holdings.sort((a, b) => value(b) - value(a) || a.asset.localeCompare(b.asset));
  return [...groups.values()].sort((a, b) => b.subtotal - a.subtotal);
}

export interface Slice {
  asset: string;
  value: number;
  share: number;
}

/** Value per asset across exchanges, largest first; beyond `top` assets the rest is one slice. */
export function allocation(holdings: readonly Holding[], top = 7): { slices: Slice[]; rest: Slice | null } {
  const byAsset = new Map<string, number>();
  for (const h of holdings) if (h.value !== null && Number(h.value) > 0) byAsset.set(h.asset, (byAsset.get(h.asset) ?? 0) + Number(h.value));
  const total = [...byAsset.values()].reduce((a, b) => a + b, 0) || 1;
  const all = [...byAsset].map(([asset, v]) => ({ asset, value: v, share: v / total })).sort((a, b) => b.value - a.value);
  const slices = all.slice(0, top);
  const others = all.slice(top);
  const restValue = others.reduce((a, s) => a + s.value, 0);
  return { slices, rest: others.length ? { asset: '', value: restValue, share: restValue / total } : null };
}
