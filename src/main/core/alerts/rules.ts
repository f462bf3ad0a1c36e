// Alert rules as the user writes them: validated and normalised before the engine ever sees them.
// Every field is checked here, because a rule arrives from the UI as untyped JSON.
import { CommandError } from '../../../shared/contract';
import type { ExchangeId, MarketId } from '../../../shared/model';
import { EXCHANGES, marketId, parseMarketId } from '../../../shared/model';
import type { AlertCondition, AlertRule } from '../../../shared/settings';
import { compareDecimal } from '../market/decimal';

/** What `alerts.save` receives: a rule without its id (a new one) or with it (a replacement). */
export type RuleInput = Omit<AlertRule, 'id' | 'createdAt'> & { id?: string };

export const LIMITS = {
  nameLength: 80,
  /** move_pct window, in minutes: one minute to one day. */
  windowMinutes: { min: 1, max: 1440 },
  /** connection_lost delay, in seconds: long enough to ride out a reconnect, at most a day. */
  seconds: { min: 5, max: 86_400 },
  /** A move of more than 1000 % is not a threshold anyone means. */
  maxPct: '1000',
  rules: 200,
} as const;

export const EXCHANGE_NAMES: Record<ExchangeId, string> = { cryptomus: 'Cryptomus', itick: 'iTick', coinking: 'CoinKing' };

// Plain positive decimals only: no exponent, no sign, no grouping ("1e5" or "1,000" are refused).
const DECIMAL = /^(?:0|[1-9]\d{0,17})(?:\.\d{1,18})?$/;
const ASSET = /^[A-Z0-9]{1,20}$/;

function fail(message: string): never {
  throw new CommandError(message);
}

/** A positive decimal string, normalised ("0100.50" is refused, "100.50" kept as written). */
export function requirePositiveDecimal(value: unknown, what: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) fail(`${what} must be a positive decimal number like "100.5", got ${JSON.stringify(value)}.`);
  const s = value.trim();
  if (/^0(?:\.0+)?$/.test(s)) fail(`${what} must be greater than zero.`);
  return s;
}

function requireInteger(value: unknown, what: string, range: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    fail(`${what} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** A market id, with the usual spelling slips forgiven: "CoinKing:btc/usdt" → "coinking:BTC/USDT". */
export function requireRuleMarket(value: unknown): MarketId {
  const text = typeof value === 'string' ? value.trim() : value;
  const normalised = typeof text === 'string' ? text.replace(/^([^:]*):(.*)$/, (_, ex: string, rest: string) => `${ex.toLowerCase()}:${rest.toUpperCase()}`) : text;
  const ref = parseMarketId(normalised);
  if (!ref) fail(`Expected a market id like "coinking:BTC/USDT", got ${JSON.stringify(value)}.`);
  return marketId(ref);
}

function requireExchange(value: unknown): ExchangeId {
  if (!EXCHANGES.includes(value as ExchangeId)) fail(`Unknown exchange ${JSON.stringify(value)}; expected one of ${EXCHANGES.join(', ')}.`);
  return value as ExchangeId;
}

function optionalExchange(value: unknown): ExchangeId | null {
  return value === null || value === undefined ? null : requireExchange(value);
}

export function parseCondition(value: unknown): AlertCondition {
  if (typeof value !== 'object' || value === null) fail('An alert rule needs a condition.');
  const c = value as Record<string, unknown>;
  switch (c.kind) {
    case 'price_above':
    case 'price_below':
      return { kind: c.kind, market: requireRuleMarket(c.market), price: requirePositiveDecimal(c.price, 'The price') };
    case 'move_pct': {
      const pct = requirePositiveDecimal(c.pct, 'The move');
      if (compareDecimal(pct, LIMITS.maxPct) > 0) fail(`The move must be at most ${LIMITS.maxPct} %.`);
      return {
        kind: 'move_pct',
        market: requireRuleMarket(c.market),
        pct,
        windowMinutes: requireInteger(c.windowMinutes, 'The window (minutes)', LIMITS.windowMinutes),
      };
    }
    case 'order_filled':
      return { kind: 'order_filled', exchange: optionalExchange(c.exchange) };
    case 'balance_change': {
      let asset: string | null = null;
      if (c.asset !== null && c.asset !== undefined) {
        const a = typeof c.asset === 'string' ? c.asset.trim().toUpperCase() : '';
        if (!ASSET.test(a)) fail(`Expected an asset symbol like "BTC", got ${JSON.stringify(c.asset)}.`);
        asset = a;
      }
      return { kind: 'balance_change', exchange: optionalExchange(c.exchange), asset };
    }
    case 'connection_lost':
      return {
        kind: 'connection_lost',
        exchange: requireExchange(c.exchange),
        seconds: requireInteger(c.seconds, 'The delay (seconds)', LIMITS.seconds),
      };
    default:
      fail(`Unknown alert condition ${JSON.stringify(c.kind)}.`);
  }
}

/** "BTC/USDT" from "coinking:BTC/USDT". */
export function pairOf(market: MarketId): string {
  return market.slice(market.indexOf(':') + 1);
}

export function exchangeOf(market: MarketId): ExchangeId {
  return market.slice(0, market.indexOf(':')) as ExchangeId;
}

/** A short description, used as the name of a rule saved without one. */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'price_above':
      return `${pairOf(c.market)} above ${c.price} (${EXCHANGE_NAMES[exchangeOf(c.market)]})`;
    case 'price_below':
      return `${pairOf(c.market)} below ${c.price} (${EXCHANGE_NAMES[exchangeOf(c.market)]})`;
    case 'move_pct':
      return `${pairOf(c.market)} moves ${c.pct} % within ${c.windowMinutes} min (${EXCHANGE_NAMES[exchangeOf(c.market)]})`;
    case 'order_filled':
      return c.exchange ? `Order filled on ${EXCHANGE_NAMES[c.exchange]}` : 'Order filled';
    case 'balance_change':
      return `${c.asset ?? 'Balance'} changed${c.exchange ? ` on ${EXCHANGE_NAMES[c.exchange]}` : ''}`;
    case 'connection_lost':
      return `${EXCHANGE_NAMES[c.exchange]} disconnected for ${c.seconds} s`;
  }
}

/** The rule to store for an `alerts.save` request: new (no id) or replacing `existing`. */
export function buildRule(input: unknown, existing: AlertRule | undefined, make: { id: () => string; now: number }): AlertRule {
  if (typeof input !== 'object' || input === null) fail('Expected an alert rule.');
  const r = input as Record<string, unknown>;
  if (r.id !== undefined && r.id !== null && !existing) fail(`There is no alert rule ${JSON.stringify(r.id)}.`);
  const condition = parseCondition(r.condition);
  if (r.name !== undefined && r.name !== null && typeof r.name !== 'string') fail('The name must be text.');
  const name = (typeof r.name === 'string' ? r.name.trim() : '') || describeCondition(condition);
  if (name.length > LIMITS.nameLength) fail(`The name must be at most ${LIMITS.nameLength} characters.`);
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') fail('"enabled" must be true or false.');
  return {
    id: existing?.id ?? make.id(),
    name,
    enabled: r.enabled ?? true,
    condition,
    createdAt: existing?.createdAt ?? make.now,
  };
}

/** The markets whose tickers the rules need (the engine must follow them). */
export function ruleMarkets(rules: AlertRule[]): MarketId[] {
  const markets = new Set<MarketId>();
  for (const r of rules) {
    if (!r.enabled) continue;
    const c = r.condition;
    if (c.kind === 'price_above' || c.kind === 'price_below' || c.kind === 'move_pct') markets.add(c.market);
  }
  return [...markets].sort();
}
