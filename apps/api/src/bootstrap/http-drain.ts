import type { Server, ServerResponse } from 'node:http';

/** Stops an HTTP server; resolves once its last connection has closed. */
export type DrainHttpServer = (graceMs: number) => Promise<void>;

/**
 * Tracks the responses of an HTTP server so that it can shut down promptly: draining stops new
 * connections, closes idle keep-alive connections at once, closes busy ones after their current
 * response, and destroys whatever is still open after graceMs. Without it, server.close() waits
 * for every long-poll and for the keep-alive timeout of every client.
 */
export function trackForDrain(server: Server): DrainHttpServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_request, response: ServerResponse) => {
    if (draining) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.on('close', () => inFlight.delete(response));
  });
  return (graceMs) => {
    draining = true;
    // A response that has not sent its headers yet gets `Connection: close`, so its connection
    // closes after it instead of waiting for the keep-alive timeout.
    for (const response of inFlight) {
      if (!response.headersSent) response.shouldKeepAlive = false;
    }
    return new Promise((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  };
}
