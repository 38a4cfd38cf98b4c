import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { serveServices } from '../../../src/sandbox/aws/serve';
import { startSlackStandIn } from '../../../src/sandbox/slack';

/** One GET on a pooled keep-alive socket; resolves with the status and the socket it went over. */
function get(agent: Agent, url: string): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket as Socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pooled socket left idle past Node's default 5 s keep-alive is still served: the stand-ins never
 * close it under a client about to reuse it (which would fail that request with ECONNRESET).
 */
describe('stand-ins keep idle keep-alive connections', () => {
  test.each([
    ['AWS emulator', async () => serveServices([]).then((served) => ({ url: `${served.endpoint}/`, close: served.close }))],
    ['Slack stand-in', async () => startSlackStandIn().then((slack) => ({ url: `${slack.url}/nothing`, close: slack.close }))],
  ])(
    '%s: the same socket answers again after 6 s idle',
    async (_name, start) => {
      const server = await start();
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await get(agent, server.url);
        await idle(6_000);
        expect(first.socket.destroyed).toBe(false);
        const second = await get(agent, server.url);
        expect(second.socket).toBe(first.socket);
        expect(second.status).toBe(first.status);
      } finally {
        agent.destroy();
        await server.close();
      }
    },
    20_000,
  );
});
