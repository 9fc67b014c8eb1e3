import { endOfDay, hasExpired } from './link-expiry.js';

describe('endOfDay', () => {
  it('ends a day at the next local midnight', () => {
    expect(endOfDay('2027-01-31', 'Europe/Berlin').toISOString()).toBe('2027-01-31T23:00:00.000Z');
    expect(endOfDay('2027-07-31', 'Europe/Berlin').toISOString()).toBe('2027-07-31T22:00:00.000Z');
    expect(endOfDay('2027-01-31', 'UTC').toISOString()).toBe('2027-02-01T00:00:00.000Z');
    expect(endOfDay('2027-01-31', 'America/New_York').toISOString()).toBe(
      '2027-02-01T05:00:00.000Z',
    );
    expect(endOfDay('2027-01-31', 'Asia/Kolkata').toISOString()).toBe('2027-01-31T18:30:00.000Z');
  });

  it('uses the offset in force at the end of days that change it', () => {
    // Berlin moves to summer time on 2027-03-28 and back on 2027-10-31.
    expect(endOfDay('2027-03-28', 'Europe/Berlin').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(endOfDay('2027-03-27', 'Europe/Berlin').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(endOfDay('2027-10-31', 'Europe/Berlin').toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(endOfDay('2027-10-30', 'Europe/Berlin').toISOString()).toBe('2027-10-30T22:00:00.000Z');
  });

  it('handles a zone whose midnight is skipped by daylight saving', () => {
    // Santiago springs forward at local midnight on 2027-09-05, so that day starts at 01:00.
    expect(endOfDay('2027-09-04', 'America/Santiago').toISOString()).toBe(
      '2027-09-05T04:00:00.000Z',
    );
  });

  it('rejects dates that are not on the calendar and unknown zones', () => {
    expect(() => endOfDay('2027-02-30', 'UTC')).toThrow('not a calendar date');
    expect(() => endOfDay('31.01.2027', 'UTC')).toThrow('not a calendar date');
    expect(() => endOfDay('2027-01-31', 'Mars/Olympus')).toThrow('not an IANA time zone');
  });
});

describe('hasExpired', () => {
  const at = '2027-01-31T23:00:00.000Z';

  it('works until the instant and not at it', () => {
    expect(hasExpired(at, new Date(Date.parse(at) - 1))).toBe(false);
    expect(hasExpired(at, new Date(at))).toBe(true);
    expect(hasExpired(at, new Date(Date.parse(at) + 1))).toBe(true);
    expect(hasExpired(null, new Date(8.64e15))).toBe(false);
  });
});
