import { bearerChallenge, bearerTokenOf } from './bearer-challenge.js';

describe('bearerTokenOf', () => {
  it.each(['Bearer abc.def', 'bearer abc.def', 'BEARER abc.def', 'Bearer   abc.def'])(
    'reads the token of %j',
    (header) => {
      expect(bearerTokenOf(header)).toBe('abc.def');
    },
  );

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWxpY2U6cHc=', 'Bearer a b', 'Bearerabc'])(
    'finds no token in %j',
    (header) => {
      expect(bearerTokenOf(header)).toBeNull();
    },
  );
});

describe('bearerChallenge', () => {
  it('names the realm when no token was sent', () => {
    expect(bearerChallenge(undefined)).toBe('Bearer realm="scaidrive"');
    expect(bearerChallenge('Basic YWxpY2U6cHc=')).toBe('Bearer realm="scaidrive"');
  });

  it('adds invalid_token when a token was sent', () => {
    expect(bearerChallenge('bearer abc')).toBe('Bearer realm="scaidrive", error="invalid_token"');
  });
});
