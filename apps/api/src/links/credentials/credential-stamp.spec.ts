import { credentialStamp } from './link-sessions.js';

describe('credentialStamp', () => {
  const stored = 'scrypt$15$8$1$c2FsdA$a2V5';

  it('is a SHA-256 hex digest', () => {
    expect(credentialStamp(stored, [])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the password', () => {
    expect(credentialStamp(stored, [])).not.toBe(credentialStamp(`${stored}x`, []));
    expect(credentialStamp(stored, [])).not.toBe(credentialStamp(null, []));
  });

  it('changes with the allow-list', () => {
    const before = credentialStamp(null, ['ann@example.com']);
    expect(before).not.toBe(credentialStamp(null, ['ann@example.com', '@example.org']));
    expect(before).not.toBe(credentialStamp(null, []));
  });

  it('ignores order and case of addresses', () => {
    expect(credentialStamp(null, ['B@example.com', 'a@example.com'])).toBe(
      credentialStamp(null, ['a@example.com', 'b@example.com ']),
    );
  });

  it('keeps password and list apart', () => {
    expect(credentialStamp('a', ['b'])).not.toBe(credentialStamp('a","b', []));
  });
});
