import { describe, expect, it } from '@jest/globals';
import { parseRsyncStats } from './rsync-delta.js';

// `rsync --stats` output as rsync 3.5.0 prints it, with the counters of a 1 MiB overwrite in the
// middle of a 117 MB file.
const STATS = `
Number of files: 1 (reg: 1)
Number of created files: 0
Number of deleted files: 0
Number of regular files transferred: 1
Total file size: 117,308,864 bytes
Total transferred file size: 117,308,864 bytes
Literal data: 1,060,752 bytes
Matched data: 116,248,112 bytes
File list size: 0
File list generation time: 0.001 seconds
File list transfer time: 0.000 seconds
Total bytes sent: 1,104,057
Total bytes received: 75,905
`;

describe('parseRsyncStats', () => {
  it('reads grouped counters', () => {
    const stats = parseRsyncStats(STATS);
    expect(stats.totalBytesSent).toBe(1_104_057);
    expect(stats.totalBytesReceived).toBe(75_905);
    expect(stats.literalData).toBe(1_060_752);
    expect(stats.matchedData).toBe(116_248_112);
  });

  it('reads small counters without separators', () => {
    const stats = parseRsyncStats(
      STATS.replace('Total bytes sent: 1,104,057', 'Total bytes sent: 93'),
    );
    expect(stats.totalBytesSent).toBe(93);
  });

  it('rejects output without a counter', () => {
    const output = STATS.replace(/^Literal data.*$/m, '');
    expect(() => parseRsyncStats(output)).toThrow('rsync --stats printed no "Literal data" line');
  });
});
