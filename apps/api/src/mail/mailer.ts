/** A plain-text message to one recipient, sent on behalf of a tenant. */
export interface MailMessage {
  readonly tenantId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Outgoing mail, sent over SMTP when SMTP_URL is set and kept in the outbox table otherwise. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Injection token of the Mailer. */
export const MAILER = Symbol('MAILER');
