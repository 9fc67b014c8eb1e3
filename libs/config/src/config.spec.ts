import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('accepts the embedded default', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535, got "70000"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ HOST: '999.1.1.1' }, 'HOST must be an IP address or a host name, got "999.1.1.1"'],
    [{ HOST: 'bad host' }, 'HOST must be an IP address or a host name'],
    [{ EVENT_STORE: 'kafka' }, 'EVENT_STORE must be postgres or eventstoredb'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres://'],
  ])('rejects %j', (env, message) => {
    expect(problemsOf(env).some((problem) => problem.startsWith(message))).toBe(true);
  });

  it.each(['0.0.0.0', '::', 'localhost', 'api.example.com'])('accepts HOST %s', (host) => {
    expect(problemsOf({ HOST: host })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });
});

describe('loadConfig link settings', () => {
  it('reads the link limits', () => {
    expect(loadConfig({ LINK_LOCKOUT_SECONDS: '30' }).links.lockoutSeconds).toBe(30);
  });

  it('rejects an invalid link limit', () => {
    expect(problemsOf({ LINK_FAILURES_PER_LINK: '0' })).toEqual([
      'LINK_FAILURES_PER_LINK must be a whole number of at least 1, got "0"',
    ]);
  });
});

describe('loadConfig TRUST_PROXY', () => {
  it('leaves the default to the server when unset', () => {
    expect(loadConfig({}).trustProxy).toBeNull();
  });

  it.each<[string, boolean | number | string]>([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 2001:db8::/32', '10.0.0.0/8,2001:db8::/32'],
    ['loopback,192.0.2.7', 'loopback,192.0.2.7'],
  ])('accepts %j', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toBe(expected);
  });

  it.each(['yes please', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', 'proxy.example.com'])(
    'rejects %j',
    (raw) => {
      const problems = problemsOf({ TRUST_PROXY: raw });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`TRUST_PROXY must be true, false, a number of proxy hops`);
    },
  );
});

describe('loadConfig SMTP', () => {
  it('keeps mail in the outbox without SMTP_URL', () => {
    expect(loadConfig({ SMTP_FROM: 'Files <files@example.com>' }).smtp).toBeNull();
  });

  it('reads SMTP_URL with the default sender', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example.com:587' }).smtp).toEqual({
      url: 'smtp://user:pass@mail.example.com:587',
      from: 'ScaiDrive <no-reply@localhost>',
    });
  });

  it('reads SMTPS and SMTP_FROM', () => {
    const env = { SMTP_URL: 'smtps://mail.example.com', SMTP_FROM: 'Files <files@example.com>' };
    expect(loadConfig(env).smtp).toEqual({
      url: 'smtps://mail.example.com',
      from: 'Files <files@example.com>',
    });
  });

  it.each(['http://mail.example.com', 'mail.example.com:25', 'smtp://'])(
    'rejects SMTP_URL %j',
    (url) => {
      expect(problemsOf({ SMTP_URL: url })).toEqual([
        'SMTP_URL must be a URL starting with smtp:// or smtps:// and naming a host',
      ]);
    },
  );

  it('does not repeat the SMTP password in messages', () => {
    const problems = problemsOf({ SMTP_URL: 'http://user:secret@mail.example.com' });
    expect(problems.join('\n')).not.toContain('secret');
  });

  it.each(['no address', 'Files <files@example.com>\r\nBcc: x@example.com'])(
    'rejects SMTP_FROM %j',
    (from) => {
      const problems = problemsOf({ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: from });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^SMTP_FROM must be one line with an email address/);
    },
  );
});
