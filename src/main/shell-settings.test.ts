import { describe, expect, it, vi } from 'vitest';
import type { ContractHandlers, EventName, Events } from '../shared/contract';
import type { Settings } from '../shared/settings';
import { SHELL_DEFAULTS, watchShellSettings } from './shell-settings';

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

function fakeCore(get: () => Promise<unknown>) {
  const listeners = new Set<Listener>();
  const core = {
    invoke: vi.fn(get),
    subscribe: (l: Listener) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
  const emit = (s: Partial<Settings>) => listeners.forEach((l) => l('settings.changed', s as Settings));
  return { core: core as unknown as ContractHandlers, emit, listeners };
}

describe('watchShellSettings', () => {
  it('reads the settings and follows their changes', async () => {
    const { core, emit } = fakeCore(async () => ({ notifications: false, startMinimized: true, startAtLogin: true, demo: false, theme: 'dark', language: 'th' }));
    const watch = await watchShellSettings(core);
    expect(watch.available()).toBe(true);
    expect(watch.current()).toEqual({ notifications: false, startMinimized: true, startAtLogin: true, demo: false, language: 'th' });
    const seen: boolean[] = [];
    watch.onChange((s) => seen.push(s.notifications));
    emit({ notifications: true, startMinimized: true, startAtLogin: true, demo: false });
    expect(watch.current().notifications).toBe(true);
    expect(seen).toEqual([true]);
  });

  it('keeps the defaults, and says why, when the core has no settings', async () => {
    const warn = vi.fn();
    const { core, emit } = fakeCore(async () => {
      throw new Error('"settings.get" is not available in this build.');
    });
    const watch = await watchShellSettings(core, warn);
    expect(watch.available()).toBe(false);
    expect(watch.current()).toEqual(SHELL_DEFAULTS);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not available/));
    emit({ notifications: false }); // a later push makes them available
    expect(watch.available()).toBe(true);
    expect(watch.current()).toEqual({ ...SHELL_DEFAULTS, notifications: false });
  });

  it('ignores fields that are not booleans, and a reply older than a push', async () => {
    let answer!: (v: unknown) => void;
    const { core, emit } = fakeCore(() => new Promise((resolve) => (answer = resolve)));
    const pending = watchShellSettings(core);
    emit({ notifications: false });
    answer({ notifications: true, startMinimized: 'yes' });
    const watch = await pending;
    expect(watch.current()).toEqual({ ...SHELL_DEFAULTS, notifications: false });
  });

  it('dispose stops listening', async () => {
    const { core, listeners } = fakeCore(async () => ({}));
    const watch = await watchShellSettings(core);
    watch.dispose();
    expect(listeners.size).toBe(0);
  });
});
