export interface BackoffOptions {
  /** Delay in ms before the first retry. */
  readonly initialMs: number;
  /** Largest delay in ms. */
  readonly maxMs: number;
  /** Growth per failed attempt; 2 unless given. */
  readonly factor?: number;
  /**
   * Fraction by which each delay varies at random, 0.2 unless given, so that many clients cut
   * off by one server restart do not all retry at the same moment.
   */
  readonly jitter?: number;
  /** Source of randomness in [0, 1), `Math.random` unless given. */
  readonly random?: () => number;
}

/** Capped exponential backoff with jitter: delays of about initial, initial × factor, ... max. */
export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** Returns the delay in ms before the next attempt and counts one more failure. */
  next(): number {
    const { initialMs, maxMs, factor = 2, jitter = 0.2, random = Math.random } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.failures);
    this.failures += 1;
    const varied = base * (1 + jitter * (2 * random() - 1));
    return Math.round(Math.min(maxMs, Math.max(0, varied)));
  }

  reset(): void {
    this.failures = 0;
  }
}
