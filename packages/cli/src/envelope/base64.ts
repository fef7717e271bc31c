/** Streaming Base64 for `--encode` (output) and `--decode` (input), in bounded memory. */
import { Transform, type TransformCallback } from 'node:stream';

/** Encodes bytes to Base64 text, carrying 0–2 bytes between chunks so the output is one Base64 string. */
export function base64Encoder(): Transform {
  let carry = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      const all = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const n = all.length - (all.length % 3);
      carry = Buffer.from(all.subarray(n));
      cb(null, n ? all.subarray(0, n).toString('base64') : undefined);
    },
    flush(cb: TransformCallback) { cb(null, carry.length ? carry.toString('base64') : undefined); },
  });
}

/** Decodes Base64 text (whitespace ignored) to bytes, carrying partial 4-character groups between chunks. */
export function base64Decoder(): Transform {
  let carry = '';
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      const text = carry + chunk.toString('latin1').replace(/\s+/g, '');
      const n = text.length - (text.length % 4);
      carry = text.slice(n);
      if (/[^A-Za-z0-9+/=]/.test(text)) return cb(new Error('input is not Base64 (--decode)'));
      cb(null, n ? Buffer.from(text.slice(0, n), 'base64') : undefined);
    },
    flush(cb: TransformCallback) {
      if (carry.length) return cb(new Error('Base64 input ends inside a 4-character group (--decode)'));
      cb();
    },
  });
}
