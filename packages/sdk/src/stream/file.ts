/**
 * `encryptFile` / `decryptFile`: file → file in bounded memory through a few reused buffers, the
 * output written to a temporary file that appears at the target path only once the message is
 * complete and (decrypt) every tag and the signature verified.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { SdkError } from '../errors.js';
import { regularFrameSize } from '../format/aead.js';
import { FRAMED, type MessageHeader } from '../format/header.js';
import type { Keyring, MaterialsManager } from '../materials.js';
import { MessageDecryptor } from './decryptor.js';
import { MessageEncryptor } from './encryptor.js';
import { pumpFile, writeAll } from './file-pump.js';
import type { DecryptOptions, EncryptOptions } from './options.js';
import { viaTempFile } from './temp-file.js';

/** About how many bytes one chunk reads (decrypt) or writes (encrypt): per-call costs vanish, memory stays small. */
export const FILE_CHUNK = 1 << 20;

/** What the file calls add to the encrypt and decrypt options. */
export interface FileOptions {
  /** Called after each read with the number of input bytes read so far (e.g. for a progress bar). */
  onProgress?: (bytesRead: number) => void;
  /** `false`: fail rather than replace an existing output file (checked just before the rename). Default `true`. */
  overwrite?: boolean;
}

/**
 * Encrypts the regular file `inputPath` into one ESDK message at `outputPath` (created with mode
 * 0666 less the umask). Plaintext is read in chunks of whole frames whose ciphertext fills about
 * {@link FILE_CHUNK}. Resolves with the header written.
 */
export async function encryptFile(source: Keyring | MaterialsManager, inputPath: string, outputPath: string, opts: EncryptOptions & FileOptions = {}): Promise<MessageHeader> {
  return withInput(inputPath, (input, size) => viaTempFile(outputPath, async (tmp) => {
    const enc = await MessageEncryptor.create(source, { plaintextLength: size, ...opts }, true);
    const fl = enc.header.frameLength, frames = Math.max(1, Math.floor(FILE_CHUNK / regularFrameSize(fl)));
    // a chunk of `frames` frames seals into at most `frames` frames: the one held back from the last chunk completes
    const outs = [Buffer.allocUnsafe(frames * regularFrameSize(fl)), Buffer.allocUnsafe(frames * regularFrameSize(fl))];
    try {
      await withOutput(tmp, 0o666, async (output) => {
        const header = enc.takeHeader();
        await writeAll(output, header, 0);
        const end = await pumpFile(input, output, header.length, frames * fl, async (chunk, slot) => {
          const n = enc.updateInto(chunk, outs[slot]!, 0);
          await enc.drained(); // the signature hasher lets go of outs[slot] before it is refilled
          return [outs[slot]!.subarray(0, n)];
        }, opts.onProgress);
        await writeAll(output, await enc.finish(), end);
      });
    } catch (e) {
      enc.dispose();
      throw e;
    }
    return enc.header;
  }, opts.overwrite));
}

/**
 * Decrypts the ESDK message in the regular file `inputPath` to `outputPath` (created with mode
 * 0600: it is plaintext). The output appears only after every frame's tag and, for signed suites,
 * the footer signature verified; on any failure no file is left at `outputPath` and no temporary
 * file beside it. Resolves with the message header.
 */
export async function decryptFile(source: Keyring | MaterialsManager, inputPath: string, outputPath: string, opts: DecryptOptions & FileOptions = {}): Promise<MessageHeader> {
  return withInput(inputPath, (input) => viaTempFile(outputPath, async (tmp) => {
    const dec = new MessageDecryptor(source, opts, 'file');
    const plains: (Buffer | undefined)[] = [undefined, undefined];
    try {
      await withOutput(tmp, 0o600, async (output) => {
        await pumpFile(input, output, 0, FILE_CHUNK, async (chunk, slot) => {
          const parts: Buffer[] = [];
          await dec.pushInto(chunk, parts, (plains[slot] ??= plainBuffer(dec.header)));
          return parts;
        }, opts.onProgress);
        await dec.end();
      });
    } catch (e) {
      dec.dispose();
      throw e;
    } finally {
      for (const p of plains) p?.fill(0); // plaintext does not linger in freed memory
    }
    return dec.header!;
  }, opts.overwrite));
}

/**
 * The reused plaintext buffer of one slot, once the header is known: the queued tail (< one frame)
 * and a chunk hold at most FILE_CHUNK + frame length bytes of plaintext. Frames longer than a chunk
 * (and non-framed bodies) get fresh memory per chunk instead.
 */
function plainBuffer(h: MessageHeader | undefined): Buffer | undefined {
  return h?.contentType === FRAMED && h.frameLength <= FILE_CHUNK ? Buffer.allocUnsafe(FILE_CHUNK + h.frameLength) : undefined;
}

/** Opens a regular input file for the length of `fn` (pipes and devices: use the streams). */
async function withInput<T>(path: string, fn: (fh: FileHandle, size: number) => Promise<T>): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new SdkError('BadInput', `${path} is not a regular file (use encryptStream/decryptStream)`);
    return await fn(fh, st.size);
  } finally {
    await fh.close();
  }
}

/** Creates the (temporary) output file exclusively with `mode` for the length of `fn`. */
async function withOutput(path: string, mode: number, fn: (fh: FileHandle) => Promise<void>): Promise<void> {
  const fh = await open(path, 'wx', mode);
  try { await fn(fh); } finally { await fh.close(); }
}
