import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type MailMessage, type Mailer } from './mailer.js';

/**
 * Keeps mail in the mail_outbox table instead of sending it, for servers without SMTP_URL. Tenant
 * administrators read it through GET /api/v1/admin/outbox.
 */
export class OutboxMailer implements Mailer {
  private readonly logger = new Logger(OutboxMailer.name);

  constructor(private readonly dataSource: DataSource) {}

  async send(message: MailMessage): Promise<void> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO mail_outbox (id, tenant_id, recipient, subject, body)
       VALUES ($1, $2, $3, $4, $5)`,
      [id, message.tenantId, message.to, message.subject, message.text],
    );
    this.logger.log({ msg: 'mail kept in the outbox', tenant: message.tenantId, mail: id });
  }
}
