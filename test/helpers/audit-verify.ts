/** Tamper-evidence tests: calls that leave events, `trent audit` runs, and reading their reports. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { runTrent, TRENT_BIN, type Trent } from './trent.js';
import { kmsClient } from './clients.js';

const execFileP = promisify(execFile);

/** Settings that make each process sign a digest every second. */
export const DIGEST_EVERY_SECOND = { TRENT_AUDIT_DIGEST_INTERVAL: '1' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Makes `n` calls, so `n` events: a new key, then encryptions and failed look-ups in turn. */
export async function makeCalls(t: Trent, n: number, plaintext = 'audit me'): Promise<void> {
  const kms = kmsClient(t);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 1; i < n; i++) {
    if (i % 2) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext) }));
    else await assertRejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/does-not-exist' })));
  }
  kms.destroy();
}

async function assertRejects(p: Promise<unknown>): Promise<void> {
  if (await p.then(() => true, () => false)) throw new Error('expected the call to fail');
}

/** `trent audit <args>`: exit status and output. */
export function audit(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  return runTrent(['audit', ...args], env);
}

/** `trent audit <args>` without blocking this process (so its own clients keep calling meanwhile). */
export async function auditAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(process.execPath, [TRENT_BIN, 'audit', ...args], { env: { ...process.env, TRENT_WORKERS: '1' }, maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The INVALID lines of a verify report, in order. */
export function invalidLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.includes('\tINVALID: '));
}

/** A copy of a directory (a stopped server's data, or an export) to tamper with. */
export function copyOf(dir: string): string {
  const to = join(mkdtempSync(join(tmpdir(), 'trent-tamper-')), 'copy');
  cpSync(dir, to, { recursive: true });
  return to;
}
