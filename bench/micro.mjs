/**
 * The CPU cost of Trent's request pipeline without the network: builds a real server context in a
 * temp dir, feeds the real request handler pre-signed requests through stand-in req/res objects,
 * and prints CPU µs per request for each scenario shape (SigV4 verified in full every time).
 * Usage: node bench/micro.mjs [--n 20000] [--only "Encrypt 4"] [--dist path/to/server/dist] 2>&1 >/dev/null (results on stderr)
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scenarios } from './scenarios.mjs';
import { signKms } from './sign.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const DIST = opt('--dist', join(ROOT, 'packages/server/dist')); // another build (a copy of dist) for A/B runs
const dist = (p) => import(pathToFileURL(resolve(DIST, p)).href);
const { loadConfig } = await dist('config.js');
const { createContext } = await dist('app.js');
const { localBus } = await dist('bus.js');
const { createHandler } = await dist('api/server.js');
const n = Number(opt('--n', 20000));

class Req extends EventEmitter {
  constructor(raw) {
    super();
    const [head, body] = raw.split('\r\n\r\n');
    const lines = head.split('\r\n');
    this.method = 'POST';
    this.url = '/';
    this.rawHeaders = lines.slice(1).flatMap((l) => { const i = l.indexOf(': '); return [l.slice(0, i), l.slice(i + 2)]; });
    this.headers = {};
    for (let i = 0; i < this.rawHeaders.length; i += 2) this.headers[this.rawHeaders[i].toLowerCase()] = this.rawHeaders[i + 1];
    this.socket = { remoteAddress: '127.0.0.1' };
    this.body = Buffer.from(body);
  }
  resume() {}
}

function send(handler, raw) {
  return new Promise((resolve, reject) => {
    const req = new Req(raw);
    const res = {
      headersSent: false, status: 0,
      writeHead(status) { this.status = status; this.headersSent = true; },
      end(text) { this.status === 200 ? resolve(text) : reject(new Error(`HTTP ${this.status} ${text}`)); },
    };
    handler(req, res);
    req.emit('data', req.body);
    req.emit('end');
  });
}

const dir = mkdtempSync(join(tmpdir(), 'trent-micro-'));
try {
  const config = loadConfig({ TRENT_DATA_DIR: dir, TRENT_WORKERS: '1', TRENT_LOG_LEVEL: process.env.TRENT_LOG_LEVEL ?? 'info', TRENT_AUDIT: process.env.TRENT_AUDIT ?? 'on' });
  const { createLogger } = await dist('log.js');
  const log = createLogger(config.logLevel); // the server's own logger: run with stdout to /dev/null
  const ctx = await createContext(config, log, localBus);
  const handler = createHandler(ctx);
  const text = readFileSync(join(dir, 'credentials'), 'utf8');
  const get = (k) => new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(text)[1];
  const target = { host: '127.0.0.1', port: 4747, region: 'us-east-1', credentials: { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') } };
  const call = async (op, input) => JSON.parse(await send(handler, (await signKms(target, op, input)).raw));
  const { KeyMetadata } = await call('CreateKey', {});
  const { CiphertextBlob } = await call('Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: Buffer.alloc(4096, 0x61).toString('base64') });
  const fixture = { keyId: KeyMetadata.KeyId, ciphertext4k: CiphertextBlob };
  for (const s of scenarios.filter((x) => x.concurrency === 1 && x.name.includes(opt('--only', '')))) {
    const raw = (await signKms(target, s.op, s.body(fixture))).raw;
    for (let i = 0; i < 2000; i++) await send(handler, raw); // warm-up
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await send(handler, raw);
    const c = process.cpuUsage(c0);
    console.error(`${s.name.replace(/ c=1$/, '').padEnd(26)} ${((c.user + c.system) / n).toFixed(1).padStart(6)} µs CPU/request (in process, no network)`);
  }
  await ctx.store.close();
} finally { rmSync(dir, { recursive: true, force: true }); }
