import { readLinkConfig } from './link-config.js';

describe('readLinkConfig', () => {
  it('uses the documented defaults', () => {
    const problems: string[] = [];
    expect(readLinkConfig({}, problems)).toEqual({
      failuresPerAddress: 10,
      failuresPerLink: 20,
      failureWindowSeconds: 900,
      lockoutSeconds: 60,
      sessionTtlSeconds: 3600,
      codeTtlSeconds: 600,
      maxUploadBytes: 10 * 1024 ** 3,
    });
    expect(problems).toEqual([]);
  });

  it('reads every setting', () => {
    const problems: string[] = [];
    const config = readLinkConfig(
      {
        LINK_FAILURES_PER_ADDRESS: '3',
        LINK_FAILURES_PER_LINK: '4',
        LINK_FAILURE_WINDOW_SECONDS: '5',
        LINK_LOCKOUT_SECONDS: '6',
        LINK_SESSION_TTL_SECONDS: '7',
        LINK_CODE_TTL_SECONDS: '8',
        LINK_UPLOAD_MAX_BYTES: '9',
      },
      problems,
    );
    expect(config).toEqual({
      failuresPerAddress: 3,
      failuresPerLink: 4,
      failureWindowSeconds: 5,
      lockoutSeconds: 6,
      sessionTtlSeconds: 7,
      codeTtlSeconds: 8,
      maxUploadBytes: 9,
    });
    expect(problems).toEqual([]);
  });

  it('treats an empty value as unset', () => {
    const problems: string[] = [];
    expect(readLinkConfig({ LINK_LOCKOUT_SECONDS: '' }, problems).lockoutSeconds).toBe(60);
    expect(problems).toEqual([]);
  });

  it.each(['0', '-1', '1.5', 'ten', ' 5', '1e3', '99999999999999999999'])(
    'rejects LINK_CODE_TTL_SECONDS=%j',
    (raw) => {
      const problems: string[] = [];
      const config = readLinkConfig({ LINK_CODE_TTL_SECONDS: raw }, problems);
      expect(problems).toEqual([
        `LINK_CODE_TTL_SECONDS must be a whole number of at least 1, got ${JSON.stringify(raw)}`,
      ]);
      expect(config.codeTtlSeconds).toBe(600);
    },
  );

  it('reports each invalid setting', () => {
    const problems: string[] = [];
    readLinkConfig({ LINK_FAILURES_PER_ADDRESS: '0', LINK_FAILURES_PER_LINK: 'x' }, problems);
    expect(problems).toHaveLength(2);
  });
});
