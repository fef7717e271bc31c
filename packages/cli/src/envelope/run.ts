/** Runs one encrypt/decrypt job: input → (Base64 decode) → SDK stream → (Base64 encode) → temp file, renamed only on success. */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptStream, encryptStream, type DecryptOptions, type EncryptOptions, type Keyring, type MaterialsManager, type MessageHeader } from '@trent/sdk';
import { base64Decoder, base64Encoder } from './base64.js';
import type { Job } from './jobs.js';
import { progressMeter, wantProgress } from './progress.js';

/** Everything a job needs besides its paths. */
export interface RunSettings {
  mode: 'encrypt' | 'decrypt';
  source: Keyring | MaterialsManager;
  encrypt: EncryptOptions;
  decrypt: DecryptOptions;
  encode: boolean; decode: boolean; buffer: boolean; overwrite: boolean;
}

/** Processes one job; resolves with the message header. On failure no output file is left behind. */
export async function runJob(job: Job, s: RunSettings): Promise<MessageHeader> {
  let header: MessageHeader | undefined;
  const core = s.mode === 'encrypt'
    ? encryptStream(s.source, { ...s.encrypt, plaintextLength: s.decode ? undefined : job.size })
    : decryptStream(s.source, s.decrypt);
  core.on('header', (h: MessageHeader) => { header = h; });
  const stages: (Readable | Transform)[] = [job.input === '-' ? process.stdin : createReadStream(job.input, { highWaterMark: 256 << 10 })];
  if (wantProgress(job.size, job.output)) stages.push(progressMeter(job.size!, basename(job.input)));
  if (s.decode) stages.push(base64Decoder());
  stages.push(core);
  if (s.encode) stages.push(base64Encoder());
  if (job.output === '-') {
    await pipeline([...stages, s.buffer ? bufferedStdout() : process.stdout] as unknown as NodeJS.ReadWriteStream[]);
  } else {
    await toFileAtomically(stages, job.output, s);
  }
  return header!;
}

/** Writes to a hidden temp file beside the target and renames it into place only after success. */
async function toFileAtomically(stages: (Readable | Transform)[], output: string, s: RunSettings): Promise<void> {
  mkdirSync(dirname(output), { recursive: true });
  const tmp = join(dirname(output), `.${basename(output)}.trent-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const mode = s.mode === 'decrypt' ? 0o600 : 0o666; // plaintext stays private to its owner
    const sink = s.buffer ? bufferedFile(tmp, mode) : createWriteStream(tmp, { flags: 'wx', mode });
    await pipeline([...stages, sink] as unknown as NodeJS.ReadWriteStream[]);
    if (!s.overwrite && existsSync(output)) throw new Error(`output ${output} exists (--no-overwrite)`);
    renameSync(tmp, output);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** `--buffer`: holds all output in memory and writes it only once the stream has fully verified. */
function collector(onDone: (all: Buffer) => Promise<void>): Writable {
  const parts: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _e, cb) { parts.push(chunk); cb(); },
    final(cb) { onDone(Buffer.concat(parts)).then(() => cb(), cb); },
  });
}
const bufferedStdout = () => collector((all) => new Promise((res, rej) => process.stdout.write(all, (e) => (e ? rej(e) : res()))));
const bufferedFile = (path: string, mode: number) => collector((all) => writeFile(path, all, { flag: 'wx', mode }));
