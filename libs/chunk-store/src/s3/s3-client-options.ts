import type { ClientOptions } from 'minio';

/** Connection settings of an S3-compatible chunk store, matching the configuration's s3 variant. */
export interface S3ChunkStoreSettings {
  /** Base URL of the S3 API, such as http://127.0.0.1:9000. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
}

function invalidEndpoint(endpoint: string, reason: string): Error {
  // Hides user information so a password written into the URL never reaches a log.
  const redacted = endpoint.replace(/[^/@]*@/, '***@');
  return new Error(
    `invalid S3 endpoint ${JSON.stringify(redacted)}: ${reason}. ` +
      'Expected a base URL such as http://127.0.0.1:9000 or https://s3.example.com',
  );
}

/**
 * Converts the settings into minio client options. Throws when the endpoint is not a bare http or
 * https URL, because the client addresses buckets at the root of the host and would silently drop
 * a path, and credentials belong in the access and secret keys.
 */
export function toClientOptions(settings: S3ChunkStoreSettings): ClientOptions {
  const { endpoint } = settings;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalidEndpoint(endpoint, 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidEndpoint(endpoint, `the scheme must be http or https, not ${url.protocol}`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw invalidEndpoint(endpoint, 'it must not have a path, query or fragment');
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidEndpoint(endpoint, 'credentials belong in the access and secret keys');
  }
  const useSSL = url.protocol === 'https:';
  let port = Number(url.port);
  if (url.port === '') port = useSSL ? 443 : 80;
  return {
    endPoint: url.hostname,
    port,
    useSSL,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    region: settings.region,
  };
}
