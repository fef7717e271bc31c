/** A bounded LRU cache of materials entries (spec: framework/local-cryptographic-materials-cache.md). */
import type { DecryptionMaterials, EncryptionMaterials } from '../materials.js';

/** One cache entry with its usage counters. */
export interface CacheEntry<M extends EncryptionMaterials | DecryptionMaterials> {
  readonly materials: M;
  readonly createdAt: number;
  messagesEncrypted: number;
  bytesEncrypted: number;
}

/** Least-recently-used cache keyed by the hex cache ID; a Map keeps insertion order, refreshed on each hit. */
export class MaterialsCache {
  private readonly entries = new Map<string, CacheEntry<EncryptionMaterials | DecryptionMaterials>>();
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('cache capacity must be a positive integer');
  }

  get<M extends EncryptionMaterials | DecryptionMaterials>(id: string): CacheEntry<M> | undefined {
    const e = this.entries.get(id);
    if (e) { this.entries.delete(id); this.entries.set(id, e); }
    return e as CacheEntry<M> | undefined;
  }

  put(id: string, entry: CacheEntry<EncryptionMaterials | DecryptionMaterials>): void {
    this.evict(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value!);
  }

  /** Removes an entry and zeroes its data key. */
  evict(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.materials.plaintextDataKey?.fill(0);
    this.entries.delete(id);
  }

  get size(): number { return this.entries.size; }
}
