import { describe, expect, it } from '@jest/globals';
import { isIgnoredName, isIgnoredPath } from './ignored-names.js';

describe('isIgnoredName', () => {
  it.each([
    '.report.docx.swp',
    '.notes.md.swo',
    'notes.md~',
    '#notes.md#',
    '~$report.docx',
    '~WRL0001.tmp',
    '.~lock.report.odt#',
    '.DS_Store',
    'Thumbs.db',
    'desktop.ini',
    '._photo.jpg',
    'movie.mkv.part',
    'setup.exe.crdownload',
    '.goutputstream-ABC123',
  ])('ignores %s', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });

  it.each([
    'report.docx',
    'swap.swp.txt',
    'notes.tmp',
    '#hashtag',
    '~home',
    '.bashrc',
    'partial.txt',
    'a',
  ])('keeps %s', (name) => {
    expect(isIgnoredName(name)).toBe(false);
  });
});

describe('isIgnoredPath', () => {
  it('ignores a path below an ignored folder', () => {
    expect(isIgnoredPath('docs/.Trash-1000/a.txt')).toBe(true);
    expect(isIgnoredPath('docs/sub/a.txt')).toBe(false);
  });
});
