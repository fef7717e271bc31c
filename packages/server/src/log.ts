/** Structured JSON logs (pino). Callers log identifiers and outcomes, never bodies, keys or secrets. */
import { writeSync } from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';

const CHUNK = 16384;
/** Longest a line waits in memory before it is written, when traffic is too light to fill a chunk. */
const FLUSH_MS = 1000;
const atExit: (() => void)[] = [];

/**
 * Hands sonic-boom whole ~16 KiB chunks instead of single lines: sonic-boom re-measures its pending
 * buffer on every write, which made the one line per request cost several µs, and each chunk is one
 * write(2). Lines stay in order and asynchronous; a line waits at most FLUSH_MS, and `flush`
 * (shutdown) and process exit write whatever is still pending.
 */
function chunked(dest: ReturnType<typeof pino.destination>): DestinationStream & { flush(cb?: (err?: Error) => void): void; flushSync(): void } {
  let pending = '';
  const drain = () => {
    if (!pending) return;
    const s = pending;
    pending = '';
    dest.write(s);
  };
  atExit.push(() => {
    const s = pending;
    if (!s) return;
    pending = '';
    try { dest.write(s); dest.flushSync(); } catch { try { writeSync(1, s); } catch { /* stdout is gone */ } }
  });
  if (atExit.length === 1) process.on('exit', () => { for (const f of atExit) f(); });
  const stream = {
    write(line: string) {
      pending += line;
      if (pending.length >= CHUNK) drain();
    },
    flush(cb?: (err?: Error) => void) { drain(); dest.flush(cb); },
    flushSync() { drain(); dest.flushSync(); },
  };
  setInterval(() => { if (pending) stream.flush(); }, FLUSH_MS).unref();
  return stream;
}

// The line writers of loggers made here, whose output format is known (see logRequest).
const lineWriters = new WeakMap<Logger, (line: string) => void>();

/** A logger writing JSON lines to stdout without blocking the event loop. */
export function createLogger(level: string): Logger {
  const stream = chunked(pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  const log = pino({ level, base: { pid: process.pid } }, stream);
  lineWriters.set(log, (line) => stream.write(line));
  return log;
}

/**
 * The one line per request: exactly what `log.info({ requestId, operation, status, error, ms }, 'request')`
 * writes, built directly for loggers made by createLogger (pino's generic serializer was ~4% of a
 * request's CPU); any other logger gets the pino call itself.
 */
export function logRequest(log: Logger, requestId: string, operation: string, status: number, error: string | undefined, ms: number): void {
  const write = lineWriters.get(log);
  if (!write) {
    log.info({ requestId, operation, status, error, ms }, 'request');
    return;
  }
  if (!log.isLevelEnabled('info')) return;
  const err = error === undefined ? '' : `,"error":${JSON.stringify(error)}`;
  write(`{"level":30,"time":${Date.now()},"pid":${process.pid},"requestId":${JSON.stringify(requestId)},"operation":${JSON.stringify(operation)},` +
    `"status":${status}${err},"ms":${Number.isFinite(ms) ? ms : null},"msg":"request"}\n`);
}
