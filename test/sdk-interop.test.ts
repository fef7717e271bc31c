/** Interoperability with the official @aws-crypto/client-node, both directions: every suite, frame sizes, EDK counts, Unicode EC. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, SUITES, parseHeader, RSA_PADDINGS } from '@trent/sdk';
import { aesPair, multiPair, peerFor, policyFor, rsaPair, UNICODE_EC } from './sdk-peer.js';

const SUITE_IDS = [...SUITES.keys()];
const FRAMES = [1, 128, 4096];
/** Empty, exact multiples of the frame length, and lengths that end in a short final frame. */
const sizesFor = (fl: number) => [0, fl, 3 * fl, 2 * fl + Math.max(1, fl >> 1) - (fl === 1 ? 1 : 0) + 1];

for (const suiteId of SUITE_IDS) {
  test(`suite 0x${suiteId.toString(16).padStart(4, '0')}: Trent → peer and peer → Trent, frame lengths 1/128/4096`, async () => {
    const { ours, theirs } = aesPair();
    const client = peerFor(suiteId);
    for (const frameLength of FRAMES) {
      for (const size of sizesFor(frameLength)) {
        const pt = randomBytes(size);
        const mine = await encrypt(ours, pt, { suite: suiteId, frameLength, encryptionContext: UNICODE_EC, commitmentPolicy: policyFor(suiteId) });
        const back = await client.decrypt(theirs, mine.result);
        assert.deepEqual(Buffer.from(back.plaintext), pt, `peer decrypts Trent, frame ${frameLength}, ${size} bytes`);
        assert.equal(back.messageHeader.encryptionContext['\u{1F600}-smile'], 'emoji');
        const theirsMsg = await client.encrypt(theirs, pt, { suiteId, frameLength, encryptionContext: UNICODE_EC });
        const got = await decrypt(ours, theirsMsg.result, { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' });
        assert.deepEqual(got.plaintext, pt, `Trent decrypts peer, frame ${frameLength}, ${size} bytes`);
        assert.equal(got.messageHeader.suite.id, suiteId);
      }
    }
  });
}

test('exact-multiple plaintext: Trent writes a full final frame, never an extra empty one', async () => {
  const { ours } = aesPair();
  const { result } = await encrypt(ours, randomBytes(256), { frameLength: 128 });
  const { header, length } = parseHeader(result);
  const afterFirstFrame = length + 4 + 12 + 128 + 16;
  assert.equal(result.readUInt32BE(afterFirstFrame), 0xffffffff, 'second frame is the final frame');
  assert.equal(result.readUInt32BE(afterFirstFrame + 4 + 4 + 12), 128, 'final frame is full');
  assert.equal(header.frameLength, 128);
});

for (const bytes of [16, 24, 32] as const) {
  test(`raw AES-${bytes * 8} wrapping keys interoperate both ways`, async () => {
    const { ours, theirs } = aesPair(bytes);
    const pt = randomBytes(5000);
    const a = await encrypt(ours, pt, { encryptionContext: UNICODE_EC });
    assert.deepEqual(Buffer.from((await peerFor(0x0578).decrypt(theirs, a.result)).plaintext), pt);
    const b = await peerFor(0x0578).encrypt(theirs, pt, { encryptionContext: UNICODE_EC });
    assert.deepEqual((await decrypt(ours, b.result)).plaintext, pt);
  });
}

for (const padding of RSA_PADDINGS) {
  test(`raw RSA ${padding} interoperates (peer → Trent always; Trent → peer where Node lets the peer decrypt)`, async () => {
    const { ours, theirs } = rsaPair(padding);
    const pt = randomBytes(300);
    const b = await peerFor(0x0578).encrypt(theirs, pt, { encryptionContext: UNICODE_EC });
    assert.deepEqual((await decrypt(ours, b.result)).plaintext, pt, 'Trent unwraps the peer\'s EDK (PKCS#1 v1.5 without --security-revert)');
    const a = await encrypt(ours, pt, { encryptionContext: UNICODE_EC });
    assert.deepEqual((await decrypt(ours, a.result)).plaintext, pt);
    // Node 20 refuses PKCS#1 v1.5 private decryption in the peer; its OAEP decryption works.
    if (padding !== 'pkcs1') assert.deepEqual(Buffer.from((await peerFor(0x0578).decrypt(theirs, a.result)).plaintext), pt);
  });
}

test('several EDKs (AES-256, AES-128, RSA OAEP-SHA256, RSA PKCS#1): each key alone decrypts, both directions', async () => {
  const parts = [aesPair(32, 'k1'), aesPair(16, 'k2'), rsaPair('oaep-sha256'), rsaPair('pkcs1')];
  const multi = multiPair(parts);
  const pt = randomBytes(10_000);
  for (const [name, suiteId] of [['v1', 0x0378], ['v2', 0x0578]] as const) {
    const mine = await encrypt(multi.ours, pt, { suite: suiteId, commitmentPolicy: policyFor(suiteId), encryptionContext: UNICODE_EC });
    const theirs = await peerFor(suiteId).encrypt(multi.theirs, pt, { suiteId, encryptionContext: UNICODE_EC });
    assert.equal(parseHeader(mine.result).header.encryptedDataKeys.length, 4, `${name}: one EDK per key`);
    for (const [i, p] of parts.entries()) {
      assert.deepEqual((await decrypt(p.ours, theirs.result, { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' })).plaintext, pt, `${name}: key ${i} alone opens the peer's message`);
      if (i < 3) assert.deepEqual(Buffer.from((await peerFor(suiteId).decrypt(p.theirs, mine.result)).plaintext), pt, `${name}: peer key ${i} alone opens Trent's message`);
    }
  }
});
