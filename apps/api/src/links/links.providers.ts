import { OutboxController } from '../mail/outbox.controller.js';
import { mailerProvider } from '../mail/mailer.provider.js';
import { AttemptThrottle } from './credentials/attempt-throttle.js';
import { EmailCodes } from './credentials/email-codes.js';
import { LinkSessions } from './credentials/link-sessions.js';
import { DropZoneUploads } from './drop-zone-uploads.js';
import { LinkAccessLog } from './link-access-log.js';
import { LinkCommands } from './link-commands.js';
import { LinkCreator } from './link-creator.js';
import { LinkDownloads } from './link-downloads.js';
import { LinkGate } from './link-gate.js';
import { LinkQueries } from './link-queries.js';
import { LinkUnlock } from './link-unlock.js';
import { LinksController } from './links.controller.js';
import { PublicLinksController } from './public-links.controller.js';

/** Controllers of external links: management, the public side, and the mail outbox. */
export const LINK_CONTROLLERS = [LinksController, PublicLinksController, OutboxController];

export const LINK_PROVIDERS = [
  LinkCommands,
  LinkQueries,
  LinkCreator,
  LinkGate,
  LinkUnlock,
  LinkDownloads,
  LinkAccessLog,
  DropZoneUploads,
  AttemptThrottle,
  LinkSessions,
  EmailCodes,
  mailerProvider,
];
