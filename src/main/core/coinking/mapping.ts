// From the CoinKing wire to the unified model. Money stays in decimal strings; the only arithmetic
// (a finished order's average price) is done with big.js.
import Big from 'big.js';
import type { Balance, Candle, Deal, Order, OrderStatus, MarketRef, Trade } from '../../../shared/model';
import { marketId } from '../../../shared/model';
import { compareDecimal, isZeroDecimal } from '../market/decimal';
import type { WireAsset, WireOrder } from './wire-account';
import type { KlineRow, WireDeal } from './wire-market';

export function candleFromRow(row: KlineRow): Candle {
  // The wire's column order is open, close, high, low; the parser already named them.
  return { time: row.time * 1000, open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume };
}

export function tradeFromDeal(ref: MarketRef, d: WireDeal): Trade {
  return { market: marketId(ref), id: String(d.id), price: d.price, amount: d.amount, side: d.type, time: Math.round(d.time * 1000) };
}

function orderStatus(o: WireOrder, finished: boolean): OrderStatus {
  const filledSome = !isZeroDecimal(o.dealStock);
  if (!finished) return filledSome ? 'partially_filled' : 'open';
  // A finished order with nothing left filled completely; a market order never rests, so whatever
  // it could fill is all it will fill. Anything else left over was cancelled.
  // History records carry no `left`: compare what filled with what was asked instead.
  if (o.left !== null ? isZeroDecimal(o.left) : compareDecimal(o.dealStock, o.amount) >= 0) return 'filled';
  if (o.type === 2 && filledSome) return 'filled';
  return 'cancelled';
}

/** A ViaBTC order as the unified model sees it; `finished` for event 3 and history records. */
export function orderFromWire(ref: MarketRef, o: WireOrder, finished: boolean): Order {
  const marketBuy = o.type === 2 && o.side === 2;
  return {
    exchange: 'coinking',
    id: String(o.id),
    market: marketId(ref),
    side: o.side === 2 ? 'buy' : 'sell',
    type: o.type === 1 ? 'limit' : 'market',
    price: o.type === 1 ? o.price : null,
    // A market buy's `amount` is the quote to spend; the model's amount is base, so show what it bought.
    amount: marketBuy ? o.dealStock : o.amount,
    filled: o.dealStock,
    status: orderStatus(o, finished || o.ftime !== null),
    createdAt: Math.round(o.ctime * 1000),
    updatedAt: Math.round((o.ftime ?? o.mtime ?? o.ctime) * 1000),
  };
}

/** Plain notation (never "1e-7"), at most `dp` decimals, trailing zeros dropped. */
function plain(value: Big, dp: number): string {
  const s = value.round(dp, Big.roundHalfUp).toFixed();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The fill of a finished order. ViaBTC's history gives finished orders, not single trades, so one
 * Deal stands for the whole order and its id is the order id: the finish push and a later history
 * query then produce the same Deal, and the dedup by id keeps one.
 */
export function dealFromFinished(ref: MarketRef, o: WireOrder): Deal | null {
  if (isZeroDecimal(o.dealStock)) return null;
  const side = o.side === 2 ? 'buy' : 'sell';
  return {
    exchange: 'coinking',
    id: String(o.id),
    orderId: String(o.id),
    market: marketId(ref),
    side,
    price: plain(new Big(o.dealMoney).div(o.dealStock), 12),
    amount: o.dealStock,
    value: o.dealMoney,
    fee: o.dealFee,
    // ViaBTC takes the fee from what the order receives: base on a buy, quote on a sell.
    feeAsset: side === 'buy' ? ref.base : ref.quote,
    role: null,
    time: Math.round((o.ftime ?? o.mtime ?? o.ctime) * 1000),
  };
}

export function balancesFromAssets(assets: WireAsset[]): Balance[] {
  return assets.map((a) => ({ exchange: 'coinking', asset: a.asset.toUpperCase(), available: a.available, locked: a.freeze }));
}
