import { nameKey, normalizeName } from './node-name.js';

describe('normalizeName', () => {
  it('stores names in NFC', () => {
    const decomposed = 'Cafe\u0301.txt';
    expect(normalizeName(decomposed)).toBe('Caf\u00e9.txt');
  });

  it.each([
    ['', 'empty'],
    ['.', 'dot'],
    ['..', 'dot dot'],
    ['a/b', 'slash'],
    ['a\\b', 'backslash'],
    ['a:b', 'colon'],
    ['a*b', 'star'],
    ['a?b', 'question mark'],
    ['a"b', 'quote'],
    ['a<b', 'less than'],
    ['a>b', 'greater than'],
    ['a|b', 'pipe'],
    ['a\u0001b', 'control character'],
    ['name.', 'trailing dot'],
    ['name ', 'trailing space'],
    ['CON', 'device name'],
    ['nul.txt', 'device name with extension'],
    ['com1', 'numbered device name'],
    ['x'.repeat(256), 'too long'],
  ])('rejects %j (%s)', (name) => {
    expect(() => normalizeName(name)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
  });

  it('accepts names of 255 UTF-8 bytes', () => {
    expect(normalizeName('é'.repeat(127) + 'a')).toHaveLength(128);
  });

  it('accepts names that only contain a device name', () => {
    expect(normalizeName('console.log')).toBe('console.log');
  });
});

describe('nameKey', () => {
  it('treats NFC and NFD twins as one name', () => {
    expect(nameKey('Cafe\u0301')).toBe(nameKey('Caf\u00e9'));
  });

  it('ignores case', () => {
    expect(nameKey('Report.PDF')).toBe(nameKey('report.pdf'));
  });
});
