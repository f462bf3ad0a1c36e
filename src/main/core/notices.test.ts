import { describe, expect, it } from 'vitest';
import type { Notice } from '../../shared/notices';
import { NoticeBoard } from './notices';

describe('NoticeBoard', () => {
  it('folds a repeated cause into one notice with a count, newest first, and publishes each posting', () => {
    const published: Notice[] = [];
    let now = 1_000;
    const board = new NoticeBoard(() => now, (n) => published.push(n));
    board.post({ level: 'error', code: 'storage.writeFailed', params: { what: 'deals' }, id: 'storage:deals' });
    now = 2_000;
    board.post({ level: 'warning', code: 'coinking.recordSkipped', market: 'coinking:BTC/USDT' });
    now = 3_000;
    board.post({ level: 'error', code: 'storage.writeFailed', params: { what: 'deals' }, id: 'storage:deals' });
    expect(board.list().map((n) => [n.id, n.count, n.at])).toEqual([
      ['storage:deals', 2, 3_000],
      ['coinking.recordSkipped', 1, 2_000],
    ]);
    expect(published).toHaveLength(3);
    expect(published[2]!.message).toEqual({ code: 'storage.writeFailed', params: { what: 'deals' } });
    board.clear('storage:deals');
    expect(board.list().map((n) => n.id)).toEqual(['coinking.recordSkipped']);
  });

  it('keeps at most 50 notices', () => {
    const board = new NoticeBoard(() => 0, () => {});
    for (let i = 0; i < 80; i++) board.post({ level: 'info', code: 'x', id: `n${i}` });
    expect(board.list()).toHaveLength(50);
    expect(board.list()[0]!.id).toBe('n79');
  });
});
