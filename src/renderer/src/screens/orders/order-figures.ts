// What a trader reads off an open order beside its own fields: how far its price is from the
// market's last price, and what the rest of it is worth in the quote currency. Decimals throughout.
import Big from 'big.js';
import type { DecimalString, Order } from '../../../../shared/model';

/** (price − last) / last × 100, to two places: above the market is positive. Null without both. */
export function distancePct(order: Pick<Order, 'price'>, last: DecimalString | null | undefined): DecimalString | null {
  if (order.price === null || last === null || last === undefined) return null;
  const l = new Big(last);
  if (l.eq(0)) return null;
  return new Big(order.price).minus(l).div(l).times(100).round(2, Big.roundHalfUp).toFixed(2);
}

/** price × (amount − filled): the part still open, in the quote currency. Null for a market order. */
export function openValue(order: Pick<Order, 'price' | 'amount' | 'filled'>): DecimalString | null {
  if (order.price === null) return null;
  const rest = new Big(order.amount).minus(order.filled);
  return new Big(order.price).times(rest.lt(0) ? 0 : rest).toFixed();
}
