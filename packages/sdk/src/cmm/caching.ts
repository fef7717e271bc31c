/** Caching materials manager: reuses data keys within age, message and byte limits (spec: framework/caching-cmm.md). */
import { createHash, randomUUID } from 'node:crypto';
import { SdkError } from '../errors.js';
import { serializeContext } from '../format/context.js';
import type { EncryptedDataKey } from '../format/header.js';
import { isMaterialsManager, type DecryptionMaterials, type DecryptionRequest, type EncryptionMaterials, type EncryptionRequest, type Keyring, type MaterialsManager } from '../materials.js';
import { MaterialsCache, type CacheEntry } from './cache.js';
import { DefaultMaterialsManager } from './default.js';

/** Options of {@link CachingMaterialsManager}; limits as in the official SDKs. */
export interface CachingOptions {
  source: Keyring | MaterialsManager;
  cache: MaterialsCache;
  /** Seconds an entry may be used. */
  maxAge: number;
  /** Messages per data key (default 2^32). */
  maxMessagesEncrypted?: number;
  /** Plaintext bytes per data key (default 2^53 − 1). */
  maxBytesEncrypted?: number;
  /** Separates CMMs sharing one cache (default random). */
  partitionId?: string;
}

const sha512 = (...parts: Buffer[]) => { const h = createHash('sha512'); for (const p of parts) h.update(p); return h.digest(); };
const suiteBytes = (id: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(id); return b; };

/** A CMM in front of another CMM (or keyring) that caches materials. */
export class CachingMaterialsManager implements MaterialsManager {
  private readonly inner: MaterialsManager;
  private readonly o: Required<Omit<CachingOptions, 'source'>>;
  private readonly partition: Buffer;

  constructor(opts: CachingOptions) {
    if (!(opts.maxAge > 0)) throw new SdkError('BadInput', 'caching maxAge must be positive');
    this.inner = isMaterialsManager(opts.source) ? opts.source : new DefaultMaterialsManager(opts.source);
    this.o = { cache: opts.cache, maxAge: opts.maxAge, maxMessagesEncrypted: opts.maxMessagesEncrypted ?? 2 ** 32, maxBytesEncrypted: opts.maxBytesEncrypted ?? Number.MAX_SAFE_INTEGER, partitionId: opts.partitionId ?? randomUUID() };
    if (this.o.maxMessagesEncrypted < 1 || this.o.maxMessagesEncrypted > 2 ** 32) throw new SdkError('BadInput', 'maxMessagesEncrypted must be 1..2^32');
    this.partition = sha512(Buffer.from(this.o.partitionId, 'utf8'));
  }

  /** Serves from the cache when the entry is fresh and this message keeps it within its limits. */
  async getEncryptionMaterials(req: EncryptionRequest): Promise<EncryptionMaterials> {
    const len = req.plaintextLength;
    // spec: caching-cmm.md — identity-KDF suites are never cached; without a length the byte limit cannot hold
    if (req.suite?.kdf === 'identity' || len === undefined || len > this.o.maxBytesEncrypted) return this.inner.getEncryptionMaterials(req);
    const id = sha512(this.partition, req.suite ? Buffer.concat([Buffer.of(1), suiteBytes(req.suite.id)]) : Buffer.of(0), sha512(serializeContext(req.encryptionContext))).toString('hex');
    const hit = this.o.cache.get<EncryptionMaterials>(id);
    if (hit && this.usable(hit, len)) {
      hit.messagesEncrypted++; hit.bytesEncrypted += len;
      return copy(hit.materials);
    }
    if (hit) this.o.cache.evict(id);
    const m = await this.inner.getEncryptionMaterials(req);
    if (m.suite.kdf !== 'identity' && (req.maxEncryptedDataKeys === undefined || m.encryptedDataKeys.length <= req.maxEncryptedDataKeys)) {
      this.o.cache.put(id, { materials: copy(m), createdAt: Date.now(), messagesEncrypted: 1, bytesEncrypted: len });
    }
    return m;
  }

  /** Serves decryption materials for the same suite, EDKs and EC while the entry is fresh. */
  async decryptMaterials(req: DecryptionRequest): Promise<DecryptionMaterials> {
    if (req.suite.kdf === 'identity') return this.inner.decryptMaterials(req);
    const edks = req.encryptedDataKeys.map(edkDigest).sort(Buffer.compare);
    const id = sha512(this.partition, suiteBytes(req.suite.id), ...edks, Buffer.alloc(64), sha512(serializeContext(req.encryptionContext))).toString('hex');
    const hit = this.o.cache.get<DecryptionMaterials>(id);
    if (hit && Date.now() - hit.createdAt <= this.o.maxAge * 1000) return copy(hit.materials);
    if (hit) this.o.cache.evict(id);
    const m = await this.inner.decryptMaterials(req);
    this.o.cache.put(id, { materials: copy(m), createdAt: Date.now(), messagesEncrypted: 0, bytesEncrypted: 0 });
    return m;
  }

  private usable(e: CacheEntry<EncryptionMaterials>, len: number): boolean {
    return Date.now() - e.createdAt <= this.o.maxAge * 1000
      && e.messagesEncrypted + 1 <= this.o.maxMessagesEncrypted
      && e.bytesEncrypted + len <= this.o.maxBytesEncrypted;
  }
}

/** Digest of one serialized EDK, for the order-independent decrypt cache ID. */
function edkDigest(k: EncryptedDataKey): Buffer {
  const lv = (b: Buffer) => { const l = Buffer.alloc(2); l.writeUInt16BE(b.length); return [l, b]; };
  return sha512(...lv(Buffer.from(k.providerId, 'utf8')), ...lv(k.providerInfo), ...lv(k.ciphertext));
}

/** A copy whose data key the message code may zero without touching the cached one. */
function copy<M extends EncryptionMaterials | DecryptionMaterials>(m: M): M {
  return { ...m, plaintextDataKey: m.plaintextDataKey && Buffer.from(m.plaintextDataKey) };
}
