import { withoutLinkTokens } from './log-redaction.js';

const token = 'LwIzbzA6N2oePR0BL1CIWqZf6v5I9NkkchTrYTGS1Lg';

describe('withoutLinkTokens', () => {
  it('redacts the token of public link paths, however spelled', () => {
    for (const url of [
      `/api/v1/public/links/${token}/content?nodeId=1`,
      `/api/v1/public//links/${token}`,
      `/api/v1/public%2Flinks/${token}`,
    ]) {
      const logged = withoutLinkTokens({ url, params: { token } });
      expect(logged.url).not.toContain(token);
      expect(logged.url).toContain('[redacted]');
      expect(logged.params).toEqual({});
    }
  });

  it('keeps other requests as they are', () => {
    const sha256 = 'a'.repeat(64);
    const request = { url: `/api/v1/chunks/${sha256}`, params: { sha256 } };
    expect(withoutLinkTokens(request)).toBe(request);
    const link = { url: '/api/v1/links/0b5c5b1e-2c55-4f6a-9a43-0f4f4f0b7a11/accesses' };
    expect(withoutLinkTokens(link).url).toBe(link.url);
  });
});
