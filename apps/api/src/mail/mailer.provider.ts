import { type FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { type Mailer, MAILER } from './mailer.js';
import { OutboxMailer } from './outbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/** Provides MAILER: SMTP when SMTP_URL is set, else the outbox table. */
export const mailerProvider: FactoryProvider<Mailer> = {
  provide: MAILER,
  inject: [APP_CONFIG, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource): Mailer =>
    config.smtp ? new SmtpMailer(config.smtp) : new OutboxMailer(dataSource),
};
