import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/api-error.js';
import { ConnectionMonitor } from './connection-monitor.js';

const refused = () => new ApiError('GET /me failed: ECONNREFUSED', 0, 'ECONNREFUSED', 'refused');
const unavailable = () => new ApiError('GET /me failed with 503', 503, undefined, undefined);

describe('ConnectionMonitor', () => {
  it('reports going offline once', () => {
    const lines: string[] = [];
    const monitor = new ConnectionMonitor((line) => lines.push(line));
    monitor.failed(refused(), 1000);
    monitor.failed(refused(), 2000);
    monitor.failed(refused(), 4000);
    expect(lines).toEqual(['offline (ECONNREFUSED), retrying in 1 s']);
    expect(monitor.failing).toBe(true);
  });

  it('reports a new cause while offline', () => {
    const lines: string[] = [];
    const monitor = new ConnectionMonitor((line) => lines.push(line));
    monitor.failed(refused(), 1000);
    monitor.failed(unavailable(), 2400);
    expect(lines).toEqual([
      'offline (ECONNREFUSED), retrying in 1 s',
      'offline (server answered 503), retrying in 2 s',
    ]);
  });

  it('reports the recovery once', () => {
    const lines: string[] = [];
    const monitor = new ConnectionMonitor((line) => lines.push(line));
    monitor.succeeded();
    monitor.failed(refused(), 1000);
    monitor.succeeded();
    monitor.succeeded();
    monitor.failed(refused(), 1000);
    expect(lines).toEqual([
      'offline (ECONNREFUSED), retrying in 1 s',
      'connected again, syncing',
      'offline (ECONNREFUSED), retrying in 1 s',
    ]);
  });

  it('reports other failures as failed syncs', () => {
    const lines: string[] = [];
    const monitor = new ConnectionMonitor((line) => lines.push(line));
    monitor.failed(new Error('disk full'), 300);
    expect(lines).toEqual(['sync failed (disk full), retrying in 1 s']);
  });
});
