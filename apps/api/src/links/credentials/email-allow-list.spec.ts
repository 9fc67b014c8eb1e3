import { emailAllowed, normalizeEmail } from './email-allow-list.js';

describe('emailAllowed', () => {
  const list = ['ann@example.com', '@example.org', ' Bob@Example.NET '];

  it.each([
    ['ann@example.com', true],
    ['ANN@Example.com', true],
    ['  ann@example.com ', true],
    ['bob@example.net', true],
    ['anyone@example.org', true],
    ['anyone@EXAMPLE.ORG', true],
    ['carl@example.com', false],
    ['anyone@sub.example.org', false],
    ['anyone@example.org.evil.test', false],
    ['anyone@notexample.org', false],
    ['example.org', false],
    ['@example.org', false],
    ['ann@', false],
    ['ann@example.com@example.org', false],
    ['', false],
  ])('checks %j', (email, expected) => {
    expect(emailAllowed(email, list)).toBe(expected);
  });

  it('admits nobody with an empty list', () => {
    expect(emailAllowed('ann@example.com', [])).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ann@Example.COM\n')).toBe('ann@example.com');
  });
});
