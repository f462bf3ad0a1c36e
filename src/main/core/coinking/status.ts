// One status for the exchange out of its two sockets: the user sees CoinKing, not its sockets.
import { isLinkUp } from '../../../shared/model';
import { coded } from '../../../shared/codes';
import type { ExchangeStatus } from '../../../shared/model';

const idle = (s: ExchangeStatus) => s.state === 'idle' || s.state === 'stopped';
const up = (s: ExchangeStatus) => isLinkUp(s.state);

/** The main socket's status, or the focus socket's while only it runs; a focus problem as the reason. */
export function combinedStatus(main: ExchangeStatus, focus: ExchangeStatus): ExchangeStatus {
  const badFrames = main.badFrames + focus.badFrames;
  if (idle(main) && !idle(focus)) return { ...focus, badFrames };
  if (up(main) && !idle(focus) && !up(focus) && focus.reason) return { ...main, badFrames, reason: coded('link.marketView', { reason: focus.reason }) };
  return { ...main, badFrames };
}
