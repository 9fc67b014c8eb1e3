import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { canonicalAddress } from '@scaidrive/domain';
import { MAILER, type MailMessage, type Mailer } from '../mail/mailer.js';
import { AttemptThrottle } from './credentials/attempt-throttle.js';
import { EmailCodes } from './credentials/email-codes.js';
import { emailAllowed } from './credentials/email-allow-list.js';
import { credentialStamp, LinkSessions } from './credentials/link-sessions.js';
import { verifyPassword } from './credentials/password-hasher.js';
import { type Visit } from './link-access-log.js';
import { LinkGate, requirements } from './link-gate.js';
import { type LinkRow } from './link-queries.js';

export interface UnlockRequest {
  readonly password?: string;
  readonly email?: string;
  readonly code?: string;
}

/**
 * Trades a link's password and proven email for an access token, and mails one-time codes.
 * Failed attempts and code requests count against the client's address and the link. While either
 * is locked out, every attempt is rejected before its password or code is even checked. A success
 * clears nothing, so unlocking one's own link does not reset guesses made at others.
 */
@Injectable()
export class LinkUnlock {
  private readonly logger = new Logger(LinkUnlock.name);

  constructor(
    private readonly gate: LinkGate,
    private readonly throttle: AttemptThrottle,
    private readonly sessions: LinkSessions,
    private readonly codes: EmailCodes,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async unlock(
    visit: Visit,
    request: UnlockRequest,
  ): Promise<{ accessToken: string; expiresAt: string }> {
    const row = await this.gate.admit(visit, 'unlock');
    await this.rejectWhileLocked(row, visit, 'unlock');
    const needs = requirements(row);
    if (needs.password) {
      if (request.password === undefined) {
        return this.gate.deny(row, visit, 'unlock', 'PASSWORD_REQUIRED');
      }
      if (!(await verifyPassword(request.password, row.password_hash!))) {
        return this.fail(row, visit, 'WRONG_PASSWORD');
      }
    }
    let email: string | null = null;
    if (needs.email) {
      if (request.email === undefined || request.code === undefined) {
        return this.gate.deny(row, visit, 'unlock', 'EMAIL_VERIFICATION_REQUIRED');
      }
      email = request.email.trim().toLowerCase();
      const accepted =
        emailAllowed(email, row.allowed_emails) &&
        (await this.codes.consume(row.id, email, request.code, new Date())) === 'accepted';
      if (!accepted) return this.fail(row, visit, 'WRONG_CODE', email);
    }
    const now = Date.now();
    let ends = now + this.config.links.sessionTtlSeconds * 1000;
    if (row.expires_at !== null) ends = Math.min(ends, new Date(row.expires_at).getTime());
    const stamp = credentialStamp(row.password_hash, row.allowed_emails);
    const session = await this.sessions.issue(row.id, stamp, email, new Date(ends));
    await this.gate.record(row, visit, { action: 'unlock', reason: null, email });
    return session;
  }

  /**
   * Mails a one-time code when the allow-list admits the address. The response is the same either
   * way, so it does not reveal the list.
   */
  async requestCode(visit: Visit, rawEmail: string): Promise<void> {
    const row = await this.gate.admit(visit, 'request-code');
    await this.rejectWhileLocked(row, visit, 'request-code');
    if (!requirements(row).email) {
      return this.gate.deny(row, visit, 'request-code', 'NOT_PERMITTED_BY_LINK');
    }
    const email = rawEmail.trim().toLowerCase();
    // Every request counts like a failed unlock, so that a visitor can neither flood a mailbox
    // through the link nor probe the list faster than they could guess a code.
    await this.throttle.recordFailure(row.id, address(visit), new Date());
    if (!emailAllowed(email, row.allowed_emails)) {
      await this.gate.record(row, visit, {
        action: 'request-code',
        reason: 'EMAIL_NOT_ALLOWED',
        email,
      });
      return;
    }
    const code = await this.codes.issue(row.id, email, new Date());
    const minutes = Math.round(this.config.links.codeTtlSeconds / 60);
    const sent = await this.mail(row, visit, {
      tenantId: row.tenant_id,
      to: email,
      subject: `Your code for a shared link: ${code}`,
      text:
        `Someone asked to open a shared link with this address.\n\n` +
        `Code: ${code}\n\nIt works once, for ${minutes} minutes. ` +
        `If you did not ask for it, ignore this message.\n`,
    });
    if (sent) await this.gate.record(row, visit, { action: 'request-code', reason: null, email });
  }

  /**
   * Sends a code's mail and returns whether the server took it. A failure is logged and put in
   * the access log for the link's managers, but the visitor gets the usual 202: an error only for
   * admitted addresses would reveal the allow-list.
   */
  private async mail(row: LinkRow, visit: Visit, message: MailMessage): Promise<boolean> {
    try {
      await this.mailer.send(message);
      return true;
    } catch (error) {
      this.logger.error({
        msg: 'sending a link code failed',
        linkId: row.id,
        tenant: row.tenant_id,
        err: error instanceof Error ? error.message : String(error),
      });
      await this.gate.record(row, visit, {
        action: 'request-code',
        reason: 'MAIL_UNAVAILABLE',
        email: message.to,
      });
      return false;
    }
  }

  private async rejectWhileLocked(row: LinkRow, visit: Visit, action: 'unlock' | 'request-code') {
    const seconds = await this.throttle.lockedFor(row.id, address(visit));
    if (seconds !== null) {
      await this.gate.deny(row, visit, action, 'THROTTLED', { retryAfterSeconds: seconds });
    }
  }

  private async fail(
    row: LinkRow,
    visit: Visit,
    reason: 'WRONG_PASSWORD' | 'WRONG_CODE',
    email: string | null = null,
  ): Promise<never> {
    await this.throttle.recordFailure(row.id, address(visit), new Date());
    return this.gate.deny(row, visit, 'unlock', reason, { email });
  }
}

function address(visit: Visit): string {
  return canonicalAddress(visit.clientAddress);
}
