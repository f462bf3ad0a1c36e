// What the core tells the user outside a command reply (a storage fault, a record it skipped, a
// database it had to set aside): always a code with parameters, which the UI and the shell
// translate. The core never sends prose.
import type { ExchangeId, MarketId } from './model';

/** Parameters of a coded message: plain values the translation interpolates, or a coded message
 * rendered first in the same language (e.g. the reason inside "disconnected for 30 s: …"). */
export interface CodeParams {
  [name: string]: string | number | null | Coded;
}

/** A message as a code (e.g. "storage.writeFailed") and its parameters. */
export interface Coded {
  code: string;
  params?: CodeParams;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  /** Stable per cause: a notice posted again with the same id replaces the earlier one. */
  id: string;
  level: NoticeLevel;
  /** Epoch ms of the latest posting. */
  at: number;
  message: Coded;
  exchange?: ExchangeId;
  market?: MarketId;
  /** How many times it was posted since it first appeared. */
  count: number;
}
