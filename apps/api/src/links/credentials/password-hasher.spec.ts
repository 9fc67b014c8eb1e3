import { scryptSync } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hasher.js';

describe('hashPassword', () => {
  it('writes the self-describing format', async () => {
    const stored = await hashPassword('correct horse');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '15', '8', '1']);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5], 'base64url')).toHaveLength(32);
  });

  it('derives the key with scrypt', async () => {
    const stored = await hashPassword('correct horse');
    const [, , , , salt, key] = stored.split('$');
    const options = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
    const expected = scryptSync('correct horse', Buffer.from(salt, 'base64url'), 32, options);
    expect(key).toBe(expected.toString('base64url'));
  });

  it('salts each hash', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');
    expect(first).not.toBe(second);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password', async () => {
    expect(await verifyPassword('correct horse', await hashPassword('correct horse'))).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed accents alike', async () => {
    const stored = await hashPassword('caf\u00e9 au lait');
    expect(await verifyPassword('cafe\u0301 au lait', stored)).toBe(true);
  });

  it('reads parameters from the stored hash', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync('cheap', salt, 24, { N: 2 ** 4, r: 2, p: 2 });
    const stored = `scrypt$4$2$2$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('cheap', stored)).toBe(true);
    expect(await verifyPassword('cheaper', stored)).toBe(false);
  });

  it.each([
    ['another format', 'bcrypt$2b$10$abcdef'],
    ['a missing key', 'scrypt$15$8$1$c2FsdA$'],
    ['a cost too high', 'scrypt$40$8$1$c2FsdA$a2V5'],
    ['a zero block size', 'scrypt$15$0$1$c2FsdA$a2V5'],
  ])('throws on %s', async (_case, stored) => {
    await expect(verifyPassword('x', stored)).rejects.toThrow(/stored password hash/);
  });
});
