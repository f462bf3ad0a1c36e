// Waiting for one of the adapter's sockets to be usable, for one-off queries (candle history) that
// may come while a socket is still connecting, e.g. a chart opened together with its focus.
import { isLinkUp } from '../../../shared/model';
import type { ExchangeStatus } from '../../../shared/model';
import type { Clock } from '../connection/clock';
import type { Connection } from '../connection/connection';
import { NotConnectedError } from '../connection/errors';

const usable = (s: ExchangeStatus) => isLinkUp(s.state);
const running = (s: ExchangeStatus) => s.state !== 'idle' && s.state !== 'stopped' && s.state !== 'auth_failed';

/** The first of `connections` (in order of preference) that is live, waiting up to `timeoutMs`. */
export function firstLive<M>(connections: Connection<M>[], timeoutMs: number, clock: Clock): Promise<Connection<M>> {
  const ready = connections.find((c) => usable(c.status));
  if (ready) return Promise.resolve(ready);
  const candidates = connections.filter((c) => running(c.status));
  if (candidates.length === 0) return Promise.reject(new NotConnectedError('CoinKing is not connected: no market is being followed'));
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = (fn: () => void) => {
      clock.clearTimeout(timer);
      offs.forEach((off) => off());
      fn();
    };
    const timer = clock.setTimeout(
      () => done(() => reject(new NotConnectedError(`CoinKing did not connect within ${(timeoutMs / 1000).toFixed(1)} s`))),
      timeoutMs,
    );
    for (const c of candidates) {
      offs.push(
        c.onStatus((s) => {
          if (usable(s)) done(() => resolve(c));
          else if (!candidates.some((x) => running(x.status))) {
            done(() => reject(new NotConnectedError(`CoinKing is not connected: ${s.reason?.code ?? s.state}`, s.reason ?? undefined)));
          }
        }),
      );
    }
  });
}
