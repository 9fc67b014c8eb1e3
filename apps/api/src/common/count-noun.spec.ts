import { countNoun } from './count-noun.js';

describe('countNoun', () => {
  it.each([
    [0, '0 chunks'],
    [1, '1 chunk'],
    [2, '2 chunks'],
  ])('formats %d as %s', (count, text) => {
    expect(countNoun(count, 'chunk')).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(countNoun(2, 'entry', 'entries')).toBe('2 entries');
  });
});
