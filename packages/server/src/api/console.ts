/**
 * Serves the web console (packages/console) at GET /console/. The files are read once, at start, into
 * a fixed table: a request's path is only ever a key looked up in that table, so no part of a URL
 * reaches the filesystem. The console is a plain API client (it signs its own KMS calls), so these
 * GETs are not API calls: like /health they are neither authenticated nor audited.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** One servable file: its bytes and the headers it is sent with. */
interface Asset { body: Buffer; type: string; cache: string }

/** Where the console's package is, beside this one in the monorepo (packages/server/dist/api → packages/console). */
const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** No inline script or style, no other origin, no framing (clickjacking of the key actions). */
const SAFE_HEADERS = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function asset(body: Buffer, ext: string): Asset {
  // HTML is never cached so a new build (or a signed-out tab) always starts from the server's copy.
  return { body, type: TYPES[ext]!, cache: ext === '.html' ? 'no-store' : 'no-cache' };
}

/**
 * Reads the console's files into the table of everything /console/ serves: static/index.html,
 * console.css and favicon.svg, every compiled module in dist/ (not tests), and config.json made from the
 * served regions (the sign-in page's default). A console that was not built serves nothing.
 */
export function loadConsole(regions: readonly string[], log: Logger): Map<string, Asset> {
  const files = new Map<string, Asset>();
  try {
    for (const name of ['index.html', 'console.css', 'favicon.svg']) files.set(name, asset(readFileSync(join(CONSOLE_DIR, 'static', name)), name.slice(name.lastIndexOf('.'))));
    for (const name of readdirSync(join(CONSOLE_DIR, 'dist'))) {
      if (name.endsWith('.js') && !name.endsWith('.test.js')) files.set(name, asset(readFileSync(join(CONSOLE_DIR, 'dist', name)), '.js'));
    }
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'web console not built: /console/ answers 404');
    return new Map();
  }
  files.set('config.json', asset(Buffer.from(JSON.stringify({ regions })), '.json'));
  files.set('', files.get('index.html')!);
  return files;
}

/** The request's path without its query string (which the console's files ignore). */
const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0]!;

/** True for the paths this module answers: GET /console and anything under /console/. */
export function isConsoleRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false; // every API call is a POST: nothing more to look at on the hot path
  const path = pathOf(req);
  return path === '/console' || path.startsWith('/console/');
}

/** Answers a console GET from the table: a redirect for /console, the file, or 404. */
export function serveConsole(files: Map<string, Asset>, req: IncomingMessage, res: ServerResponse): void {
  const path = pathOf(req);
  if (path === '/console') {
    res.writeHead(301, { location: '/console/', 'content-length': 0, ...SAFE_HEADERS });
    res.end();
    return;
  }
  // A table key, never a filesystem path ("../x" is simply not a key).
  const file = files.get(path.slice('/console/'.length));
  if (!file) {
    const body = 'Not found\n';
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...SAFE_HEADERS });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': file.cache, ...SAFE_HEADERS });
  res.end(file.body);
}
