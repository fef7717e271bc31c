/**
 * In-memory cache of keys (metadata and unsealed material) and alias targets, so hot paths never
 * wait on the store. Entries are dropped by invalidation (every state change publishes one) and
 * live at most `ttlMs` as a fallback. A generation counter stops a slow load from re-inserting
 * data that an invalidation made stale while it ran.
 */
import { observeCache } from '../metrics.js';
import type { Keyring } from '../root/keyring.js';
import type { KeyRow, Store } from '../store/store.js';
import type { GrantRow } from '../store/grant-repo.js';
import { unsealMaterial } from './materials.js';

/** A key as the hot path needs it. */
export interface CachedKey {
  row: KeyRow;
  /** Unsealed material by material id (hex). */
  materials: Map<string, Buffer>;
  /** Alias names pointing at the key (kms:ResourceAliases). */
  aliases: string[];
  /** Tags (aws:ResourceTag/*). */
  tags: Record<string, string>;
  grants: GrantRow[];
  loadedAt: number;
}

export class KeyCache {
  private readonly keys = new Map<string, CachedKey>();
  private readonly aliases = new Map<string, { keyId: string | undefined; loadedAt: number }>();
  /** Loads in flight, by key id: requests that miss meanwhile wait for the same load (single flight). */
  private readonly loading = new Map<string, { gen: number; entry: Promise<CachedKey | undefined> }>();
  private generation = 0;

  /** `ttlMs` may change at run time (shortened while cross-node invalidation is unavailable). */
  constructor(private readonly store: Store, readonly keyring: Keyring, public ttlMs = 60_000) {}

  /** The key with this id, or undefined when it does not exist. */
  async get(keyId: string): Promise<CachedKey | undefined> {
    const hit = this.keys.get(keyId);
    const fresh = hit !== undefined && Date.now() - hit.loadedAt < this.ttlMs;
    if (fresh) { observeCache('hit'); return hit; }
    // Join a load begun since the last invalidation; one begun before it may return what was changed.
    const inFlight = this.loading.get(keyId);
    if (inFlight && inFlight.gen === this.generation) { observeCache('joined'); return inFlight.entry; }
    observeCache('miss');
    const gen = this.generation;
    const entry = this.load(keyId, gen);
    this.loading.set(keyId, { gen, entry });
    try { return await entry; } finally { if (this.loading.get(keyId)?.entry === entry) this.loading.delete(keyId); }
  }

  /** Reads a key with its materials, aliases, tags and grants; cached unless invalidated meanwhile. */
  private async load(keyId: string, gen: number): Promise<CachedKey | undefined> {
    const row = await this.store.getKey(keyId);
    if (!row) return undefined;
    const materials = new Map<string, Buffer>();
    for (const m of await this.store.listMaterials(keyId)) {
      if (m.import_state === 'PENDING_IMPORT') continue; // deleted or expired imported material: nothing to open
      materials.set(m.id, unsealMaterial(this, keyId, m.id, m.sealed));
    }
    const aliases = (await this.store.listAliases(row.account_id, row.region, keyId, undefined, 10_000)).map((a) => a.name);
    const tags = Object.fromEntries((await this.store.listTags(keyId)).map((t) => [t.tag_key, t.tag_value]));
    const grants = await this.store.grants.ofKey(keyId);
    const entry = { row, materials, aliases, tags, grants, loadedAt: Date.now() };
    if (gen === this.generation) this.keys.set(keyId, entry);
    return entry;
  }

  /** The key id an alias names, or undefined. */
  async alias(accountId: string, region: string, name: string): Promise<string | undefined> {
    const k = `${accountId}/${region}/${name}`;
    const hit = this.aliases.get(k);
    if (hit && Date.now() - hit.loadedAt < this.ttlMs) return hit.keyId;
    const gen = this.generation;
    const row = await this.store.getAlias(accountId, region, name);
    if (gen === this.generation) this.aliases.set(k, { keyId: row?.key_id, loadedAt: Date.now() });
    return row?.key_id;
  }

  /** Forgets one key (and every alias, which may point at it). */
  invalidateKey(keyId: string): void {
    this.generation++;
    this.dropKey(keyId);
    this.aliases.clear();
  }

  /** Forgets everything. */
  clear(): void {
    this.generation++;
    for (const id of [...this.keys.keys()]) this.dropKey(id);
    this.aliases.clear();
  }

  private dropKey(keyId: string): void {
    // Material is not zeroed here: a request already holding the entry may still be using it.
    this.keys.delete(keyId);
  }
}
