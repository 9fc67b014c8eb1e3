import { matchesEtag } from './content-streamer.js';

describe('matchesEtag', () => {
  const etag = '"abc"';

  it.each([
    ['"abc"', true],
    ['"x", "abc"', true],
    ['W/"abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
    ['', false],
  ])('reads If-None-Match %j as %s', (header, expected) => {
    expect(matchesEtag(header, etag)).toBe(expected);
  });

  it('treats a missing header as no match', () => {
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});
