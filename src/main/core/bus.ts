// The core's internal events: what its services (alerts, the portfolio, credentials) react to.
// Apart from the UI-bound stream (`emit`): a service never listens to what the renderer is sent, so
// the UI contract can change without silently starving an alert, and each listener is typed.
import type { Settings } from '../../shared/settings';
import type { AccountSnapshot, MarketFrame } from '../../shared/contract';
import type { Deal, ExchangeStatus } from '../../shared/model';

export interface CoreEvents {
  /** Tickers that changed since the last frame (the board's coalesced push). */
  'tickers.changed': MarketFrame;
  /** Balances, orders or reconciliation of an account changed. */
  'account.changed': AccountSnapshot;
  /** Fills seen for the first time. */
  'deals.added': Deal[];
  /** Stored fills the exchange's own history contradicted, as rewritten. */
  'deals.corrected': Deal[];
  /** A connection's state changed. */
  'exchange.status': ExchangeStatus;
  /** Settings were saved. */
  'settings.changed': Settings;
}

export type CoreEventName = keyof CoreEvents;
export type CoreListener<E extends CoreEventName> = (payload: CoreEvents[E]) => void;

export class CoreBus {
  private readonly listeners = new Map<CoreEventName, Set<(payload: never) => void>>();

  /** Listens to one event; returns the unsubscribe. */
  on<E extends CoreEventName>(event: E, listener: CoreListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  }

  /**
   * Tells every listener, in subscription order. A listener that throws is reported and skipped:
   * one broken service must not keep the others (or the UI push that follows) from the event.
   */
  publish<E extends CoreEventName>(event: E, payload: CoreEvents[E], onError: (error: unknown) => void = () => {}): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as CoreListener<E>)(payload);
      } catch (error) {
        onError(error);
      }
    }
  }
}
