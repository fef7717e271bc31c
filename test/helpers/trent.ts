/** Starts a real Trent server process for whole-system tests, with its own data directory and port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(import.meta.url), '../../../..');
export const TRENT_BIN = join(REPO, 'packages/cli/dist/main.js');

export interface Trent {
  endpoint: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dataDir: string;
  /** Everything the server wrote to stdout and stderr. */
  logFile: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** A random 12-digit account id, so tests never share one by accident. */
export function randomAccountId(): string {
  return String(100000000000 + Math.floor(Math.random() * 899999999999));
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/** GET a URL (trusting `ca` for HTTPS); resolves to the status code. */
function health(url: string, ca?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    get(url, { ca }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

/** Waits until GET /health answers 200, or the process exits. */
async function waitHealthy(endpoint: string, proc: ChildProcess, logFile: string, ca?: Buffer): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`trent exited with ${proc.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      if ((await health(`${endpoint}/health`, ca)) === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('trent did not become healthy in 30 s');
}

/** Waits until the server's log has `text` (or fails after 30 s, or when the server exits). */
async function waitForLine(logFile: string, text: string, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (readFileSync(logFile, 'utf8').includes(text)) return;
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`trent did not log '${text}' in 30 s: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/** Starts Trent; `env` adds or overrides TRENT_* settings (a fresh data directory unless TRENT_DATA_DIR is given). */
export async function startTrent(opts: { env?: Record<string, string>; scheme?: 'http' | 'https'; ca?: Buffer } = {}): Promise<Trent> {
  const dataDir = opts.env?.TRENT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'trent-test-'));
  const port = await freePort();
  const logFile = join(dataDir, `server-${port}.log`);
  const out = createWriteStream(logFile);
  await new Promise((r) => out.once('open', r));
  const env: Record<string, string | undefined> = { ...process.env, TRENT_DATA_DIR: dataDir, TRENT_PORT: String(port), TRENT_WORKERS: '1', TRENT_SCHEDULER_INTERVAL_MS: '250', TRENT_ACCOUNT_ID: randomAccountId(), ...opts.env };
  const proc = spawn(process.execPath, [TRENT_BIN, 'serve'], { env, stdio: ['ignore', out, out] });
  const endpoint = `${opts.scheme ?? 'http'}://127.0.0.1:${port}`;
  await waitHealthy(endpoint, proc, logFile, opts.ca);
  // With several workers one healthy worker is not all of them: the primary announces once every worker listens.
  if (Number(env.TRENT_WORKERS) > 1) await waitForLine(logFile, 'Trent is listening', proc);
  const creds = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(creds)![1]!;
  const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(creds)![1]!;
  const region = (env.TRENT_REGIONS ?? 'us-east-1').split(',')[0]!;
  const trent: Trent = {
    endpoint, region, accountId: env.TRENT_ACCOUNT_ID!, credentials: { accessKeyId, secretAccessKey }, dataDir, logFile, proc,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
  return trent;
}

/** Runs a `trent` subcommand to completion with extra `env`; returns its exit code and output. */
export function runTrent(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [TRENT_BIN, ...args], { env: { ...process.env, TRENT_WORKERS: '1', TRENT_PORT: '0', ...env }, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `trent serve` expecting it to refuse (exit 2); returns its stderr. */
export function refusesToStart(env: Record<string, string>): string {
  const r = runTrent(['serve'], env);
  if (r.status !== 2) throw new Error(`expected trent serve to refuse with exit 2, got ${r.status}: ${r.stderr}`);
  return r.stderr;
}

/** SHA-256 of a file, to show that a refused start changed nothing. */
export function fileDigest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
