/** Public entry points: one-shot `encrypt`/`decrypt` and streaming `encryptStream`/`decryptStream`. */
import { Transform, type TransformCallback } from 'node:stream';
import type { MessageHeader } from '../format/header.js';
import type { Keyring, MaterialsManager } from '../materials.js';
import { MessageDecryptor } from './decryptor.js';
import { MessageEncryptor } from './encryptor.js';
import type { DecryptOptions, EncryptOptions } from './options.js';

/** Concatenates with TypedArray#set (Buffer.concat costs a slow Buffer#copy per part). */
function join(parts: Buffer[]): Buffer {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = Buffer.allocUnsafe(n);
  for (let i = 0, at = 0; i < parts.length; at += parts[i]!.length, i++) out.set(parts[i]!, at);
  return out;
}

/** Result of a one-shot call. */
export interface EncryptResult { result: Buffer; messageHeader: MessageHeader }
export interface DecryptResult { plaintext: Buffer; messageHeader: MessageHeader }

/** Encrypts a whole buffer into one ESDK message. */
export async function encrypt(source: Keyring | MaterialsManager, plaintext: Uint8Array | string, opts: EncryptOptions = {}): Promise<EncryptResult> {
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const enc = await MessageEncryptor.create(source, { plaintextLength: data.byteLength, ...opts });
  const header = enc.takeHeader();
  const body = enc.update(data);
  const result = join([header, body, await enc.finish()]);
  return { result, messageHeader: enc.header };
}

/** Decrypts a whole message; returns nothing unless every tag and the signature verify. */
export async function decrypt(source: Keyring | MaterialsManager, message: Uint8Array, opts: DecryptOptions = {}): Promise<DecryptResult> {
  const dec = new MessageDecryptor(source, opts);
  const parts = await dec.push(message);
  parts.push(...(await dec.end()));
  return { plaintext: join(parts), messageHeader: dec.header! };
}

/**
 * A Transform from plaintext to one ESDK message, with backpressure and bounded memory.
 * Emits `header` (MessageHeader) once the materials are ready.
 */
export function encryptStream(source: Keyring | MaterialsManager, opts: EncryptOptions = {}): Transform {
  let enc: Promise<MessageEncryptor> | undefined;
  const get = (t: Transform) => (enc ??= MessageEncryptor.create(source, opts, true).then((e) => { t.emit('header', e.header); return e; }));
  return new Transform({
    transform(this: Transform, chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
      get(this).then(async (e) => {
        const out = e.update(chunk);
        if (out.length) this.push(out);
        await e.drained(); // the signature worker bounds how far we run ahead
        cb();
      }).catch(cb);
    },
    flush(this: Transform, cb: TransformCallback) {
      get(this).then((e) => e.finish()).then((last) => cb(null, last), cb);
    },
    destroy(err, cb) {
      if (enc) enc.then((e) => e.dispose(), () => undefined);
      cb(err);
    },
  });
}

/**
 * A Transform from one ESDK message to plaintext. Only GCM-verified frames come out; for signed
 * suites the last frame's plaintext is held until the footer signature verifies, so `end` (and the
 * last bytes) are only ever emitted for a fully verified message. On any failure the stream errors:
 * consumers must discard what they received. `refuseSigned` refuses signed suites outright.
 * Emits `header` (MessageHeader) once the header is authenticated.
 */
export function decryptStream(source: Keyring | MaterialsManager, opts: DecryptOptions = {}): Transform {
  const dec = new MessageDecryptor(source, opts, 'stream');
  let announced = false;
  const emitAll = (t: Transform, parts: Buffer[]) => {
    if (!announced && dec.header) { announced = true; t.emit('header', dec.header); }
    // one push per input chunk: per-frame pushes would cost a write call per 4 KiB downstream
    if (parts.length > 1) t.push(join(parts));
    else if (parts.length === 1) t.push(parts[0]);
  };
  return new Transform({
    transform(this: Transform, chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
      const parts: Buffer[] = [];
      // frames verified before a failure in the same chunk still come out, then the error
      dec.pushInto(chunk, parts).then(() => { emitAll(this, parts); cb(); }, (e) => { emitAll(this, parts); cb(e); });
    },
    flush(this: Transform, cb: TransformCallback) {
      dec.end().then((parts) => { emitAll(this, parts); cb(); }, cb);
    },
    destroy(err, cb) {
      dec.dispose();
      cb(err);
    },
  });
}
