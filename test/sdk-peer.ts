/** Shared fixtures for the SDK whole-system tests: matching key material for Trent's SDK and the official @aws-crypto/client-node. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as peer from '@aws-crypto/client-node';
import { MultiKeyring, RawAesKeyring, RawRsaKeyring, type Keyring, type RsaPadding } from '@trent/sdk';

/** One RSA key pair, generated once per test process (2048-bit keygen is slow-ish). */
export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

/** An encryption context whose keys sort differently by UTF-16 code units and by UTF-8 bytes. */
export const UNICODE_EC = { a: 'b', Upper: 'x', '\u{1F600}-smile': 'emoji', '\uE000-private': 'pua \u00e9', 'ключ': 'значение' };

const AES_SUITES = {
  16: peer.RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: peer.RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: peer.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
} as const;

/** A raw AES key as both SDKs' keyrings (the peer with utf8Sorting, as the format requires). */
export function aesPair(bytes: 16 | 24 | 32 = 32, keyName = `aes-${bytes * 8}`) {
  const key = randomBytes(bytes);
  const ours = new RawAesKeyring({ keyNamespace: 'trent-test', keyName, wrappingKey: key });
  const theirs = new peer.RawAesKeyringNode({ keyNamespace: 'trent-test', keyName, unencryptedMasterKey: new Uint8Array(key), wrappingSuite: AES_SUITES[bytes], utf8Sorting: true });
  return { ours, theirs };
}

const PEER_PADDING: Record<RsaPadding, { padding: number; oaepHash?: 'sha1' | 'sha256' | 'sha384' | 'sha512' }> = {
  'pkcs1': { padding: 1 },
  'oaep-sha1': { padding: 4, oaepHash: 'sha1' },
  'oaep-sha256': { padding: 4, oaepHash: 'sha256' },
  'oaep-sha384': { padding: 4, oaepHash: 'sha384' },
  'oaep-sha512': { padding: 4, oaepHash: 'sha512' },
};

/** The shared RSA key with one padding, as both SDKs' keyrings. */
export function rsaPair(padding: RsaPadding) {
  const keyName = `rsa-${padding}`;
  const ours = new RawRsaKeyring({ keyNamespace: 'trent-test', keyName, padding, privateKey: rsa.privateKey, publicKey: rsa.publicKey });
  const p = PEER_PADDING[padding];
  const theirs = new peer.RawRsaKeyringNode({ keyNamespace: 'trent-test', keyName, rsaKey: { publicKey: rsa.publicKey, privateKey: rsa.privateKey }, padding: p.padding, oaepHash: p.oaepHash });
  return { ours, theirs };
}

/** Several keys as one multi-keyring on each side (one EDK per key). */
export function multiPair(pairs: { ours: Keyring; theirs: peer.KeyringNode }[]) {
  const [g, ...rest] = pairs;
  return {
    ours: new MultiKeyring({ generator: g!.ours, children: rest.map((p) => p.ours) }),
    theirs: new peer.MultiKeyringNode({ generator: g!.theirs, children: rest.map((p) => p.theirs) }),
  };
}

/** Peer clients per commitment policy. */
export const peerClient = {
  forbid: peer.buildClient(peer.CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT),
  requireAllow: peer.buildClient(peer.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT),
};

/** The policy each side must use to encrypt a suite (committing suites need REQUIRE_…). */
export const policyFor = (suiteId: number) => (suiteId >= 0x0478 ? 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' as const : 'FORBID_ENCRYPT_ALLOW_DECRYPT' as const);
export const peerFor = (suiteId: number) => (suiteId >= 0x0478 ? peerClient.requireAllow : peerClient.forbid);
