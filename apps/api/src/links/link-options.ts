import { DomainError, endOfDay, type LinkOptions, parseNetworks } from '@scaidrive/domain';
import { type LinkOptionsDto } from './link-options.dto.js';

/** Maximum years ahead of an expiry. Later instants are mistakes, and PostgreSQL stops at 9999. */
const MAX_EXPIRY_YEARS = 100;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
// Control characters are rejected because no address has them, and the event log rejects NUL.
const ADDRESS = /^[^@\s\p{Cc}]+@[^@\s\p{Cc}]+\.[^@\s\p{Cc}]+$/u;
const DOMAIN = /^@[^@\s\p{Cc}]+\.[^@\s\p{Cc}]+$/u;

/** Entries of an email allow-list, lower-cased: addresses, or domains written `@example.com`. */
export function parseEmails(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const email = entry.trim().toLowerCase();
    if (!ADDRESS.test(email) && !DOMAIN.test(email)) {
      throw new DomainError('INVALID_ARGUMENT', `${entry} is not an address or an @domain`, {
        email: entry,
      });
    }
    return email;
  });
}

/**
 * Returns the expiry a request sets: undefined when it names none, null when it clears it, or an instant
 * in UTC. A date means the end of that day in the zone the request states.
 */
export function requestedExpiry(body: LinkOptionsDto, now: Date): string | null | undefined {
  if (body.expiresOn !== undefined && body.expiresAt !== undefined) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'expiresAt and expiresOn exclude each other; give one of them',
    );
  }
  let expiry: Date;
  if (body.expiresOn !== undefined) {
    if (body.timeZone === undefined) {
      throw new DomainError(
        'INVALID_ARGUMENT',
        'expiresOn is missing its timeZone, such as Europe/Berlin',
        {
          expiresOn: body.expiresOn,
        },
      );
    }
    expiry = endOfDay(body.expiresOn, body.timeZone);
  } else if (body.expiresAt === undefined || body.expiresAt === null) {
    return body.expiresAt;
  } else {
    // An instant without an offset would mean a different moment in every zone.
    if (!INSTANT.test(body.expiresAt) || Number.isNaN(Date.parse(body.expiresAt))) {
      throw new DomainError(
        'INVALID_ARGUMENT',
        'expiresAt must be an ISO 8601 instant with an offset, such as 2027-01-31T17:00:00Z',
        { expiresAt: body.expiresAt },
      );
    }
    expiry = new Date(body.expiresAt);
  }
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_EXPIRY_YEARS);
  if (expiry.getTime() > latest.getTime()) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `the link would expire at ${expiry.toISOString()}, more than ${MAX_EXPIRY_YEARS} years ahead; remove the expiry instead`,
      { expiresAt: expiry.toISOString() },
    );
  }
  if (expiry.getTime() <= now.getTime()) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `the link would expire at ${expiry.toISOString()}, which has passed`,
      {
        expiresAt: expiry.toISOString(),
      },
    );
  }
  return expiry.toISOString();
}

/**
 * Applies a request's options to the current ones (the defaults for a new link). The password
 * arrives hashed, or undefined when the request leaves it as it is.
 */
export function mergeOptions(
  current: LinkOptions,
  body: LinkOptionsDto,
  passwordHash: string | null | undefined,
  now: Date,
): LinkOptions {
  if (body.timeZone !== undefined && body.expiresOn === undefined) {
    throw new DomainError('INVALID_ARGUMENT', 'timeZone is only valid with expiresOn');
  }
  const expiresAt = requestedExpiry(body, now);
  return {
    access: body.access ?? current.access,
    passwordHash: passwordHash === undefined ? current.passwordHash : passwordHash,
    allowedNetworks:
      body.allowedNetworks === undefined
        ? current.allowedNetworks
        : parseNetworks(body.allowedNetworks),
    allowedEmails:
      body.allowedEmails === undefined ? current.allowedEmails : parseEmails(body.allowedEmails),
    expiresAt: expiresAt === undefined ? current.expiresAt : expiresAt,
    downloadLimit: body.downloadLimit === undefined ? current.downloadLimit : body.downloadLimit,
  };
}

export const DEFAULT_OPTIONS: LinkOptions = {
  access: 'download',
  passwordHash: null,
  allowedNetworks: [],
  allowedEmails: [],
  expiresAt: null,
  downloadLimit: null,
};
