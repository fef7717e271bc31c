/**
 * Graceful shutdown of an HTTP server. Node's `server.close()` cuts every connection without a
 * request in progress — including fresh ones whose request bytes are still unread — so Trent
 * tracks its sockets itself: a socket that has been answered and sits idle is closed, a fresh one
 * is given time to send its request (answered with `Connection: close`), and a hard limit ends it all.
 */
import { Server as NetServer, type Socket } from 'node:net';
import type { Server } from 'node:http';

interface Tracked { served: boolean; busy: number; since: number }

/** Starts tracking `server`'s sockets; returns the drain function to call on SIGTERM. */
export function trackForDrain(server: Server): (graceMs?: number, hardMs?: number) => Promise<void> {
  const sockets = new Map<Socket, Tracked>();
  server.on('connection', (s: Socket) => {
    sockets.set(s, { served: false, busy: 0, since: Date.now() });
    s.once('close', () => sockets.delete(s));
  });
  server.on('request', (req, res) => {
    const t = sockets.get(req.socket);
    if (!t) return;
    t.busy++;
    res.once('close', () => { t.busy--; t.served = true; });
  });
  return async (graceMs = 2_000, hardMs = 10_000) => {
    const closed = new Promise<void>((r) => server.once('close', () => r()));
    NetServer.prototype.close.call(server); // stop accepting, keep every open connection
    const started = Date.now();
    const sweep = setInterval(() => {
      const waited = Date.now() - started;
      for (const [s, t] of sockets) {
        if (t.busy > 0 && waited < hardMs) continue;
        if (t.served || waited >= graceMs) s.destroy();
      }
    }, 50);
    await closed;
    clearInterval(sweep);
  };
}
