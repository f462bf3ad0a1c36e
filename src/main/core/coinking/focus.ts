// The focused market (the one open in the market view) on its own socket. ViaBTC keeps one depth and
// one kline subscription per connection, so following a chart on the watchlist's socket would
// either replace those or be replaced; here the main socket's price and state pushes never notice.
// One socket is enough: there is one focus, and changing it re-subscribes in place.
import type { CandleInterval, MarketId, MarketRef } from '../../../shared/model';
import { INTERVAL_MS, marketId, isLinkUp } from '../../../shared/model';
import { Connection, type ConnectionOptions, type Session } from '../connection/connection';
import { RequestFailedError, describe } from '../connection/errors';
import type { Clock } from '../connection/clock';
import type { Focus, MarketSink } from '../exchange-adapter';
import type { Logger } from '../log';
import { candleFromRow, tradeFromDeal } from './mapping';
import { CoinKingRpc, type DepthLimit } from './rpc';
import { coinkingCodec, wireMarket, type CoinKingPush } from './wire';
import { parseDealsUpdate, parseDepthUpdate, parseKlineRows, type KlineRow, type WireDeal } from './wire-market';

export interface FocusFeedOptions {
  wsUrl: string;
  sink: Pick<MarketSink, 'trades' | 'book' | 'candles'>;
  log: Logger;
  depthLimit: DepthLimit;
  clock: Clock;
  connection: Omit<ConnectionOptions<CoinKingPush>, 'exchange' | 'endpoint' | 'codec' | 'hooks'>;
}

interface Target {
  ref: MarketRef;
  id: MarketId;
  wire: string;
  interval: CandleInterval;
  seconds: number;
}

/** Deals fetched to fill the tape after a (re)connect. */
const GAP_DEALS = 100;

export class FocusFeed {
  readonly connection: Connection<CoinKingPush>;
  private target: Target | null = null;
  private version = 0;
  private readonly log: Logger;

  // What the current socket is subscribed to; reset on every (re)connect.
  private depthMarket: string | null = null;
  /** The market whose clean snapshot arrived on this socket: diffs before it are dropped. */
  private bookSynced: string | null = null;
  private kline: { market: string; seconds: number } | null = null;
  private dealsMarket: string | null = null;
  /** While the tape is being filled after a (re)subscribe, pushes wait here. */
  private dealBuffer: { market: string; deals: WireDeal[] } | null = null;
  /** The market whose book was last sent a reset and nothing since. */
  private blanked: MarketId | null = null;

  // What the user has seen, across sockets, for the current market.
  private tape: { market: string; lastId: number } | null = null;
  private lastCandle: { market: string; seconds: number; time: number } | null = null;

  constructor(private readonly options: FocusFeedOptions) {
    this.log = options.log;
    this.connection = new Connection<CoinKingPush>({
      maxFrameBytes: 4 * 1024 * 1024, // ViaBTC caps depth at 100 levels and kline queries at 1000 rows
      ...options.connection,
      clock: options.clock,
      exchange: 'coinking',
      endpoint: async () => ({ url: options.wsUrl }),
      codec: coinkingCodec,
      log: this.log,
      hooks: {
        open: (session) => this.open(session),
        message: (message) => this.message(message),
        heartbeat: (session) => new CoinKingRpc(session).ping(),
      },
    });
    // The engine leaves this book to us (the adapter's status is the main socket's): when this
    // socket goes down, the book shown may miss diffs, so it is blanked until the next clean snapshot.
    let up = false;
    this.connection.onStatus((s) => {
      const wasUp = up;
      up = isLinkUp(s.state);
      if (wasUp && !up) this.blankBook();
    });
  }

  get market(): string | null {
    return this.target?.wire ?? null;
  }

  /** Follows depth, deals and candles of this market; null closes the socket. */
  set(focus: Focus | null): void {
    if (!focus) {
      this.target = null;
      this.version++;
      this.connection.stop();
      return;
    }
    const { base, quote } = focus.market;
    const next: Target = {
      ref: { exchange: 'coinking', base, quote },
      id: marketId(focus.market),
      wire: wireMarket(base, quote),
      interval: focus.interval,
      seconds: INTERVAL_MS[focus.interval] / 1000,
    };
    const prev = this.target;
    if (prev && prev.wire === next.wire && prev.seconds === next.seconds) return;
    this.target = next;
    this.version++;
    const state = this.connection.status.state;
    if (state === 'idle' || state === 'stopped') this.connection.start();
    else if (isLinkUp(state)) {
      void this.follow(this.connection, prev).catch((error) => this.log.warn(`coinking: following ${next.wire} failed: ${describe(error)}`));
    }
    // Connecting or backing off: the open hook subscribes to the newest target.
  }

  reconnect(): void {
    if (this.target) this.connection.reconnectNow();
  }

  stop(): void {
    this.connection.stop();
  }

  private async open(session: Session): Promise<void> {
    // A new socket: the book shown so far may have missed diffs. Blank it until the clean snapshot.
    this.blankBook();
    this.depthMarket = null;
    this.bookSynced = null;
    this.kline = null;
    this.dealsMarket = null;
    this.dealBuffer = null;
    let prev: Target | null = null;
    let version: number;
    do {
      version = this.version;
      const target = this.target;
      await this.follow(session, prev);
      prev = target;
    } while (version !== this.version);
  }

  private blankBook(): void {
    const t = this.target;
    if (!t || this.blanked === t.id) return; // blanked at the drop: the reopen has nothing to add
    this.blanked = t.id;
    this.options.sink.book(t.id, { kind: 'reset', bids: [], asks: [] });
  }

  /** Subscribes what differs from `prev` (everything when null) and fills the gaps since. */
  private async follow(session: Session, prev: Target | null): Promise<void> {
    const t = this.target;
    if (!t) return;
    const rpc = new CoinKingRpc(session);
    const newMarket = !prev || prev.wire !== t.wire;
    const newInterval = newMarket || prev.seconds !== t.seconds;
    const work: Promise<void>[] = [];
    if (newMarket) {
      // Pushes name their market, so the old market's late pushes are told apart by name.
      this.depthMarket = t.wire;
      this.bookSynced = null;
      work.push(rpc.depthSubscribe(t.wire, this.options.depthLimit));
      work.push(this.followDeals(rpc, t));
    }
    if (newInterval) work.push(this.followCandles(rpc, t));
    await Promise.all(work);
  }

  private async followDeals(rpc: CoinKingRpc, t: Target): Promise<void> {
    if (this.tape?.market !== t.wire) this.tape = { market: t.wire, lastId: 0 };
    this.dealsMarket = t.wire;
    this.dealBuffer = { market: t.wire, deals: [] };
    // Subscribed first, then asked for everything after the last deal shown: pushes meanwhile are
    // buffered, so nothing falls between the two and nothing is shown twice.
    let gap: WireDeal[] = [];
    try {
      await rpc.dealsSubscribe([t.wire]);
      gap = await rpc.dealsQuery(t.wire, GAP_DEALS, this.tape.lastId);
    } catch (error) {
      if (!(error instanceof RequestFailedError)) throw error;
      this.log.warn(`coinking: ${t.wire}: filling the trade tape failed: ${error.message}`);
    } finally {
      const buffered = this.dealBuffer?.market === t.wire ? this.dealBuffer.deals : [];
      if (this.dealBuffer?.market === t.wire) this.dealBuffer = null;
      if (this.target === t) this.showDeals(t, [...gap, ...buffered]);
    }
  }

  private showDeals(t: Target, deals: WireDeal[]): void {
    const tape = this.tape;
    if (!tape || tape.market !== t.wire) return;
    // Deal ids grow with time on ViaBTC: anything at or below the last one shown is a repeat.
    const fresh = new Map<number, WireDeal>();
    for (const d of deals) if (d.id > tape.lastId) fresh.set(d.id, d);
    if (fresh.size === 0) return;
    const sorted = [...fresh.values()].sort((a, b) => a.id - b.id);
    tape.lastId = sorted[sorted.length - 1]!.id;
    this.options.sink.trades(t.id, sorted.map((d) => tradeFromDeal(t.ref, d)));
  }

  private async followCandles(rpc: CoinKingRpc, t: Target): Promise<void> {
    // Until the server confirms the new interval, kline pushes may still be the old one's rows,
    // which carry no interval: ignore them.
    this.kline = null;
    await rpc.klineSubscribe(t.wire, t.seconds);
    if (this.target !== t) return;
    this.kline = { market: t.wire, seconds: t.seconds };
    // kline.subscribe sends no history: fetch from the last candle shown (or the current one).
    const now = Math.floor(this.options.clock.now() / 1000);
    const seen = this.lastCandle?.market === t.wire && this.lastCandle.seconds === t.seconds ? this.lastCandle.time : null;
    const start = seen ?? Math.floor(now / t.seconds) * t.seconds - t.seconds;
    try {
      const rows = await rpc.klineQuery(t.wire, start, now + t.seconds, t.seconds);
      if (this.target === t) this.showCandles(t, rows.filter((r) => r.market === t.wire));
    } catch (error) {
      if (!(error instanceof RequestFailedError)) throw error;
      this.log.warn(`coinking: ${t.wire}: filling candles failed: ${error.message}`);
    }
  }

  private showCandles(t: Target, rows: KlineRow[]): void {
    if (rows.length === 0) return;
    const candles = rows.map(candleFromRow).sort((a, b) => a.time - b.time);
    const newest = candles[candles.length - 1]!.time / 1000;
    if (!this.lastCandle || this.lastCandle.market !== t.wire || this.lastCandle.seconds !== t.seconds || newest > this.lastCandle.time) {
      this.lastCandle = { market: t.wire, seconds: t.seconds, time: newest };
    }
    this.options.sink.candles(t.id, t.interval, candles);
  }

  private message(push: CoinKingPush): void {
    const t = this.target;
    switch (push.method) {
      case 'depth.update': {
        const u = parseDepthUpdate(push.params);
        if (!u) throw new Error('depth.update: malformed params');
        if (!t || u.market !== t.wire || u.market !== this.depthMarket) return;
        if (u.clean) this.bookSynced = u.market;
        else if (this.bookSynced !== u.market) return; // a diff is relative to a snapshot this socket has not had
        this.blanked = null;
        this.options.sink.book(t.id, {
          kind: u.clean ? 'snapshot' : 'delta',
          bids: u.sides.bids ?? [],
          asks: u.sides.asks ?? [],
          limit: this.options.depthLimit, // ViaBTC does not send levels pushed below the limit
        });
        return;
      }
      case 'deals.update': {
        const u = parseDealsUpdate(push.params);
        if (!u) throw new Error('deals.update: malformed params');
        if (this.dealBuffer?.market === u.market) this.dealBuffer.deals.push(...u.deals);
        else if (t && u.market === t.wire && u.market === this.dealsMarket) this.showDeals(t, u.deals);
        return;
      }
      case 'kline.update': {
        const rows = parseKlineRows(push.params);
        if (!rows) throw new Error('kline.update: malformed params');
        const k = this.kline;
        if (!t || !k || k.market !== t.wire || k.seconds !== t.seconds) return;
        this.showCandles(t, rows.filter((r) => r.market === t.wire));
        return;
      }
      default:
        return;
    }
  }
}
