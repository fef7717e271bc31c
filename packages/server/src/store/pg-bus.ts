/**
 * Cache invalidation between nodes sharing one PostgreSQL: a change is published with NOTIFY after
 * it commits, and every node LISTENs on one channel and drops what the message names. While a
 * node's LISTEN connection is down it cannot hear changes, so its caches fall back to a short
 * lifetime; when it comes back it forgets everything (it may have missed messages meanwhile).
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Bus, Invalidation } from '../context.js';
import { randomAlnum } from '../crypto/random.js';
import { resilientPool } from './dialects.js';

/** The NOTIFY channel every node listens on. */
export const INVALIDATION_CHANNEL = 'trent_invalidate';

interface Wire { o: string; m: Invalidation }

/** Holds one LISTEN connection open, reconnecting with a short back-off. */
export class PgListener {
  /** Identifies this process, so it ignores its own notifications (it already applied them). */
  readonly origin = randomAlnum(12);
  private client: pg.Client | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  /** `onState(true)` when listening (after a full cache flush), `onState(false)` when deaf. */
  constructor(private readonly url: string, private readonly apply: (m: Invalidation) => void,
    private readonly onState: (listening: boolean) => void, private readonly log?: Logger) {}

  /** Connects; resolves after the first attempt whether or not it succeeded (it keeps trying). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 3_000, keepAlive: true });
    client.on('notification', (n) => this.receive(n.payload));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
      this.client = client;
      this.apply({ kind: 'all' }); // whatever changed while we were deaf is forgotten
      this.onState(true);
      this.log?.info({ channel: INVALIDATION_CHANNEL }, 'listening for other nodes\' invalidations');
    } catch (err) {
      this.log?.warn({ err: String(err) }, 'cannot LISTEN for invalidations; caches fall back to a short lifetime');
      void client.end().catch(() => {});
      this.retry();
    }
  }

  private receive(payload: string | undefined): void {
    try {
      const w = JSON.parse(payload ?? '') as Wire;
      if (w.o !== this.origin) this.apply(w.m);
    } catch { /* not ours */ }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.onState(false);
    this.log?.warn('lost the LISTEN connection; caches fall back to a short lifetime');
    void client.end().catch(() => {});
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.connect(); }, 500);
    this.timer.unref();
  }

  /** Closes the connection and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

/** Wraps `inner` (this node's workers) so that every publish also reaches the other nodes. */
export function pgBus(inner: Bus, url: string, listener: PgListener, log?: Logger): Bus & { close(): Promise<void> } {
  const pool = resilientPool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
  return {
    async publish(msg) {
      await inner.publish(msg);
      const payload = JSON.stringify({ o: listener.origin, m: msg } satisfies Wire);
      try {
        await pool.query('select pg_notify($1, $2)', [INVALIDATION_CHANNEL, payload]);
      } catch (err) {
        // The change is committed; other nodes whose LISTEN is down expire their caches within the short lifetime.
        log?.error({ err: String(err) }, 'NOTIFY of an invalidation failed');
      }
    },
    async close() {
      await pool.end().catch(() => {});
    },
  };
}
