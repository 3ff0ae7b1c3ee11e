import { describe, expect, it } from 'vitest';
import { formatFenInWords } from '#core/money.ts';

describe('amounts in the briefings\' words', () => {
  it('writes 万元 from ten thousand yuan up, with at most two decimals and no trailing zeros', () => {
    expect(formatFenInWords(535_800_000)).toBe('535.8万元');
    expect(formatFenInWords(1_000_000)).toBe('1万元');
    expect(formatFenInWords(10_000_000)).toBe('10万元');
    expect(formatFenInWords(123_456_789)).toBe('123.46万元');
  });

  it('writes yuan below ten thousand', () => {
    expect(formatFenInWords(999_999)).toBe('9999.99元');
    expect(formatFenInWords(350_000)).toBe('3500元');
    expect(formatFenInWords(123_450)).toBe('1234.5元');
    expect(formatFenInWords(0)).toBe('0元');
  });
});
