import { describe, expect, it } from '@jest/globals';
import {
  depthOf,
  isWithin,
  joinPath,
  nameOf,
  parentOf,
  rebase,
  rebaseKeys,
} from './relative-path.js';

describe('relative paths', () => {
  it('splits parent and name', () => {
    expect(parentOf('a/b/c.txt')).toBe('a/b');
    expect(parentOf('c.txt')).toBe('');
    expect(nameOf('a/b/c.txt')).toBe('c.txt');
    expect(nameOf('c.txt')).toBe('c.txt');
  });

  it('joins below the root', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('a/b', 'c')).toBe('a/b/c');
  });

  it('counts depth', () => {
    expect(depthOf('a')).toBe(0);
    expect(depthOf('a/b/c')).toBe(2);
  });

  it('tests containment by whole names', () => {
    expect(isWithin('a/b', 'a')).toBe(true);
    expect(isWithin('a', 'a')).toBe(true);
    expect(isWithin('ab', 'a')).toBe(false);
    expect(isWithin('a', '')).toBe(true);
  });

  it('rebases a path', () => {
    expect(rebase('a/b/c', 'a/b', 'x')).toBe('x/c');
    expect(rebase('a/b', 'a/b', 'x/y')).toBe('x/y');
  });

  it('rebases map keys in place', () => {
    const map = new Map([
      ['a', 1],
      ['a/b', 2],
      ['ab', 3],
    ]);
    rebaseKeys(map, 'a', 'z');
    expect([...map.entries()].sort()).toEqual([
      ['ab', 3],
      ['z', 1],
      ['z/b', 2],
    ]);
  });
});
