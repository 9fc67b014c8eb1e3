import { jsonNestingDepth } from './json-nesting-depth.js';

describe('jsonNestingDepth', () => {
  it.each([
    ['1', 0],
    ['"text"', 0],
    ['[]', 1],
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[],[[]],[]]', 3],
  ])('measures %s as %d', (text, depth) => {
    expect(jsonNestingDepth(text)).toBe(depth);
  });

  it('ignores brackets inside strings', () => {
    expect(jsonNestingDepth('{"a":"[[[{{{"}')).toBe(1);
  });

  it('ignores escaped quotes inside strings', () => {
    expect(jsonNestingDepth('["\\"[[[", "\\\\", [1]]')).toBe(2);
  });

  it('measures very deep nesting without recursion', () => {
    const depth = 1_000_000;
    const text = `{"hashes":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(jsonNestingDepth(text)).toBe(depth + 1);
  });
});
