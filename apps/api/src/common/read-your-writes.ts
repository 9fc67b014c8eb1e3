import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { formatPosition, type LogPosition } from '@scaidrive/event-store';
import { ReadModelWaiter } from '@scaidrive/projections';

/** Holds a command's answer until the read models include what it wrote, within a bound. */
@Injectable()
export class ReadYourWrites {
  private readonly logger = new Logger(ReadYourWrites.name);

  constructor(
    private readonly waiter: ReadModelWaiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async wait(position: LogPosition | null): Promise<void> {
    if (!position) return;
    const reached = await this.waiter.waitFor(position, this.config.readYourWritesTimeoutMs);
    if (!reached) {
      this.logger.warn({
        msg: 'read models lag behind a write',
        position: formatPosition(position),
      });
    }
  }
}
