import type { Server } from 'node:http';

/**
 * Stand-ins keep idle keep-alive connections open until the client or `close()` ends them. Node's
 * default (close after 5 s idle) races the clients' pooled sockets: a request sent on a socket the
 * server is closing fails with ECONNRESET, and the tests' clients deliberately do not retry.
 */
export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = 0;
}
