/** One line of the benchmark table. `data` keeps the raw numbers for results.json. */
export interface BenchRow {
  readonly section: string;
  readonly case: string;
  readonly metric: string;
  readonly value: number | null;
  /** `B` for bytes, `MB/s` for 10^6 bytes per second, `x` for a ratio, or a rate (`events/s`). */
  readonly unit: string;
  /** The same measurement by another tool or a bound it is compared with. */
  readonly reference?: string;
  readonly details?: string;
  /** Reason a check of this row failed, such as a downloaded file that differs. Fails the run. */
  readonly failure?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
