// Alert rules as the user writes them: validated and normalised before the engine ever sees them.
// Every field is checked here, because a rule arrives from the UI as untyped JSON.
import { CommandError } from '../../../shared/contract';
import type { ExchangeId, MarketId } from '../../../shared/model';
import { EXCHANGES, EXCHANGE_NAMES, marketId, parseMarketId } from '../../../shared/model';
import { coded, type CoreCode } from '../../../shared/codes';
import type { CodeParams, Coded } from '../../../shared/notices';
import type { AlertCondition, AlertRule } from '../../../shared/alerts';
import { compareDecimal } from '../market/decimal';
import { samePair } from '../market/venues';
import { typedDecimal, typedPositiveDecimal } from '../../../shared/decimal';

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


// Plain positive decimals only: no exponent, no sign, no grouping ("1e5" or "1,000" are refused).
const ASSET = /^[A-Z0-9]{1,20}$/;

function fail(code: CoreCode, params?: CodeParams): never {
  throw new CommandError(code, params);
}

/** What the user typed, quoted and cut short, for an error message. */
const shown = (value: unknown) => String(JSON.stringify(value) ?? '').slice(0, 40);

type Field = 'field.price' | 'field.move' | 'field.window' | 'field.seconds' | 'field.gap';

/** A positive decimal string, normalised ("0100.50" is refused, "100.50" kept as written). */
export function requirePositiveDecimal(value: unknown, what: Field): string {
  const s = typeof value === 'string' ? typedDecimal(value) : null;
  if (s === null) fail('rules.notPositive', { field: coded(what), value: shown(value) });
  if (typedPositiveDecimal(s) === null) fail('rules.zero', { field: coded(what) });
  return s;
}

function requireInteger(value: unknown, what: Field, range: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    fail('rules.range', { field: coded(what), min: range.min, max: range.max, value: shown(value) });
  }
  return value;
}

/** A market id, with the usual spelling slips forgiven: "CoinKing:btc/usdt" → "coinking:BTC/USDT". */
export function requireRuleMarket(value: unknown): MarketId {
  const text = typeof value === 'string' ? value.trim() : value;
  const normalised = typeof text === 'string' ? text.replace(/^([^:]*):(.*)$/, (_, ex: string, rest: string) => `${ex.toLowerCase()}:${rest.toUpperCase()}`) : text;
  const ref = parseMarketId(normalised);
  if (!ref) fail('market.invalid', { value: shown(value) });
  return marketId(ref);
}

function requireExchange(value: unknown): ExchangeId {
  if (!EXCHANGES.includes(value as ExchangeId)) fail('exchange.unknown', { value: shown(value) });
  return value as ExchangeId;
}

function optionalExchange(value: unknown): ExchangeId | null {
  return value === null || value === undefined ? null : requireExchange(value);
}

export function parseCondition(value: unknown): AlertCondition {
  if (typeof value !== 'object' || value === null) fail('rules.missing');
  const c = value as Record<string, unknown>;
  switch (c.kind) {
    case 'price_above':
    case 'price_below':
      return { kind: c.kind, market: requireRuleMarket(c.market), price: requirePositiveDecimal(c.price, 'field.price') };
    case 'move_pct': {
      const pct = requirePositiveDecimal(c.pct, 'field.move');
      if (compareDecimal(pct, LIMITS.maxPct) > 0) fail('rules.moveTooLarge', { max: LIMITS.maxPct });
      return {
        kind: 'move_pct',
        market: requireRuleMarket(c.market),
        pct,
        windowMinutes: requireInteger(c.windowMinutes, 'field.window', LIMITS.windowMinutes),
      };
    }
    case 'order_filled':
      return { kind: 'order_filled', exchange: optionalExchange(c.exchange) };
    case 'balance_change': {
      let asset: string | null = null;
      if (c.asset !== null && c.asset !== undefined) {
        const a = typeof c.asset === 'string' ? c.asset.trim().toUpperCase() : '';
        if (!ASSET.test(a)) fail('rules.asset', { value: shown(c.asset) });
        asset = a;
      }
      return { kind: 'balance_change', exchange: optionalExchange(c.exchange), asset };
    }
    case 'venue_gap': {
      const pct = requirePositiveDecimal(c.pct, 'field.gap');
      if (compareDecimal(pct, LIMITS.maxPct) > 0) fail('rules.moveTooLarge', { max: LIMITS.maxPct });
      const a = requireRuleMarket(c.a);
      const b = requireRuleMarket(c.b);
      const ra = parseMarketId(a)!;
      const rb = parseMarketId(b)!;
      if (ra.exchange === rb.exchange) fail('rules.venueGapSame');
      // The venue comparison's matching rule (XBT is BTC; USD is not USDT).
      if (!samePair(ra, rb)) fail('rules.venueGapPair', { a, b });
      return { kind: 'venue_gap', a, b, pct };
    }
    case 'connection_lost':
      return {
        kind: 'connection_lost',
        exchange: requireExchange(c.exchange),
        seconds: requireInteger(c.seconds, 'field.seconds', LIMITS.seconds),
      };
    default:
      fail('rules.conditionUnknown', { value: shown(c.kind) });
  }
}

/** "BTC/USDT" from "coinking:BTC/USDT". */
export function pairOf(market: MarketId): string {
  return market.slice(market.indexOf(':') + 1);
}

export function exchangeOf(market: MarketId): ExchangeId {
  return market.slice(0, market.indexOf(':')) as ExchangeId;
}

/** A short description, the title of a rule saved without a name (rendered in the user's language). */
export function describeCondition(c: AlertCondition): Coded {
  switch (c.kind) {
    case 'price_above':
      return coded('rule.priceAbove', { pair: pairOf(c.market), price: c.price, exchange: EXCHANGE_NAMES[exchangeOf(c.market)] });
    case 'price_below':
      return coded('rule.priceBelow', { pair: pairOf(c.market), price: c.price, exchange: EXCHANGE_NAMES[exchangeOf(c.market)] });
    case 'move_pct':
      return coded('rule.move', { pair: pairOf(c.market), pct: c.pct, minutes: c.windowMinutes, exchange: EXCHANGE_NAMES[exchangeOf(c.market)] });
    case 'order_filled':
      return c.exchange ? coded('rule.orderFilledOn', { exchange: EXCHANGE_NAMES[c.exchange] }) : coded('rule.orderFilled');
    case 'balance_change':
      if (c.asset) return c.exchange ? coded('rule.assetChangedOn', { asset: c.asset, exchange: EXCHANGE_NAMES[c.exchange] }) : coded('rule.assetChanged', { asset: c.asset });
      return c.exchange ? coded('rule.balanceOn', { exchange: EXCHANGE_NAMES[c.exchange] }) : coded('rule.balance');
    case 'connection_lost':
      return coded('rule.connectionLost', { exchange: EXCHANGE_NAMES[c.exchange], seconds: c.seconds });
    case 'venue_gap':
      return coded('rule.venueGap', { pair: pairOf(c.a), pct: c.pct, a: EXCHANGE_NAMES[exchangeOf(c.a)], b: EXCHANGE_NAMES[exchangeOf(c.b)] });
  }
}

/** A rule's title: the user's name for it, or its condition described. */
export function ruleTitle(rule: Pick<AlertRule, 'name' | 'condition'>): Coded {
  return rule.name ? coded('rule.named', { name: rule.name }) : describeCondition(rule.condition);
}

/** The rule to store for an `alerts.save` request: new (no id) or replacing `existing`. */
export function buildRule(input: unknown, existing: AlertRule | undefined, make: { id: () => string; now: number }): AlertRule {
  if (typeof input !== 'object' || input === null) fail('rules.missing');
  const r = input as Record<string, unknown>;
  if (r.id !== undefined && r.id !== null && !existing) fail('alerts.unknown');
  const condition = parseCondition(r.condition);
  if (r.name !== undefined && r.name !== null && typeof r.name !== 'string') fail('rules.nameText');
  // No name stays empty: the UI describes the condition in the user's language.
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  if (name.length > LIMITS.nameLength) fail('rules.nameLength', { max: LIMITS.nameLength });
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') fail('request.invalid', { command: 'alerts.save', field: 'enabled' });
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
    if (c.kind === 'venue_gap') {
      markets.add(c.a);
      markets.add(c.b);
    }
  }
  return [...markets].sort();
}
