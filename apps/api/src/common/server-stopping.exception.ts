import { ServiceUnavailableException } from '@nestjs/common';

/** The server is shutting down, so the client should send the request again shortly. */
export class ServerStoppingException extends ServiceUnavailableException {
  /** Seconds for the Retry-After header. */
  readonly retryAfterSeconds = 5;

  constructor() {
    super({ message: 'the server is shutting down; retry shortly', code: 'SERVER_STOPPING' });
  }
}
