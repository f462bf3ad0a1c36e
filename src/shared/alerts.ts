// Alert rules and fired alerts as the contract carries them.
import type { DecimalString, ExchangeId, MarketId } from './model';
import type { Coded } from './notices';

export type AlertCondition =
  | { kind: 'price_above'; market: MarketId; price: DecimalString }
  | { kind: 'price_below'; market: MarketId; price: DecimalString }
  | { kind: 'move_pct'; market: MarketId; pct: DecimalString; windowMinutes: number }
  | { kind: 'order_filled'; exchange: ExchangeId | null }
  | { kind: 'balance_change'; exchange: ExchangeId | null; asset: string | null }
  | { kind: 'connection_lost'; exchange: ExchangeId; seconds: number }
  /** The same pair on two venues: fires when their last prices differ by more than `pct` % (of the lower). */
  | { kind: 'venue_gap'; a: MarketId; b: MarketId; pct: DecimalString };

export interface AlertRule {
  id: string;
  /** The user's name; empty when none was given (the UI then describes the condition). */
  name: string;
  enabled: boolean;
  condition: AlertCondition;
  createdAt: number;
}

export interface FiredAlert {
  id: string;
  ruleId: string;
  /** The rule's name, or its condition described, as a code (rendered in the user's language). */
  title: Coded;
  body: Coded;
  /** The market to focus when the notification is clicked. */
  market: MarketId | null;
  at: number;
  /** How many repeats were folded into this one by the rate limit. */
  folded: number;
}
