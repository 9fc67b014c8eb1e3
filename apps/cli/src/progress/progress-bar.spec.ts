import { describe, expect, it } from '@jest/globals';
import { formatBytes } from './format-bytes.js';
import { ProgressBar } from './progress-bar.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { output: string } {
  const stream = {
    isTTY,
    output: '',
    write(text: string) {
      stream.output += text;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { output: string };
}

describe('ProgressBar', () => {
  it('draws bytes and files on a terminal', () => {
    const stream = fakeStream(true);
    const bar = new ProgressBar(stream);
    bar.addWork(2048, 2);
    bar.advance(1024);
    bar.finishFile();
    bar.end();
    expect(stream.output).toContain('50%');
    expect(stream.output).toContain('1.0 KiB / 2.0 KiB');
    expect(stream.output).toContain('1/2 files');
    expect(stream.output.endsWith('\n')).toBe(true);
  });

  it('writes nothing before there is work', () => {
    const stream = fakeStream(true);
    const bar = new ProgressBar(stream);
    bar.addWork(0, 0);
    bar.end();
    expect(stream.output).toBe('');
  });

  it('writes nothing when not a terminal', () => {
    const stream = fakeStream(false);
    const bar = new ProgressBar(stream);
    bar.addWork(10, 1);
    bar.end();
    expect(stream.output).toBe('');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(10.5)).toBe('11 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});
