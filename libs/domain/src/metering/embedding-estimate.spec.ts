import { embeddingTokens, MAX_EMBEDDED_BYTES, spendPeriod } from './embedding-estimate.js';

describe('embedding estimate', () => {
  it('counts a token per four bytes, rounding up', () => {
    expect(embeddingTokens(0)).toBe(0);
    expect(embeddingTokens(1)).toBe(1);
    expect(embeddingTokens(1000)).toBe(250);
  });

  it('stops counting at the embedded maximum', () => {
    expect(embeddingTokens(MAX_EMBEDDED_BYTES * 10)).toBe(MAX_EMBEDDED_BYTES / 4);
  });

  it('names the UTC month of a spend', () => {
    expect(spendPeriod(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
    expect(spendPeriod(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });
});
