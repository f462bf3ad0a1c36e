// The main-process benchmark's feed, in its own process so its work never shows in the core's
// event loop: the CoinKing simulator with many markets trading every tick, told over IPC to go
// silent, to trade, or to send a hostile-size depth snapshot.
import { startCoinKingSimulator } from '../src/main/core/simulators/coinking/simulator';

const markets = Number(process.env.LAG_MARKETS ?? 200);
const tickMs = Number(process.env.LAG_TICK_MS ?? 40);

/**
 * A depth snapshot of `levels` levels a side for `market`, as the server would frame it (about 25
 * bytes a level). The levels are built once, so the time between the order and the frame reaching
 * the core is the socket's and the core's, not this process's.
 */
const hostileLevels = new Map<number, string>();
function hostileDepth(market: string, levels: number, mid: number): string {
  let body = hostileLevels.get(levels);
  if (body === undefined) {
    const asks: [string, string][] = [];
    const bids: [string, string][] = [];
    for (let i = 1; i <= levels; i++) {
      asks.push([(mid + i * 0.01).toFixed(2), (1 + (i % 97) / 10).toFixed(8)]);
      bids.push([(mid - i * 0.01).toFixed(2), (1 + (i % 89) / 10).toFixed(8)]);
    }
    body = JSON.stringify({ asks, bids });
    hostileLevels.set(levels, body);
  }
  return `{"method":"depth.update","params":[true,${body},${JSON.stringify(market)}],"id":null}`;
}

let prices = 0;
const sim = await startCoinKingSimulator({
  markets: Array.from({ length: markets }, (_, i) => ({ base: `L${i}`, quote: 'USDT', price: (1000 + i).toFixed(2), pricePrecision: 2 })),
  tickMs,
  tradeProbability: 1,
  seed: 5,
  depthSnapshotMs: 3_600_000,
  onPrice: () => void prices++,
});
let silent = true;
sim.setSilent(true);
process.on('message', (m: { kind: string; market?: string; levels?: number }) => {
  if (m.kind === 'silent') sim.setSilent((silent = true));
  else if (m.kind === 'live') {
    sim.setSilent((silent = false));
    prices = 0;
  } else if (m.kind === 'stats') process.send!({ kind: 'stats', prices });
  else if (m.kind === 'hostile') {
    const text = hostileDepth(m.market!, m.levels!, 2000);
    sim.pushRaw(text);
    process.send!({ kind: 'hostile-sent', bytes: text.length });
  } else if (m.kind === 'stop') void sim.close().then(() => process.exit(0));
});
hostileDepth('WARM', Number(process.env.LAG_HOSTILE_LEVELS ?? 34_000), 2000);
process.send!({ kind: 'ready', url: sim.url, apiUrl: sim.apiUrl, silent });
