/**
 * Runs one encrypt/decrypt job. File to file: the SDK's file API (reused buffers, overlapped I/O).
 * Anything else: input → (Base64 decode) → SDK stream → (Base64 encode) → stdout or a temp file.
 * File output is renamed into place only on success, so a failed job leaves nothing behind.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptFile, decryptStream, encryptFile, encryptStream, viaTempFile, type DecryptOptions, type EncryptOptions, type Keyring, type MaterialsManager, type MessageHeader } from '@trent/sdk';
import { base64Decoder, base64Encoder } from './base64.js';
import type { Job } from './jobs.js';
import { progressBar, progressMeter, wantProgress } from './progress.js';

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
  if (job.output !== '-') {
    // fail before any work (a KMS call, a whole file's crypto); the SDK checks again just before its rename
    if (!s.overwrite && existsSync(job.output)) throw new Error(`output ${job.output} exists (--no-overwrite)`);
    mkdirSync(dirname(job.output), { recursive: true });
  }
  if (fileToFile(job, s)) return runFileJob(job, s);
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
    await viaTempFile(job.output, (tmp) => {
      const mode = s.mode === 'decrypt' ? 0o600 : 0o666; // plaintext stays private to its owner
      const sink = s.buffer ? bufferedFile(tmp, mode) : createWriteStream(tmp, { flags: 'wx', mode });
      return pipeline([...stages, sink] as unknown as NodeJS.ReadWriteStream[]);
    }, s.overwrite);
  }
  return header!;
}

const isRegularFile = (p: string) => { try { return statSync(p).isFile(); } catch { return false; } };

/**
 * Whether the job can use the file API: regular files at both ends (a missing output is made as
 * one) and no Base64 stage. `--buffer` keeps its all-in-memory stream path.
 */
function fileToFile(job: Job, s: RunSettings): boolean {
  if (job.input === '-' || job.output === '-' || s.encode || s.decode || s.buffer) return false;
  return isRegularFile(job.input) && (!existsSync(job.output) || isRegularFile(job.output));
}

/** A file-to-file job through the SDK's file API; the progress bar follows its read callback. */
async function runFileJob(job: Job, s: RunSettings): Promise<MessageHeader> {
  const bar = wantProgress(job.size, job.output) ? progressBar(job.size!, basename(job.input)) : undefined;
  const file = { onProgress: bar && ((n: number) => bar.update(n)), overwrite: s.overwrite };
  try {
    return s.mode === 'encrypt'
      ? await encryptFile(s.source, job.input, job.output, { ...s.encrypt, ...file })
      : await decryptFile(s.source, job.input, job.output, { ...s.decrypt, ...file });
  } finally {
    bar?.end();
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
