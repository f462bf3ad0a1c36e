import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractHandlers, EventName, Events } from '../shared/contract';
import type { FiredAlert } from '../shared/alerts';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeNotification extends EventEmitter {
    static all: FakeNotification[] = [];
    static supported = true;
    static isSupported = () => FakeNotification.supported;
    show = vi.fn();
    close = vi.fn();
    constructor(readonly options: { title: string; body: string; icon?: string }) {
      super();
      FakeNotification.all.push(this);
    }
  }
  return { FakeNotification };
});
vi.mock('electron', () => ({ Notification: electron.FakeNotification }));
const { notifyAlerts } = await import('./notifications');

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;
const listeners = new Set<Listener>();
const core = {
  subscribe: (l: Listener) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
} as Pick<ContractHandlers, 'subscribe'>;
const emit = <E extends EventName>(event: E, payload: Events[E]) => listeners.forEach((l) => l(event, payload));
/** A user-named rule's text (rendered as it is, in any language). */
const text = (name: string) => ({ code: 'rule.named', params: { name } });
const alert = (over: Partial<FiredAlert> = {}): FiredAlert => ({ id: 'a', ruleId: 'r', title: text('T'), body: text('B'), market: 'coinking:BTC/USDT', at: 0, folded: 0, ...over });

describe('notifyAlerts', () => {
  beforeEach(() => {
    listeners.clear();
    electron.FakeNotification.all = [];
    electron.FakeNotification.supported = true;
  });

  it('shows one notification per fired alert, with the icon, and hands clicks back', () => {
    const onClick = vi.fn();
    notifyAlerts({ core, enabled: () => true, onClick, icon: '/opt/Vigil/icon.png' });
    emit('alert.fired', alert());
    emit('market.frame', { seq: 1, at: 0, tickers: [] });
    expect(electron.FakeNotification.all).toHaveLength(1);
    const n = electron.FakeNotification.all[0]!;
    expect(n.options).toEqual({ title: 'T', body: 'B', icon: '/opt/Vigil/icon.png' });
    expect(n.show).toHaveBeenCalledOnce();
    n.emit('click');
    expect(onClick).toHaveBeenCalledExactlyOnceWith(alert());
  });

  it("words the alert in the user's language, the reason inside it too, and says how many repeats it folds", () => {
    notifyAlerts({ core, enabled: () => true, onClick: () => {}, language: () => 'zh-CN' });
    const reason = { code: 'link.dead', params: { seconds: '45.0' } };
    emit('alert.fired', alert({ title: { code: 'rule.connectionLost', params: { exchange: 'CoinKing', seconds: 30 } }, body: { code: 'alert.disconnectedBecause', params: { exchange: 'CoinKing', seconds: 31, reason } }, folded: 2 }));
    expect(electron.FakeNotification.all[0]!.options).toMatchObject({
      title: 'CoinKing 断开 30 秒 · 自上次通知以来另有 2 次',
      body: 'CoinKing 已断开 31 秒：45.0 秒没有数据：连接已断开。',
    });
  });

  it('masks every number of the texts while privacy mode is on, and only then', () => {
    let privacy = true;
    notifyAlerts({ core, enabled: () => true, onClick: () => {}, privacy: () => privacy });
    const body = { code: 'rule.named', params: { name: 'ETH balance changed by -1,234.5 to 0.25' } };
    emit('alert.fired', alert({ title: text('Balance 3 ETH'), body }));
    const hidden = electron.FakeNotification.all[0]!.options as { title: string; body: string };
    expect(hidden.title).toBe('Balance ••••• ETH');
    expect(hidden.body).not.toMatch(/\d/);
    privacy = false;
    emit('alert.fired', alert({ body }));
    expect(electron.FakeNotification.all[1]!.options).toMatchObject({ body: 'ETH balance changed by -1,234.5 to 0.25' });
  });

  it('shows nothing when disabled or unsupported', () => {
    let on = false;
    notifyAlerts({ core, enabled: () => on, onClick: () => {} });
    emit('alert.fired', alert());
    on = true;
    electron.FakeNotification.supported = false;
    emit('alert.fired', alert());
    expect(electron.FakeNotification.all).toHaveLength(0);
  });

  it('shows texts as plain single-line text of bounded length', () => {
    notifyAlerts({ core, enabled: () => true, onClick: () => {} });
    emit('alert.fired', alert({ title: text('a\nb'), body: text('x'.repeat(1000)) }));
    const { options } = electron.FakeNotification.all[0]!;
    expect(options.title).toBe('a b');
    expect(options.body).toHaveLength(400);
    if (process.platform === 'linux') {
      emit('alert.fired', alert({ body: text('<b>bold</b> & <a href="x">link</a>') }));
      expect(electron.FakeNotification.all[1]!.options.body).toBe('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href="x"&gt;link&lt;/a&gt;');
    }
  });

  it('stopping unsubscribes and closes what is still shown', () => {
    const stop = notifyAlerts({ core, enabled: () => true, onClick: () => {} });
    emit('alert.fired', alert());
    stop();
    expect(electron.FakeNotification.all[0]!.close).toHaveBeenCalledOnce();
    emit('alert.fired', alert());
    expect(electron.FakeNotification.all).toHaveLength(1);
  });
});
