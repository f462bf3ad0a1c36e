import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, matchCommands, normalizeQuery } from './palette-search';

describe('palette query', () => {
  it('is trimmed, lower-cased and bounded', () => {
    expect(normalizeQuery('  ETH/Usdt ')).toBe('eth/usdt');
    expect(normalizeQuery('x'.repeat(10_000))).toHaveLength(MAX_QUERY_LENGTH);
  });
});

describe('palette commands', () => {
  const commands = [
    { id: 'screen:deals', label: 'Deal history', keywords: ['deals'] },
    { id: 'screen:settings', label: 'Settings', keywords: ['settings'] },
    { id: 'reconnect:coinking', label: 'Reconnect CoinKing', keywords: ['coinking', 'reconnect'] },
    { id: 'language:th', label: 'Language: ไทย', keywords: ['th', 'thai', 'language'] },
  ];

  it('lists labels starting with the text first, then any with every word', () => {
    expect(matchCommands(commands, 'Se')).toEqual({ leading: [commands[1]], other: [] });
    const r = matchCommands(commands, 'coin re');
    expect(r.leading).toEqual([]);
    expect(r.other.map((c) => c.id)).toEqual(['reconnect:coinking']);
    expect(matchCommands(commands, 'thai').other.map((c) => c.id)).toEqual(['language:th']);
    expect(matchCommands(commands, 'nothing like it')).toEqual({ leading: [], other: [] });
  });

  it('lists every command for empty text', () => {
    expect(matchCommands(commands, '').leading).toHaveLength(commands.length);
  });
});
