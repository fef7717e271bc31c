/**
 * Double encryption for keys in an external key store, as AWS KMS does it: the data is first
 * encrypted under the KMS key's own Trent-held material (a v1 blob), and that result is then
 * encrypted by the external key through the XKS proxy (crypto/blob-xks.ts). Decrypting needs both:
 * without the external key nothing opens, whatever Trent holds.
 */
import type { Call, Ctx } from '../context.js';
import { parseBlobHeader, sealBlob } from '../crypto/blob.js';
import { composeXksBlob, xksAad, xksHeader, type XksBlob } from '../crypto/blob-xks.js';
import type { CachedKey } from '../keys/cache.js';
import { failCrypto } from './failures.js';
import { proxyForKey } from './keys.js';
import { xksDecrypt, xksEncrypt } from './proxy.js';
import { viaProxy } from './stores.js';

type Context = Readonly<Record<string, string>> | undefined;

/** Encrypts under the key's material, then under its external key; returns the v3 blob. */
export async function sealDouble(ctx: Ctx, call: Call, key: CachedKey, materialId: string, material: Buffer, plaintext: Buffer, context: Context, operation: string): Promise<Buffer> {
  const { target, xksKeyId, meta } = await proxyForKey(ctx, call, key, operation);
  const header = xksHeader(key.row.id, materialId);
  const inner = sealBlob(key.row.id, materialId, material, plaintext, context);
  const outer = await viaProxy(() => xksEncrypt(target, xksKeyId, meta, inner, xksAad(header, context)), failCrypto);
  return composeXksBlob(header, outer);
}

/**
 * Asks the external key to remove the outer layer and returns the inner v1 blob, which must name
 * the same key and material as the v3 header (the caller opens it with the material).
 */
export async function openOuter(ctx: Ctx, call: Call, key: CachedKey, blob: XksBlob, context: Context, operation: string): Promise<Buffer> {
  const { target, xksKeyId, meta } = await proxyForKey(ctx, call, key, operation);
  const inner = await viaProxy(() => xksDecrypt(target, xksKeyId, meta, blob, xksAad(blob.header, context)), failCrypto);
  // The proxy authenticated the outer layer, so an inner layer that is not this key's v1 blob is its fault.
  let h;
  try { h = parseBlobHeader(inner); } catch { return failCrypto('INVALID_CIPHERTEXT'); }
  if (h.keyId !== blob.keyId || h.materialId !== blob.materialId) failCrypto('INVALID_CIPHERTEXT');
  return inner;
}
