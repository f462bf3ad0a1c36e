import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractHandlers, EventName, Events } from '../shared/contract';
import type { FiredAlert } from '../shared/settings';

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
