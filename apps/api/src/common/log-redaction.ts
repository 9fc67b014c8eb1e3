/** Runs of base64url as long as a link token (43 characters). Shorter ids stay readable. */
const TOKEN_LIKE = /[A-Za-z0-9_-]{40,}/g;

/**
 * Keeps link tokens out of request logs, because a token in a log line is a working link. Any URL
 * that mentions links, however its slashes are spelled, loses its token-like runs and its route
 * parameters. Chunk hashes and UUIDs elsewhere stay, so other requests keep their detail.
 */
export function withoutLinkTokens<T extends { url?: string; params?: unknown }>(request: T): T {
  if (!request.url || !/links/i.test(request.url)) return request;
  return { ...request, url: request.url.replace(TOKEN_LIKE, '[redacted]'), params: {} };
}
