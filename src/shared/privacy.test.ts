import { describe, expect, it } from 'vitest';
import { MASKED, maskNumbers } from './privacy';

describe('maskNumbers', () => {
  it('leaves no digit in an alert text, whatever its language or number format', () => {
    for (const text of [
      'ETH balance on CoinKing changed by −1,234.5678 to 0.25',
      'BTC 余额变动 +0.5，现为 12,000.1',
      'ซื้อ 3 BTC ที่ 65,823.65',
    ]) {
      const masked = maskNumbers(text);
      expect(masked).not.toMatch(/\d/);
      expect(masked).toContain(MASKED);
    }
  });

  it('keeps the words, and one mask per number (no length hint)', () => {
    expect(maskNumbers('Bought 1,000 at 0.5')).toBe(`Bought ${MASKED} at ${MASKED}`);
    expect(maskNumbers('no numbers here')).toBe('no numbers here');
  });
});
