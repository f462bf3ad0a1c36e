// Settings, credentials, alerts and portfolio: the rest of the contract's payloads.
import type { DecimalString, ExchangeId, MarketId, Side } from './model';
import type { Coded } from './notices';

export const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'th'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  language: Language;
  theme: 'dark' | 'light';
  /** Show desktop notifications for fired alerts. */
  notifications: boolean;
  /** Start hidden in the tray (desktop app). */
  startMinimized: boolean;
  /** Start at login (desktop app). */
  startAtLogin: boolean;
  /** Run against the built-in simulators (takes effect after a restart). */
  demo: boolean;
  /** The currency portfolio values are shown in. */
  quoteCurrency: string;
  /** Endpoint overrides by name (see README); empty means the default. Takes effect after a restart. */
  endpoints: Partial<Record<EndpointName, string>>;
}

export type EndpointName =
  | 'cryptomusApi'
  | 'cryptomusMarket'
  | 'cryptomusScales'
  | 'cryptomusWs'
  | 'itickWs'
  | 'itickApi'
  | 'coinkingWs'
  | 'coinkingApi';

/** The credential fields each exchange takes. Write-only: they go in, never come back. */
export const CREDENTIAL_FIELDS: Record<ExchangeId, readonly string[]> = {
  cryptomus: ['userId', 'apiKey'],
  itick: ['token'],
  coinking: ['token'],
};

export interface CredentialStatus {
  exchange: ExchangeId;
  configured: boolean;
  /** A masked hint such as "…9f3a", never the secret. */
  hint: string | null;
  /** 'keychain' when stored in the OS keychain, 'session' when kept only until the app quits. */
  storage: 'keychain' | 'session' | null;
  /** Why the keychain could not be used, or the last connection error for these credentials (a code). */
  lastError: Coded | null;
  /**
   * Set when the credentials are held back: the exchange's endpoints are not the ones they were
   * entered for (code "credentials.endpointChanged", params.origins: the new origins). Nothing is
   * sent until the user enters them again.
   */
  heldBack: Coded | null;
  /** True while this exchange runs against its built-in simulator (demo mode): no key of the user's is in use. */
  demo?: boolean;
}

export interface CredentialsInput {
  exchange: ExchangeId;
  /** Field name → value, per CREDENTIAL_FIELDS. */
  fields: Record<string, string>;
}

export type AlertCondition =
  | { kind: 'price_above'; market: MarketId; price: DecimalString }
  | { kind: 'price_below'; market: MarketId; price: DecimalString }
  | { kind: 'move_pct'; market: MarketId; pct: DecimalString; windowMinutes: number }
  | { kind: 'order_filled'; exchange: ExchangeId | null }
  | { kind: 'balance_change'; exchange: ExchangeId | null; asset: string | null }
  | { kind: 'connection_lost'; exchange: ExchangeId; seconds: number };

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

export interface Holding {
  exchange: ExchangeId;
  /** The account's label (src/shared/accounts.ts); absent means "main". */
  account?: string;
  asset: string;
  amount: DecimalString;
  /** Price in the quote currency, null when no market prices it. */
  price: DecimalString | null;
  value: DecimalString | null;
  /** Share of the total, in percent. */
  share: DecimalString | null;
}

export interface PortfolioView {
  quote: string;
  total: DecimalString;
  holdings: Holding[];
  /** Average-cost P&L from the deal history. */
  realisedPnl: DecimalString;
  unrealisedPnl: DecimalString;
  at: number;
}

export interface ValuePoint {
  time: number;
  value: DecimalString;
}

export interface DealQuery {
  exchange?: ExchangeId;
  /** One account's deals (its label; with `exchange`). */
  account?: string;
  market?: MarketId;
  side?: Side;
  /** ms since epoch, inclusive. */
  from?: number;
  /** ms since epoch, exclusive. */
  to?: number;
  offset: number;
  limit: number;
}

export interface DealTotals {
  count: number;
  /** Sum of deal values, per quote currency. */
  value: Record<string, DecimalString>;
  /** Sum of fees, per fee currency. */
  fees: Record<string, DecimalString>;
}
