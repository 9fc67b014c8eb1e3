import { describe, expect, it } from '@jest/globals';
import { type S3ChunkStoreSettings, toClientOptions } from './s3-client-options.js';

function settings(endpoint: string): S3ChunkStoreSettings {
  return {
    endpoint,
    bucket: 'chunks',
    accessKey: 'access',
    secretKey: 'secret',
    region: 'eu-central-1',
  };
}

describe('toClientOptions', () => {
  it('reads host and port of an http endpoint', () => {
    const options = toClientOptions(settings('http://127.0.0.1:9000'));

    expect(options).toEqual({
      endPoint: '127.0.0.1',
      port: 9000,
      useSSL: false,
      accessKey: 'access',
      secretKey: 'secret',
      region: 'eu-central-1',
    });
  });

  it.each([
    ['http://minio.internal', 80, false],
    ['https://s3.example.com', 443, true],
    ['https://s3.example.com/', 443, true],
    ['https://s3.example.com:8443', 8443, true],
  ])('derives port and TLS from %s', (endpoint, port, useSSL) => {
    const options = toClientOptions(settings(endpoint));

    expect(options.port).toBe(port);
    expect(options.useSSL).toBe(useSSL);
  });

  it.each([
    ['127.0.0.1:9000', /not a URL|scheme/],
    ['ftp://s3.example.com', /scheme must be http or https/],
    ['https://s3.example.com/bucket', /path, query or fragment/],
    ['https://s3.example.com/?x=1', /path, query or fragment/],
    ['not a url', /not a URL/],
  ])('rejects the endpoint %s', (endpoint, reason) => {
    expect(() => toClientOptions(settings(endpoint))).toThrow(reason);
  });

  it('hides credentials written into the endpoint', () => {
    const run = () => toClientOptions(settings('https://user:hunter2@s3.example.com'));

    expect(run).toThrow(/access and secret keys/);
    expect(run).not.toThrow(/hunter2/);
  });
});
