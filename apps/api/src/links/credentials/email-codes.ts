import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { normalizeEmail } from './email-allow-list.js';

/** Wrong tries after which a code stops working, even with the right digits. */
export const MAX_CODE_ATTEMPTS = 5;

export type CodeCheck = 'accepted' | 'wrong' | 'expired';

interface CodeRow {
  id: string;
  code_hash: string;
  expires_at: Date;
  attempts: number;
}

const SIX_DIGITS = /^\d{6}$/;

function hashCode(linkId: string, email: string, code: string): string {
  return createHash('sha256').update(`${linkId}\n${email}\n${code}`).digest('hex');
}

/**
 * Six-digit one-time codes that prove a visitor reads an address on a link's allow-list. Each
 * link and address has at most one live code, stored as a SHA-256 of link, address and code.
 */
@Injectable()
export class EmailCodes {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a code for the address, replacing its earlier codes for this link, and returns it. */
  async issue(linkId: string, email: string, now = new Date()): Promise<string> {
    const address = normalizeEmail(email);
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const expiresAt = new Date(now.getTime() + this.config.links.codeTtlSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
      // Serializes issues for one link and address, so two parallel requests leave one live code.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `link-email-code:${linkId}:${address}`,
      ]);
      await manager.query('DELETE FROM link_email_codes WHERE link_id = $1 AND email = $2', [
        linkId,
        address,
      ]);
      await manager.query('DELETE FROM link_email_codes WHERE expires_at <= $1', [now]);
      await manager.query(
        `INSERT INTO link_email_codes (id, link_id, email, code_hash, expires_at, attempts)
         VALUES ($1, $2, $3, $4, $5, 0)`,
        [randomUUID(), linkId, address, hashCode(linkId, address, code), expiresAt],
      );
    });
    return code;
  }

  /**
   * Checks a code and uses it up when it matches. Returns `expired` when the address has no live
   * code: none was issued, it expired, it was used, or it had MAX_CODE_ATTEMPTS wrong tries.
   */
  async consume(linkId: string, email: string, code: string, now = new Date()): Promise<CodeCheck> {
    const address = normalizeEmail(email);
    return this.dataSource.transaction(async (manager) => {
      // The row lock makes a parallel consume wait and then skip the row once this one used it.
      const rows: CodeRow[] = await manager.query(
        `SELECT id, code_hash, expires_at, attempts FROM link_email_codes
          WHERE link_id = $1 AND email = $2 AND used_at IS NULL
          FOR UPDATE`,
        [linkId, address],
      );
      const live = rows[0];
      if (!live) return 'expired';
      if (new Date(live.expires_at).getTime() <= now.getTime()) return 'expired';
      if (live.attempts >= MAX_CODE_ATTEMPTS) return 'expired';

      const candidate = code.trim();
      const expected = Buffer.from(live.code_hash, 'hex');
      const actual = Buffer.from(hashCode(linkId, address, candidate), 'hex');
      if (SIX_DIGITS.test(candidate) && timingSafeEqual(actual, expected)) {
        await manager.query('UPDATE link_email_codes SET used_at = $2 WHERE id = $1', [
          live.id,
          now,
        ]);
        return 'accepted';
      }
      await manager.query('UPDATE link_email_codes SET attempts = attempts + 1 WHERE id = $1', [
        live.id,
      ]);
      return 'wrong';
    });
  }
}
