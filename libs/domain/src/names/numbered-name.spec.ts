import { numberedName } from './numbered-name.js';

describe('numberedName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('report.pdf', 2)).toBe('report (2).pdf');
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz');
  });

  it('numbers names without an extension at the end', () => {
    expect(numberedName('Invoices', 2)).toBe('Invoices (2)');
    expect(numberedName('.profile', 2)).toBe('.profile (2)');
  });
});
