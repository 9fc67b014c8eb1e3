import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface SessionRow {
  link_id: string;
  email: string | null;
  credential_stamp: string;
  expires_at: Date;
}

// 32 random bytes in base64url without padding.
const ACCESS_TOKEN = /^[\w-]{43}$/;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Returns a digest of a link's password hash and email allow-list. Sessions store it, so changing
 * either ends every session of the link. The order and case of the addresses do not matter.
 */
export function credentialStamp(
  passwordHash: string | null,
  allowedEmails: readonly string[],
): string {
  const emails = allowedEmails.map((email) => email.trim().toLowerCase()).sort();
  return sha256Hex(JSON.stringify([passwordHash, emails]));
}

/**
 * Access tokens that visitors get from unlocking a link with a password or a proven email. The
 * table stores only each token's SHA-256, so a copy of the database cannot unlock links.
 */
@Injectable()
export class LinkSessions {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates a session for the link and returns its access token, which is shown only here. */
  async issue(
    linkId: string,
    credentialStamp: string,
    email: string | null,
    expiresAt: Date,
  ): Promise<{ accessToken: string; expiresAt: string }> {
    const accessToken = randomBytes(32).toString('base64url');
    await this.dataSource.query('DELETE FROM link_sessions WHERE expires_at <= now()');
    await this.dataSource.query(
      `INSERT INTO link_sessions (token_hash, link_id, email, credential_stamp, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [sha256Hex(accessToken), linkId, email, credentialStamp, expiresAt],
    );
    return { accessToken, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Returns the proven email of a session, or null when the token is unknown, belongs to another
   * link, was issued before the link's password or allow-list changed, or has expired.
   */
  async resolve(
    accessToken: string,
    linkId: string,
    credentialStamp: string,
    now = new Date(),
  ): Promise<{ email: string | null } | null> {
    if (!ACCESS_TOKEN.test(accessToken)) return null;
    const tokenHash = sha256Hex(accessToken);
    const rows: SessionRow[] = await this.dataSource.query(
      'SELECT link_id, email, credential_stamp, expires_at FROM link_sessions WHERE token_hash = $1',
      [tokenHash],
    );
    const session = rows[0];
    if (!session) return null;
    if (new Date(session.expires_at).getTime() <= now.getTime()) {
      await this.dataSource.query('DELETE FROM link_sessions WHERE token_hash = $1', [tokenHash]);
      return null;
    }
    if (session.link_id !== linkId || session.credential_stamp !== credentialStamp) return null;
    return { email: session.email };
  }
}
