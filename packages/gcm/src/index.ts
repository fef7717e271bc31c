/**
 * AES-GCM with a 12-byte IV and a 16-byte tag, writing into caller-given buffers: the native addon
 * (build/Release/trent_gcm.node, OpenSSL EVP with the key schedule done once per key) when it was
 * built, otherwise the same API on node:crypto. `native` says which one is in use.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type CipherGCM, type DecipherGCM, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

/** A key handle from {@link gcmKey}; `destroy()` wipes it at once (otherwise the GC does). */
export interface GcmKey { destroy(): void }

/** The operations, implemented twice (native and node:crypto); both throw the same errors. */
export interface GcmImplementation {
  /** Makes a key handle from 16, 24 or 32 key bytes (the caller may zero its copy afterwards). */
  gcmKey(key: Uint8Array): GcmKey;
  /** Writes ciphertext ‖ tag (plaintext length + 16 bytes) into `out` at `outOffset`; returns the bytes written. */
  sealInto(key: GcmKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, outOffset: number): number;
  /** Verifies and writes the plaintext of `ciphertext ‖ tag` into `out` at `outOffset`; returns its length. Throws `ERR_GCM_AUTH` (having zeroed what it wrote) on a bad tag. */
  openInto(key: GcmKey, iv: Uint8Array, aad: Uint8Array, ciphertextWithTag: Uint8Array, out: Uint8Array, outOffset: number): number;
  /** sealInto with key bytes used for this one call (a per-message key): no handle to make and destroy. */
  sealOnce(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, outOffset: number): number;
  /** openInto with key bytes used for this one call. */
  openOnce(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ciphertextWithTag: Uint8Array, out: Uint8Array, outOffset: number): number;
}

/** The `code` of the error thrown when a tag does not verify. */
export const AUTH_FAILED = 'ERR_GCM_AUTH';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

interface Binding {
  key(key: Uint8Array): object;
  destroy(handle: object): void;
  seal(handle: object, iv: Uint8Array, aad: Uint8Array, input: Uint8Array, out: Uint8Array, outOffset: number): number;
  open(handle: object, iv: Uint8Array, aad: Uint8Array, input: Uint8Array, out: Uint8Array, outOffset: number): number;
  sealOnce(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, input: Uint8Array, out: Uint8Array, outOffset: number): number;
  openOnce(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, input: Uint8Array, out: Uint8Array, outOffset: number): number;
}

function loadBinding(): Binding | undefined {
  try { return createRequire(import.meta.url)('../build/Release/trent_gcm.node') as Binding; } catch { return undefined; }
}

class NativeKey implements GcmKey {
  constructor(readonly handle: object, private readonly binding: Binding) {}
  destroy(): void { this.binding.destroy(this.handle); }
}

function nativeImplementation(b: Binding): GcmImplementation {
  const handle = (k: GcmKey) => (k instanceof NativeKey ? k.handle : null) as object;
  return {
    gcmKey: (key) => new NativeKey(b.key(key), b),
    sealInto: (k, iv, aad, pt, out, at) => b.seal(handle(k), iv, aad, pt, out, at),
    openInto: (k, iv, aad, ct, out, at) => b.open(handle(k), iv, aad, ct, out, at),
    sealOnce: (key, iv, aad, pt, out, at) => b.sealOnce(key, iv, aad, pt, out, at),
    openOnce: (key, iv, aad, ct, out, at) => b.openOnce(key, iv, aad, ct, out, at),
  };
}

const error = (Kind: typeof Error, code: string, message: string) => Object.assign(new Kind(message), { code });

class JsKey implements GcmKey {
  key?: KeyObject;
  readonly cipher: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) throw error(TypeError, 'ERR_INVALID_ARG_TYPE', 'key must be a Uint8Array');
    const n = bytes.byteLength;
    if (n !== 16 && n !== 24 && n !== 32) throw error(RangeError, 'ERR_OUT_OF_RANGE', 'key must be 16, 24 or 32 bytes');
    this.cipher = `aes-${n * 8}-gcm` as JsKey['cipher'];
    this.key = createSecretKey(bytes); // a copy in OpenSSL-owned memory, freed once unreachable
  }
  /** Drops the KeyObject: node:crypto offers no way to wipe it sooner. */
  destroy(): void { this.key = undefined; }
}

/** The checks the C code makes, with the same errors. */
function check(k: GcmKey, iv: Uint8Array, aad: Uint8Array, input: Uint8Array, out: Uint8Array, at: number, sealing: boolean): { key: JsKey & { key: KeyObject }; need: number } {
  if (!(k instanceof JsKey)) throw error(TypeError, 'ERR_INVALID_ARG_TYPE', 'key must be a key handle from gcmKey()');
  if (!k.key) throw error(Error, 'ERR_GCM_DESTROYED', 'the GCM key was destroyed');
  for (const [name, v] of [['iv', iv], ['aad', aad], ['input', input], ['out', out]] as const) {
    if (!(v instanceof Uint8Array)) throw error(TypeError, 'ERR_INVALID_ARG_TYPE', `${name} must be a Uint8Array`);
  }
  if (iv.byteLength !== IV_LENGTH) throw error(RangeError, 'ERR_OUT_OF_RANGE', 'iv must be 12 bytes');
  if (aad.byteLength > 0x7fffffff || input.byteLength > 0x7fffffff - TAG_LENGTH) throw error(RangeError, 'ERR_OUT_OF_RANGE', 'aad or input too long');
  if (!sealing && input.byteLength < TAG_LENGTH) throw error(RangeError, 'ERR_OUT_OF_RANGE', 'input must hold at least the 16-byte tag');
  const need = sealing ? input.byteLength + TAG_LENGTH : input.byteLength - TAG_LENGTH;
  if (typeof at !== 'number') throw error(TypeError, 'ERR_INVALID_ARG_TYPE', 'outOffset must be a number');
  if (!Number.isInteger(at) || at < 0 || at > out.byteLength || out.byteLength - at < need) throw error(RangeError, 'ERR_OUT_OF_RANGE', 'outOffset out of range or out too small');
  return { key: k as JsKey & { key: KeyObject }, need };
}

const bytes = (v: Uint8Array) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));

/** node:crypto: a new cipher per call (its key schedule included) — the per-call cost the addon removes. */
export const fallback: GcmImplementation = {
  gcmKey: (key) => new JsKey(key),
  sealInto(k, iv, aad, pt, out, at) {
    const { key, need } = check(k, iv, aad, pt, out, at, true);
    const c = createCipheriv(key.cipher, key.key, iv) as CipherGCM;
    c.setAAD(aad);
    const ct = c.update(bytes(pt));
    out.set(ct, at);
    c.final();
    out.set(c.getAuthTag(), at + ct.length);
    return need;
  },
  openInto(k, iv, aad, input, out, at) {
    const { key, need } = check(k, iv, aad, input, out, at, false);
    const d = createDecipheriv(key.cipher, key.key, iv) as DecipherGCM;
    d.setAAD(aad);
    d.setAuthTag(input.subarray(need));
    const pt = d.update(bytes(input).subarray(0, need));
    try { d.final(); } catch { pt.fill(0); throw error(Error, AUTH_FAILED, 'AES-GCM authentication failed'); }
    out.set(pt, at); // only verified plaintext reaches `out`
    pt.fill(0);
    return need;
  },
  sealOnce(key, iv, aad, pt, out, at) { return fallback.sealInto(new JsKey(key), iv, aad, pt, out, at); },
  openOnce(key, iv, aad, ct, out, at) { return fallback.openInto(new JsKey(key), iv, aad, ct, out, at); },
};

const binding = process.env.TRENT_GCM === 'js' ? undefined : loadBinding();

/** The native implementation when the addon loaded (for tests that compare the two). */
export const nativeGcm: GcmImplementation | undefined = binding && nativeImplementation(binding);
/** True when the native addon is in use. */
export const native: boolean = nativeGcm !== undefined;
const impl = nativeGcm ?? fallback;
export const gcmKey = impl.gcmKey;
export const sealInto = impl.sealInto;
export const openInto = impl.openInto;
export const sealOnce = impl.sealOnce;
export const openOnce = impl.openOnce;
