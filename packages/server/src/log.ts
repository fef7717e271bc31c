/** Structured JSON logs (pino). Callers log identifiers and outcomes, never bodies, keys or secrets. */
import pino, { type Logger } from 'pino';

/** A logger writing JSON lines to stdout without blocking the event loop. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}
