/**
 * Non-framed (content type 1) messages: writers must not produce them any more, readers must still
 * read them. The test builds them from the format pieces, checks the official SDK reads the result,
 * then that Trent reads it and rejects every alteration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createSign, randomBytes } from 'node:crypto';
import { decrypt, decryptStream, DefaultMaterialsManager, SdkError, suiteById, type Keyring } from '@trent/sdk';
import { gcmKey } from '@trent/gcm';
import { ByteWriter } from '@trent/sdk/dist/format/bytes.js';
import { serializeContext } from '@trent/sdk/dist/format/context.js';
import { bodyAad, headerTag, sequenceIv, SINGLE_BLOCK_STRING } from '@trent/sdk/dist/format/aead.js';
import { deriveKeys } from '@trent/sdk/dist/format/kdf.js';
import { footerBytes } from '@trent/sdk/dist/format/signature.js';
import { aesPair, peerFor } from './sdk-peer.js';

/** Writes a non-framed message exactly as ESDK-FORMAT §2 and §4 describe. */
async function nonFramed(keyring: Keyring, pt: Buffer, suiteId: number): Promise<Buffer> {
  const suite = suiteById(suiteId);
  const policy = suite.committing ? 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' : 'FORBID_ENCRYPT_ALLOW_DECRYPT';
  const m = await new DefaultMaterialsManager(keyring).getEncryptionMaterials({ encryptionContext: { mode: 'non-framed' }, commitmentPolicy: policy, suite });
  const messageId = randomBytes(suite.messageFormat === 1 ? 16 : 32);
  const { key, commitKey } = deriveKeys(suite, m.plaintextDataKey!, messageId);
  const w = new ByteWriter().u8(suite.messageFormat);
  if (suite.messageFormat === 1) w.u8(0x80);
  w.u16(suite.id).raw(messageId).lv16(serializeContext(m.encryptionContext), 'ec').u16(m.encryptedDataKeys.length);
  for (const k of m.encryptedDataKeys) w.lv16(Buffer.from(k.providerId), 'id').lv16(k.providerInfo, 'info').lv16(k.ciphertext, 'edk');
  w.u8(1);
  if (suite.messageFormat === 1) w.raw(Buffer.alloc(4)).u8(12);
  w.u32(0);
  if (commitKey) w.raw(commitKey);
  const body = w.bytes();
  const iv0 = Buffer.alloc(12);
  const tag = headerTag(gcmKey(key), iv0, [body]);
  const c = createCipheriv(suite.cipher, key, sequenceIv(1), { authTagLength: 16 });
  c.setAAD(bodyAad(messageId, SINGLE_BLOCK_STRING, 1, pt.length));
  const ct = Buffer.concat([c.update(pt), c.final()]);
  const len = Buffer.alloc(8); len.writeBigUInt64BE(BigInt(pt.length));
  const msg = Buffer.concat([body, suite.messageFormat === 1 ? iv0 : Buffer.alloc(0), tag, sequenceIv(1), len, ct, c.getAuthTag()]);
  if (!suite.signature) return msg;
  const sig = createSign(suite.signature.hash).update(msg).sign({ key: m.signingKey!, dsaEncoding: 'der' });
  return Buffer.concat([msg, footerBytes(sig)]);
}

for (const suiteId of [0x0014, 0x0178, 0x0378, 0x0478, 0x0578]) {
  test(`non-framed 0x${suiteId.toString(16).padStart(4, '0')}: read by the peer and by Trent; alterations rejected`, async () => {
    const { ours, theirs } = aesPair();
    const pt = randomBytes(100);
    const msg = await nonFramed(ours, pt, suiteId);
    assert.deepEqual(Buffer.from((await peerFor(suiteId).decrypt(theirs, msg)).plaintext), pt, 'the official SDK accepts the built message');
    const opts = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' } as const;
    const got = await decrypt(ours, msg, opts);
    assert.deepEqual(got.plaintext, pt);
    assert.equal(got.messageHeader.contentType, 1);
    for (let i = 0; i < msg.length; i += 3) {
      const bad = Buffer.from(msg); bad[i]! ^= 0x80;
      await assert.rejects(decrypt(ours, bad, opts), SdkError, `flip at ${i}`);
    }
    for (const n of [msg.length - 1, msg.length - 17, msg.length - 60]) await assert.rejects(decrypt(ours, msg.subarray(0, n), opts), SdkError, `cut to ${n}`);
    const s = decryptStream(ours, { ...opts, maxNonFramedLength: 99 });
    s.end(msg);
    await assert.rejects(new Promise((res, rej) => s.on('data', () => undefined).on('end', res).on('error', rej)), /exceeds the 99-byte limit/);
  });
}
