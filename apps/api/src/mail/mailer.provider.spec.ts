import { type DataSource } from 'typeorm';
import { loadConfig } from '@scaidrive/config';
import { type Mailer } from './mailer.js';
import { mailerProvider } from './mailer.provider.js';
import { OutboxMailer } from './outbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

const dataSource = {} as DataSource;

function create(env: Record<string, string>): Mailer {
  return mailerProvider.useFactory(loadConfig(env), dataSource) as Mailer;
}

describe('mailerProvider', () => {
  it('uses the outbox without SMTP_URL', () => {
    expect(create({})).toBeInstanceOf(OutboxMailer);
  });

  it('uses SMTP with SMTP_URL', () => {
    const mailer = create({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(mailer).toBeInstanceOf(SmtpMailer);
    (mailer as SmtpMailer).onModuleDestroy();
  });
});
