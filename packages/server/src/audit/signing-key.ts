/**
 * The audit signing key: one ECDSA P-256 key pair per deployment (more after a rotation), the
 * private half sealed under the keyring like every secret, the public half published at
 * `GET /audit/public-keys` and in every export. Digests are signed with ECDSA_SHA_256 over the exact
 * UTF-8 bytes of the digest document; the signature is DER (RFC 3279), base64 (docs/audit.md).
 */
import type { ServerResponse } from 'node:http';
import { publicKeyDer, generatePkcs8 } from '../crypto/asym-keys.js';
import { ecdsaVerifyMessage } from '../crypto/curves.js';
import { parseEcPublicKey } from '../crypto/ecdh.js';
import { signMessage } from '../crypto/signing.js';
import type { Keyring } from '../root/keyring.js';
import type { AuditSigningKeyRow } from '../store/audit-integrity-repo.js';
import { DuplicateError, type Store } from '../store/store.js';

/** The signing algorithm of every audit digest (KMS's name for ECDSA with SHA-256). */
export const AUDIT_SIGNING_ALGORITHM = 'ECDSA_SHA_256';
const KEY_SPEC = 'ECC_NIST_P256';
const ID_PREFIX = 'audit-signing-key-';

/** A published audit public key, as `GET /audit/public-keys` and exports show it. */
export interface AuditPublicKey { id: string; algorithm: string; publicKeyPem: string; createdAt: string }

/** Signs digest documents with the deployment's current audit signing key. */
export interface AuditSigner { keyId: string; algorithm: string; sign(document: string): string }

/** PEM SubjectPublicKeyInfo of a DER one. */
export function spkiPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** The DER inside each PEM block of `text` (one file may hold several public keys). */
function pemBlocks(text: string): Buffer[] {
  const re = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/g;
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Each public key of a PEM file given to pin verification; throws when there is none. */
export function pinnedKeys(pemText: string): string[] {
  const keys = pemBlocks(pemText).map(spkiPem);
  if (!keys.length) throw new Error('the --public-key file holds no PEM public key');
  return keys;
}

/** The number of a key id (`audit-signing-key-<n>`), 0 for anything else. */
function generation(id: string): number {
  return id.startsWith(ID_PREFIX) ? Number(id.slice(ID_PREFIX.length)) || 0 : 0;
}

/** Makes key `audit-signing-key-<n>`; when another node made it first, that one stands. */
async function createKey(store: Store, keyring: Keyring, n: number): Promise<void> {
  const id = `${ID_PREFIX}${n}`;
  const der = await generatePkcs8(KEY_SPEC);
  try {
    const row = { id, algorithm: AUDIT_SIGNING_ALGORITHM, public_key: spkiPem(publicKeyDer(KEY_SPEC, der)), private_sealed: keyring.seal('audit_signing_keys', id, 'private_sealed', der), created_at: Date.now() };
    await store.auditIntegrity.insertSigningKey(row);
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
  } finally { der.fill(0); }
}

/** The newest key row (highest generation). */
function newest(rows: AuditSigningKeyRow[]): AuditSigningKeyRow | undefined {
  return rows.reduce<AuditSigningKeyRow | undefined>((a, r) => (!a || generation(r.id) > generation(a.id) ? r : a), undefined);
}

/** The current signer, creating the deployment's first key when there is none (race-safe across nodes). */
export async function loadSigner(store: Store, keyring: Keyring): Promise<AuditSigner> {
  let row = newest(await store.auditIntegrity.signingKeys());
  if (!row) {
    await createKey(store, keyring, 1);
    row = newest(await store.auditIntegrity.signingKeys())!;
  }
  const der = keyring.unseal('audit_signing_keys', row.id, 'private_sealed', row.private_sealed);
  const keyId = row.id;
  return { keyId, algorithm: row.algorithm, sign: (document) => signMessage(KEY_SPEC, der, AUDIT_SIGNING_ALGORITHM, Buffer.from(document, 'utf8'), 'RAW').toString('base64') };
}

/** Adds a new signing key; digests written from then on (after each process reloads its signer) use it. */
export async function rotateSigningKey(store: Store, keyring: Keyring): Promise<string> {
  const current = newest(await store.auditIntegrity.signingKeys());
  const n = (current ? generation(current.id) : 0) + 1;
  await createKey(store, keyring, n);
  return `${ID_PREFIX}${n}`;
}

/** Every audit public key, oldest first. */
export async function publicKeys(store: Store): Promise<AuditPublicKey[]> {
  return (await store.auditIntegrity.signingKeys()).map((r) => ({ id: r.id, algorithm: r.algorithm, publicKeyPem: r.public_key, createdAt: new Date(r.created_at).toISOString() }));
}

/** True when `signature` (base64 DER) is a valid ECDSA_SHA_256 signature of `document` under the PEM key. */
export function verifySignature(publicKeyPem: string, document: string, signature: string): boolean {
  const der = pemBlocks(publicKeyPem)[0];
  const key = der && parseEcPublicKey(der);
  return !!key && ecdsaVerifyMessage(key.key, 'sha256', Buffer.from(document, 'utf8'), Buffer.from(signature, 'base64'));
}

/** `GET /audit/public-keys`: unauthenticated, like /health. */
export async function servePublicKeys(store: Store, res: ServerResponse): Promise<void> {
  const body = JSON.stringify(await publicKeys(store));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
