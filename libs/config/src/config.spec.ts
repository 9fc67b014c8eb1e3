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
