// CoinKing market data for the watchlist: `price` and `state` subscriptions mapped to tickers.
// Each connection holds one subscription per type, so every change re-sends the whole market list.
import type { Candle, CandleInterval, ExchangeStatus, MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { marketId } from '../../../shared/model';
import { Connection, type ConnectionOptions, type Session } from '../connection/connection';
import { AuthFailedError, RequestFailedError, describe } from '../connection/errors';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { ExchangeAdapter, Focus, MarketSink } from '../exchange';
import { coinkingCodec, parsePriceUpdate, parseState, parseStateUpdate, wireMarket, type CoinKingPush, type CoinKingState } from './wire';

export interface CoinKingAdapterOptions {
  wsUrl: string;
  /** The API key for `server.auth`; market data needs none. */
  token?: string;
  sink: Pick<MarketSink, 'ticker'>;
  log?: Logger;
  /** Overrides for tests (timers, backoff, clock). */
  connection?: Partial<Omit<ConnectionOptions<CoinKingPush>, 'exchange' | 'endpoint' | 'codec' | 'hooks'>>;
}

const DAY_SECONDS = 86_400;

function stateToPatch(s: CoinKingState) {
  return { last: s.last, open24h: s.open, high24h: s.high, low24h: s.low, volume24h: s.volume };
}

export class CoinKingAdapter implements ExchangeAdapter {
  readonly exchange = 'coinking' as const;
  readonly connection: Connection<CoinKingPush>;
  /** Wire name ("BTCUSDT") → market id, for the markets we asked for. */
  private wanted = new Map<string, MarketId>();
  /** Bumped on every change of `wanted`, so an open that raced a change can send the list again. */
  private version = 0;
  private readonly log: Logger;

  constructor(private readonly options: CoinKingAdapterOptions) {
    this.log = options.log ?? silentLogger;
    this.connection = new Connection<CoinKingPush>({
      exchange: 'coinking',
      endpoint: async () => ({ url: options.wsUrl }),
      codec: coinkingCodec,
      heartbeatMs: 15_000,
      watchdogMs: 45_000,
      requestTimeoutMs: 10_000,
      log: this.log,
      ...options.connection,
      hooks: {
        open: (session) => this.open(session),
        message: (message) => this.message(message),
        heartbeat: async (session) => {
          const pong = await session.request('server.ping', []);
          if (pong !== 'pong') throw new Error(`server.ping answered ${JSON.stringify(pong)}`);
        },
      },
    });
  }

  status(): ExchangeStatus {
    return this.connection.status;
  }

  onStatus(listener: (status: ExchangeStatus) => void): () => void {
    return this.connection.onStatus(listener);
  }

  // Depth, deals and kline for the focused market, market search and candle history are the
  // CoinKing-complete work (issue 5); until then the market view has no CoinKing data.
  focus(_focus: Focus | null): void {}

  async candleHistory(_market: MarketRef, _interval: CandleInterval, _endTime: number, _limit: number): Promise<Candle[]> {
    return [];
  }

  async markets(): Promise<MarketInfo[]> {
    return [];
  }

  /**
   * Follows exactly these markets. The connection runs only while there is something to follow;
   * a change while connected re-sends the full subscription lists.
   */
  watch(markets: MarketRef[]): void {
    const next = new Map(markets.map((m) => [wireMarket(m.base, m.quote), marketId(m)] as const));
    const added = [...next.keys()].filter((k) => !this.wanted.has(k));
    const same = added.length === 0 && next.size === this.wanted.size;
    this.wanted = next;
    if (same) return;
    this.version++;
    if (next.size === 0) {
      this.connection.stop();
      return;
    }
    const state = this.connection.status.state;
    if (state === 'idle' || state === 'stopped') {
      this.connection.start();
    } else if (state === 'live' || state === 'stale') {
      void this.subscribe(this.connection, added).catch((error) =>
        this.log.warn(`coinking: re-subscribing failed: ${describe(error)}`),
      );
    }
    // Connecting or backing off: the open hook subscribes to the new list when the socket is up.
  }

  reconnect(): void {
    if (this.wanted.size > 0) this.connection.reconnectNow();
  }

  async stop(): Promise<void> {
    this.connection.stop();
  }

  private async open(session: Session): Promise<void> {
    if (this.options.token) {
      try {
        await session.request('server.auth', [this.options.token, 'web']);
      } catch (error) {
        if (error instanceof RequestFailedError && (error.code === 11 || error.code === 6)) {
          throw new AuthFailedError(`CoinKing rejected the API key: ${error.serverMessage}`);
        }
        throw error;
      }
    }
    let version: number;
    let fresh = [...this.wanted.keys()];
    do {
      version = this.version;
      const sent = new Set(this.wanted.keys());
      await this.subscribe(session, fresh);
      fresh = [...this.wanted.keys()].filter((k) => !sent.has(k));
    } while (version !== this.version);
  }

  /** Sends the full lists, then asks for the current values of `fresh` markets. */
  private async subscribe(session: Session, fresh: string[]): Promise<void> {
    const names = [...this.wanted.keys()];
    if (names.length === 0) return;
    await Promise.all([session.request('price.subscribe', names), session.request('state.subscribe', names)]);
    // A subscription pushes only changes: query once so every row has a value at once.
    await Promise.all(
      fresh.map(async (name) => {
        try {
          const state = parseState(await session.request('state.query', [name, DAY_SECONDS]));
          const id = this.wanted.get(name);
          if (state && id) this.options.sink.ticker(id, stateToPatch(state));
        } catch (error) {
          if (error instanceof RequestFailedError) this.log.warn(`coinking: ${name}: ${error.message}`);
          else throw error;
        }
      }),
    );
  }

  private message(push: CoinKingPush): void {
    switch (push.method) {
      case 'price.update': {
        const u = parsePriceUpdate(push.params);
        if (!u) throw new Error('price.update: malformed params');
        const id = this.wanted.get(u.market);
        if (id) this.options.sink.ticker(id, { last: u.price });
        return;
      }
      case 'state.update': {
        const u = parseStateUpdate(push.params);
        if (!u) throw new Error('state.update: malformed params');
        const id = this.wanted.get(u.market);
        if (id) this.options.sink.ticker(id, stateToPatch(u.state));
        return;
      }
      default:
        return; // pushes of types this adapter does not follow yet are ignored, not errors
    }
  }
}
