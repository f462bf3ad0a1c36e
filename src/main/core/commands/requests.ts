// Every command's request, parsed totally before a handler sees it. A request arrives from the UI as
// untyped JSON (Electron IPC or the web host's socket), so it is untrusted input exactly like an
// exchange's frame: each parser returns a fresh, typed request holding only the fields the contract
// names, every string and collection bounded, or refuses. A refusal reaches the UI as the code
// "request.invalid" with { command, field }; what was wrong goes to the log only (never the value:
// a request may carry an API key).
//
// The table is typed over every CommandName: a new contract command does not compile without its
// parser here (and the every-command test refuses a wrong shape through it).
import { CommandError, MAX_MARKET_SEARCH_RESULTS, type CommandName, type RequestOf } from '../../../shared/contract';
import { checkAccountLabel } from '../../../shared/accounts';
import type { CandleInterval, ExchangeId, MarketId, Side } from '../../../shared/model';
import { EXCHANGES, isCandleInterval, marketId, parseMarketId } from '../../../shared/model';
import type { DealQuery } from '../../../shared/deals';
import { PAIR_PATTERN } from '../../../shared/deals';
import { parseCondition, type RuleInput } from '../alerts/rules';
import type { Logger } from '../log';
import { isObject } from '../wire/json';
import { validateSettingsPatch } from './settings';

/** The longest page `deals.page` returns. */
export const MAX_PAGE = 1000;
/** The longest search text that can still match a market id ("BASE/QUOTE", 20 + 1 + 20). */
export const MAX_SEARCH_QUERY = 41;
/** The most candles one `market.candles` call returns. */
export const MAX_CANDLES = 1000;
/** The largest text `file.saveText` may carry (a full deal history as CSV is a few MB). */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;

/** Transport ceilings: generous, so the owners' own rules (e.g. a list name's 40 characters) decide. */
export const REQUEST_LIMITS = {
  /** Ids the core made (list, rule, notice ids). */
  id: 200,
  /** Free text a user types (list and rule names) before its owner trims and checks it. */
  text: 1000,
  /** A suggested file name (the shell reduces it further). */
  fileName: 1000,
  /** Credential fields per exchange, and the length of one secret. */
  credentialFields: 8,
  secret: 4096,
  /** A position in a list (watchlists hold far fewer markets). */
  index: 100_000,
} as const;

/** What the user sees of a value in a refusal: quoted and cut short. */
const shown = (value: string, max: number) => JSON.stringify(value.slice(0, max));

/** The UI sent something the contract does not allow; `field` names where. */
class Refusal extends Error {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {
    super(`${field}: ${why}`);
  }
}

function refuse(field: string, value: unknown, expected: string): never {
  throw new Refusal(field, `expected ${expected}, got ${shapeOf(value)}`);
}

/** A value's shape for the log: its type and size, never its content. */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return `an object with ${Object.keys(value).length} keys`;
  return typeof value;
}

// Field readers: each returns the typed value or refuses.

function object(raw: unknown, field = 'request'): Record<string, unknown> {
  if (!isObject(raw)) refuse(field, raw, 'an object');
  return raw;
}

function none(raw: unknown): void {
  if (raw !== undefined && raw !== null) refuse('request', raw, 'nothing');
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) refuse(field, value, `a string of at most ${max} characters`);
  return value;
}

function id(value: unknown, field: string): string {
  const s = text(value, field, REQUEST_LIMITS.id);
  if (s === '') refuse(field, value, 'a non-empty id');
  return s;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) refuse(field, value, `an integer in ${min}..${max}`);
  return value;
}

/** A time in ms since epoch, inside what a Date can hold. */
function time(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e15) refuse(field, value, 'a time in ms');
  return value;
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

// A value of the right type that names nothing the app knows keeps its own code, which says what
// is expected ("a market like coinking:BTC/USDT"); a wrong type is a wrong shape.

function exchange(value: unknown, field = 'exchange'): ExchangeId {
  const s = text(value, field, 40);
  if (!EXCHANGES.includes(s as ExchangeId)) throw new CommandError('exchange.unknown', { value: shown(s, 40) });
  return s as ExchangeId;
}

function market(value: unknown, field = 'market'): MarketId {
  const ref = parseMarketId(text(value, field, 100));
  if (!ref) throw new CommandError('market.invalid', { value: shown(value as string, 60) });
  return marketId(ref);
}

function interval(value: unknown, field = 'interval'): CandleInterval {
  const s = text(value, field, 20);
  if (!isCandleInterval(s)) throw new CommandError('market.intervalUnknown', { value: shown(s, 20) });
  return s;
}

/** "BTC/USDT": a pair on whichever exchange. */
function pair(value: unknown): string {
  const s = text(value, 'pair', 41);
  if (!PAIR_PATTERN.test(s)) refuse('pair', value, 'a pair like BTC/USDT');
  return s;
}

function side(value: unknown): Side {
  const s = text(value, 'side', 20);
  if (s !== 'buy' && s !== 'sell') throw new CommandError('deals.side');
  return s;
}

type Filter = Omit<DealQuery, 'offset' | 'limit'>;

/** The one deal filter (deals.page, deals.csv); absent or null fields do not filter. */
function dealFilter(raw: unknown): Filter {
  // The deals screen sends {} for "everything"; nothing at all means the same.
  const r = raw === undefined || raw === null ? {} : object(raw);
  const filter: Filter = {};
  const ex = optional(r.exchange, exchange);
  const acc = optional(r.account, accountLabel);
  const m = optional(r.market, market);
  const p = optional(r.pair, pair);
  const s = optional(r.side, side);
  const from = optional(r.from, (v) => time(v, 'from'));
  const to = optional(r.to, (v) => time(v, 'to'));
  if (ex !== undefined) filter.exchange = ex;
  if (acc !== undefined) filter.account = acc;
  if (m !== undefined) filter.market = m;
  if (p !== undefined) filter.pair = p;
  if (s !== undefined) filter.side = s;
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  // A span that ends before it starts is the user's mistake, said as such rather than as a wrong shape.
  if (from !== undefined && to !== undefined && from > to) throw new CommandError('history.range');
  return filter;
}

function pageSize(value: unknown): number {
  const limit = integer(value, 'limit', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (limit < 1 || limit > MAX_PAGE) throw new CommandError('deals.limit', { max: MAX_PAGE });
  return limit;
}

function dealQuery(raw: unknown): DealQuery {
  const r = raw === undefined || raw === null ? {} : object(raw);
  return {
    ...dealFilter(r),
    offset: r.offset === undefined ? 0 : integer(r.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: r.limit === undefined ? 100 : pageSize(r.limit),
  };
}

function watchlistEdit(raw: unknown): { listId: string; market: MarketId } {
  const r = object(raw);
  return { listId: id(r.listId, 'listId'), market: market(r.market) };
}

/** Any well-formed account label (a removed account's deals stay in the history, so not only the known ones). */
function accountLabel(value: unknown, field = 'account'): string {
  const checked = checkAccountLabel(value, []);
  if ('problem' in checked) refuse(field, value, `an account label (${checked.problem})`);
  return checked.label;
}

function exchangeOnly(raw: unknown): { exchange: ExchangeId } {
  return { exchange: exchange(object(raw).exchange) };
}

function credentialFields(value: unknown): Record<string, string> {
  const r = object(value, 'fields');
  const entries = Object.entries(r);
  if (entries.length > REQUEST_LIMITS.credentialFields) refuse('fields', value, `at most ${REQUEST_LIMITS.credentialFields} fields`);
  const fields: Record<string, string> = {};
  for (const [name, v] of entries) fields[text(name, 'fields', 40)] = text(v, `fields.${name.slice(0, 40)}`, REQUEST_LIMITS.secret);
  return fields;
}

function ruleInput(raw: unknown): RuleInput {
  const r = object(raw);
  const input: RuleInput = {
    name: r.name === undefined || r.name === null ? '' : text(r.name, 'name', REQUEST_LIMITS.text),
    enabled: r.enabled === undefined ? true : typeof r.enabled === 'boolean' ? r.enabled : refuse('enabled', r.enabled, 'true or false'),
    // The rule's own parser: its refusals name the field the user got wrong (price, window...).
    condition: parseCondition(r.condition),
  };
  const ruleId = optional(r.id, (v) => id(v, 'id'));
  if (ruleId !== undefined) input.id = ruleId;
  return input;
}

export type RequestParsers = { [K in CommandName]: (raw: unknown) => RequestOf<K> };

export const REQUEST_PARSERS: RequestParsers = {
  'app.info': none,
  'market.snapshot': none,
  'watchlist.list': none,
  'watchlist.add': watchlistEdit,
  'watchlist.remove': watchlistEdit,
  'watchlist.create': (raw) => ({ name: text(object(raw).name, 'name', REQUEST_LIMITS.text) }),
  'watchlist.rename': (raw) => {
    const r = object(raw);
    return { listId: id(r.listId, 'listId'), name: text(r.name, 'name', REQUEST_LIMITS.text) };
  },
  'watchlist.delete': (raw) => ({ listId: id(object(raw).listId, 'listId') }),
  'watchlist.move': (raw) => ({ ...watchlistEdit(raw), index: integer(object(raw).index, 'index', 0, REQUEST_LIMITS.index) }),
  'exchange.reconnect': exchangeOnly,
  'accounts.list': none,
  // The label is the vault's to judge (its code says what is wrong with it); here only its shape.
  'accounts.add': (raw) => {
    const r = object(raw);
    return { exchange: exchange(r.exchange), label: text(r.label, 'label', REQUEST_LIMITS.text), fields: credentialFields(r.fields) };
  },
  'accounts.remove': (raw) => {
    const r = object(raw);
    return { exchange: exchange(r.exchange), label: text(r.label, 'label', REQUEST_LIMITS.text) };
  },
  // null closes the market view.
  'market.focus': (raw) => {
    if (raw === undefined || raw === null) return null;
    const r = object(raw);
    return { market: market(r.market), interval: interval(r.interval) };
  },
  'market.candles': (raw) => {
    const r = object(raw);
    return { market: market(r.market), interval: interval(r.interval), before: time(r.before, 'before'), limit: integer(r.limit, 'limit', 1, MAX_CANDLES) };
  },
  'market.depthScales': (raw) => ({ market: market(object(raw).market) }),
  // null closes the venue comparison.
  'venues.compare': (raw) => (raw === undefined || raw === null ? null : { market: market(object(raw).market) }),
  'market.setDepthScale': (raw) => {
    const r = object(raw);
    return { market: market(r.market), index: integer(r.index, 'index', 0, REQUEST_LIMITS.index) };
  },
  'markets.list': exchangeOnly,
  // Any text: it only filters names. Longer than a market id cannot match, so it is cut there.
  'markets.search': (raw) => {
    const r = object(raw);
    return {
      query: text(r.query, 'query', 200).slice(0, MAX_SEARCH_QUERY),
      limit: r.limit === undefined ? 50 : Math.min(integer(r.limit, 'limit', 1, Number.MAX_SAFE_INTEGER), MAX_MARKET_SEARCH_RESULTS),
    };
  },
  'account.snapshot': none,
  'deals.page': dealQuery,
  'deals.csv': dealFilter,
  'portfolio.get': none,
  'portfolio.history': (raw) => {
    const r = object(raw);
    return { from: time(r.from, 'from'), to: time(r.to, 'to') };
  },
  'settings.get': none,
  // The settings' own validators: their refusals name the setting and why.
  'settings.set': (raw) => validateSettingsPatch(object(raw)),
  'credentials.status': none,
  'credentials.set': (raw) => {
    const r = object(raw);
    return { exchange: exchange(r.exchange), fields: credentialFields(r.fields) };
  },
  'credentials.remove': exchangeOnly,
  'credentials.test': exchangeOnly,
  'alerts.list': none,
  'alerts.save': ruleInput,
  'alerts.delete': (raw) => ({ id: id(object(raw).id, 'id') }),
  'alerts.history': none,
  'alerts.pause': (raw) => {
    const paused = object(raw).paused;
    return { paused: typeof paused === 'boolean' ? paused : refuse('paused', paused, 'true or false') };
  },
  'file.saveText': (raw) => {
    const r = object(raw);
    const fileName = text(r.fileName, 'fileName', REQUEST_LIMITS.fileName);
    if (typeof r.text !== 'string') refuse('text', r.text, 'a string');
    // Counted in UTF-8 bytes, as written; a cheap length check first keeps a huge string from being encoded.
    if (r.text.length > MAX_SAVE_BYTES || Buffer.byteLength(r.text, 'utf8') > MAX_SAVE_BYTES) throw new CommandError('file.tooLarge');
    return { fileName, text: r.text };
  },
  'notices.list': none,
  'notices.dismiss': (raw) => ({ id: id(object(raw).id, 'id') }),
};

/**
 * The one gate every transport's request passes (the core's `invoke`, the shell's own commands).
 * Returns the typed request or throws CommandError: "request.invalid" { command, field } for a wrong
 * shape, or the owning validator's own code (a setting, an alert condition, a file too large).
 */
export function parseRequest<K extends CommandName>(command: K, raw: unknown, log: Pick<Logger, 'warn'>): RequestOf<K> {
  const parse = REQUEST_PARSERS[command] as ((raw: unknown) => RequestOf<K>) | undefined;
  if (!parse) throw new CommandError('command.unavailable', { command: String(command).slice(0, 60) });
  try {
    return parse(raw);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    log.warn(`${command}: request refused (${error.message})`);
    throw new CommandError('request.invalid', { command, field: error.field });
  }
}
