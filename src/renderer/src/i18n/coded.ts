// The core's coded messages (src/shared/codes.ts) in the user's language: status reasons, ticker
// notices, alert texts, command errors, default names. The words come from the shared table
// (namespace `core`), so the UI and the shell say the same thing.
import { CommandError, decodeCommandError } from '../../../shared/contract';
import { isCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { formatDecimal } from '../format';
import { i18n } from './index';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Parameters that carry money or amounts (decimal strings): grouped for reading, digits unchanged. */
const AMOUNTS = new Set(['price', 'threshold', 'from', 'to', 'amount', 'delta']);
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

function shown(name: string, value: unknown): unknown {
  if (!AMOUNTS.has(name) || typeof value !== 'string' || !DECIMAL.test(value)) return value;
  return value.startsWith('+') ? `+${formatDecimal(value.slice(1))}` : formatDecimal(value);
}

/** A coded message in the current language (an unknown code is named, never hidden or guessed). */
export function codeText(message: Coded): string {
  const t = i18n.global.t as Translate;
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message.params ?? {})) params[k] = isCoded(v) ? codeText(v) : shown(k, v);
  const key = `core.${message.code}`;
  if (i18n.global.te(key, 'en')) return t(key, params);
  // Notice codes may also be worded in the renderer's own `notices` namespace (src/renderer/src/i18n/notices.ts).
  const notice = `notices.${message.code}`;
  if (i18n.global.te(notice, 'en')) return t(notice, params);
  return t('core.fallback', { code: message.code });
}

/** The coded error inside a failed command, however the transport delivered it. */
export function errorCode(error: unknown): Coded | null {
  if (error instanceof CommandError) return error.coded;
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return decodeCommandError(text);
}

/** What to tell the user about a failed command: its code in their language, else the error's own words. */
export function errorMessage(error: unknown): string {
  const code = errorCode(error);
  if (code) return codeText(code);
  return error instanceof Error ? error.message : String(error);
}

/** A watchlist's name: the user's, or a default list's coded name in the current language. */
export function listName(list: { name: string; label?: Coded } | null | undefined): string {
  if (!list) return '';
  return list.label ? codeText(list.label) : list.name;
}
