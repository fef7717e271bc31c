/** openssl on PATH as an outside implementation: runs it in a scratch directory and converts DER keys to PEM. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A scratch directory with helpers to write inputs, run openssl and read outputs. */
export class OpenSsl {
  readonly dir = mkdtempSync(join(tmpdir(), 'trent-openssl-'));

  /** Writes `data` to `name` in the scratch directory; returns the path. */
  put(name: string, data: string | Uint8Array): string {
    const p = join(this.dir, name);
    writeFileSync(p, data);
    return p;
  }

  /** Reads a file of the scratch directory. */
  get(name: string): Buffer {
    return readFileSync(join(this.dir, name));
  }

  /** Runs openssl; resolves with stdout, rejects with stderr on a non-zero exit. */
  async run(...args: string[]): Promise<string> {
    const r = await run('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    return r.stdout;
  }

  /** Exit status of openssl (0 = success), for checks that are meant to fail. */
  async status(...args: string[]): Promise<number> {
    try { await this.run(...args); return 0; } catch (e) { return (e as { code?: number }).code ?? 1; }
  }

  /** Writes a DER SubjectPublicKeyInfo as a PEM file named `name`. */
  pubPem(name: string, der: Uint8Array): string {
    const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
    return this.put(name, `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`);
  }
}
