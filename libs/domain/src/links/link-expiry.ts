import { DomainError } from '../errors/index.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Returns whether `timeZone` is an IANA zone that this runtime's Intl data contains. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the instant at which the day `date` (YYYY-MM-DD) ends in `timeZone`: the midnight that
 * starts the next day there. Days that daylight saving lengthens or shortens work too, because the
 * offset is read at that midnight rather than at the start of `date`.
 */
export function endOfDay(date: string, timeZone: string): Date {
  const match = DATE.exec(date);
  const [year, month, day] = match ? match.slice(1).map(Number) : [NaN, NaN, NaN];
  const probe = new Date(Date.UTC(year!, month! - 1, day!));
  if (
    !match ||
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month! - 1 ||
    probe.getUTCDate() !== day
  ) {
    throw new DomainError('INVALID_ARGUMENT', `${date} is not a calendar date (YYYY-MM-DD)`, {
      expiresOn: date,
    });
  }
  if (!isTimeZone(timeZone)) {
    throw new DomainError('INVALID_ARGUMENT', `${timeZone} is not an IANA time zone`, {
      timeZone,
    });
  }
  const nextMidnightWall = Date.UTC(year!, month! - 1, day! + 1);
  // The end is the first instant whose local time reaches the next midnight. Its offset is the
  // one in force the day before or the day after, so both candidates are tried. The earliest that
  // lands on or past midnight wins, which also covers a midnight skipped by daylight saving.
  const candidates = [nextMidnightWall - DAY_MS, nextMidnightWall + DAY_MS]
    .map((probeAt) => nextMidnightWall - offsetAt(probeAt, timeZone))
    .filter((instant) => instant + offsetAt(instant, timeZone) >= nextMidnightWall);
  return new Date(Math.min(...candidates));
}

/** Returns whether a link with this expiry has stopped working at `now`, which it does at the instant itself. */
export function hasExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && now.getTime() >= Date.parse(expiresAt);
}
