import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { type SmtpConfig } from '@scaidrive/config';
import { type MailMessage, type Mailer } from './mailer.js';

/** Sends mail through the SMTP server of SMTP_URL, with SMTP_FROM as the sender. */
export class SmtpMailer implements Mailer, OnModuleDestroy {
  private readonly logger = new Logger(SmtpMailer.name);
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpConfig) {
    this.transport = createTransport(config.url);
  }

  /** Sends one message and rejects when the server does not accept it. */
  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    this.logger.log({ msg: 'mail sent', tenant: message.tenantId, messageId: info.messageId });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
