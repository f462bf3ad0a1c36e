// Several accounts per exchange (a main account and sub-accounts). An account is named by its
// exchange and a label the user chooses; the label is checked here once, for the UI's form and for
// the core's command alike.
import type { Coded } from './notices';
import type { AccountLinkState, ExchangeId } from './model';

/** The label of the account entered in an exchange's credentials section (the first account). */
export const MAIN_ACCOUNT = 'main';
/** Accounts per exchange beside the main one: enough for a few sub-accounts, bounded. */
export const MAX_EXTRA_ACCOUNTS = 4;
export const ACCOUNT_LABEL_MAX = 24;

/**
 * Letters and digits of any script (with their combining marks, for Thai), joined by single spaces,
 * "-", "_" or ".": no ":" (the keychain entry is "<exchange>:<label>"), no control characters.
 */
const LABEL = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[ ._-][\p{L}\p{M}\p{N}]+)*$/u;

export type AccountLabelProblem = 'account.labelRequired' | 'account.labelTooLong' | 'account.labelInvalid' | 'account.labelTaken';

/**
 * The label as kept (trimmed, NFC), or why it cannot be used. `taken` are the exchange's labels in
 * use (the main one included); labels are unique per exchange regardless of case.
 */
export function checkAccountLabel(input: unknown, taken: readonly string[]): { label: string } | { problem: AccountLabelProblem } {
  if (typeof input !== 'string' || input.trim() === '') return { problem: 'account.labelRequired' };
  const label = input.trim().normalize('NFC');
  if ([...label].length > ACCOUNT_LABEL_MAX) return { problem: 'account.labelTooLong' };
  if (!LABEL.test(label)) return { problem: 'account.labelInvalid' };
  const lower = label.toLocaleLowerCase('en');
  if (taken.some((t) => t.toLocaleLowerCase('en') === lower)) return { problem: 'account.labelTaken' };
  return { label };
}

/** The label of a balance, order or deal (records from before accounts belong to the main one). */
export const accountOf = (record: { account?: string }): string => record.account ?? MAIN_ACCOUNT;

/** One added account as the UI sees it: never a secret, a masked hint at most. */
export interface AccountStatus {
  exchange: ExchangeId;
  label: string;
  /** A masked hint such as "…9f3a". */
  hint: string;
  /** 'session': kept until the app quits (the keychain is unavailable, or a demo account on the simulator). */
  storage: 'keychain' | 'session';
  /** Its private side: 'pending' until logged in, 'live', 'rejected' (the key was refused). */
  link: AccountLinkState;
  /** Why it is not live (a rejected key, credentials held back), as a code. */
  problem: Coded | null;
  /** Runs against the exchange's simulator (demo mode): kept for this session only. */
  demo: boolean;
}

export interface AccountInput {
  exchange: ExchangeId;
  label: string;
  /** Field name → value, per CREDENTIAL_FIELDS. Travels only inward. */
  fields: Record<string, string>;
}
