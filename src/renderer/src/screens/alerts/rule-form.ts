// The alert rule editor's form: text fields as typed, checked and turned into what alerts.save
// takes, and back from a saved rule for editing.
import { typedPositiveDecimal } from '../../../../shared/decimal';
import type { ExchangeId, MarketId } from '../../../../shared/model';
import { EXCHANGES, marketId, parseMarketId } from '../../../../shared/model';
import type { AlertCondition, AlertRule } from '../../../../shared/alerts';
import type { AlertDraft } from './use-alerts-store';

export const CONDITION_KINDS = ['price_above', 'price_below', 'move_pct', 'venue_gap', 'order_filled', 'balance_change', 'connection_lost'] as const;
export type ConditionKind = AlertCondition['kind'];

export interface RuleForm {
  id: string | null;
  name: string;
  enabled: boolean;
  kind: ConditionKind;
  market: string;
  price: string;
  pct: string;
  windowMinutes: string;
  /** '' = any exchange (where the condition allows it). */
  exchange: ExchangeId | '';
  asset: string;
  seconds: string;
}

export type FieldProblem = 'required' | 'market' | 'price' | 'pct' | 'window' | 'seconds' | 'asset' | 'otherVenue';
export type Problems = Partial<Record<keyof RuleForm, FieldProblem>>;

export function emptyForm(market: MarketId | null = null): RuleForm {
  return { id: null, name: '', enabled: true, kind: 'price_above', market: market ?? '', price: '', pct: '5', windowMinutes: '60', exchange: '', asset: '', seconds: '60' };
}

export function formFromRule(rule: AlertRule): RuleForm {
  const form: RuleForm = { ...emptyForm(), id: rule.id, name: rule.name, enabled: rule.enabled, kind: rule.condition.kind };
  const c = rule.condition;
  switch (c.kind) {
    case 'price_above':
    case 'price_below':
      return { ...form, market: c.market, price: c.price };
    case 'move_pct':
      return { ...form, market: c.market, pct: c.pct, windowMinutes: String(c.windowMinutes) };
    case 'order_filled':
      return { ...form, exchange: c.exchange ?? '' };
    case 'balance_change':
      return { ...form, exchange: c.exchange ?? '', asset: c.asset ?? '' };
    case 'connection_lost':
      return { ...form, exchange: c.exchange, seconds: String(c.seconds) };
    case 'venue_gap':
      return { ...form, market: c.a, exchange: parseMarketId(c.b)?.exchange ?? '', pct: c.pct };
  }
}

// The core reads the same text by the same rule (src/shared/decimal.ts), so what the form accepts it accepts.
const positiveDecimal = typedPositiveDecimal;

function wholeNumber(text: string, min: number, max: number): number | null {
  const v = text.trim();
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

/** The condition the form describes, and what is wrong with it (empty when nothing is). */
export function conditionOf(form: RuleForm): { condition: AlertCondition | null; problems: Problems } {
  const problems: Problems = {};
  const market = parseMarketId(form.market.trim()) ? (form.market.trim() as MarketId) : null;
  const needMarket = () => {
    if (!market) problems.market = form.market.trim() ? 'market' : 'required';
    return market;
  };
  let condition: AlertCondition | null = null;
  switch (form.kind) {
    case 'price_above':
    case 'price_below': {
      const m = needMarket();
      const price = positiveDecimal(form.price);
      if (!price) problems.price = form.price.trim() ? 'price' : 'required';
      if (m && price) condition = { kind: form.kind, market: m, price };
      break;
    }
    case 'move_pct': {
      const m = needMarket();
      const pct = positiveDecimal(form.pct);
      const minutes = wholeNumber(form.windowMinutes, 1, 1440);
      if (!pct || Number(pct) > 100) problems.pct = 'pct';
      if (minutes === null) problems.windowMinutes = 'window';
      if (m && pct && Number(pct) <= 100 && minutes !== null) condition = { kind: 'move_pct', market: m, pct, windowMinutes: minutes };
      break;
    }
    case 'venue_gap': {
      // The same pair on another exchange: the core checks that both venues list it as one pair.
      const m = needMarket();
      const ref = m ? parseMarketId(m) : null;
      const pct = positiveDecimal(form.pct);
      if (!pct || Number(pct) > 100) problems.pct = 'pct';
      if (!form.exchange || !EXCHANGES.includes(form.exchange)) problems.exchange = 'required';
      else if (ref && ref.exchange === form.exchange) problems.exchange = 'otherVenue';
      if (ref && pct && Number(pct) <= 100 && form.exchange && ref.exchange !== form.exchange) {
        condition = { kind: 'venue_gap', a: m!, b: marketId({ exchange: form.exchange, base: ref.base, quote: ref.quote }), pct };
      }
      break;
    }
    case 'order_filled':
      condition = { kind: 'order_filled', exchange: form.exchange || null };
      break;
    case 'balance_change': {
      const asset = form.asset.trim().toUpperCase();
      if (asset && !/^[A-Z0-9]{1,20}$/.test(asset)) problems.asset = 'asset';
      else condition = { kind: 'balance_change', exchange: form.exchange || null, asset: asset || null };
      break;
    }
    case 'connection_lost': {
      const seconds = wholeNumber(form.seconds, 5, 86_400);
      if (!form.exchange || !EXCHANGES.includes(form.exchange)) problems.exchange = 'required';
      if (seconds === null) problems.seconds = 'seconds';
      if (form.exchange && seconds !== null) condition = { kind: 'connection_lost', exchange: form.exchange, seconds };
      break;
    }
  }
  return { condition: Object.keys(problems).length ? null : condition, problems };
}

/**
 * What alerts.save takes. A rule left without a name stays without one: its condition is described
 * wherever it is shown, in the language of the moment (a name frozen in one language would not follow).
 */
export function toDraft(form: RuleForm): { draft: AlertDraft | null; problems: Problems } {
  const { condition, problems } = conditionOf(form);
  if (!condition) return { draft: null, problems };
  const draft: AlertDraft = { name: form.name.trim(), enabled: form.enabled, condition };
  if (form.id) draft.id = form.id;
  return { draft, problems };
}
