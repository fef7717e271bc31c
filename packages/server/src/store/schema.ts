/** Row types of every table, as Kysely sees them. Times are epoch milliseconds; flags are 0/1. */

export interface AccountsTable { id: string; created_at: number }

export interface UsersTable {
  id: string; account_id: string; name: string; path: string; arn: string; created_at: number;
}

export interface AccessKeysTable {
  id: string; account_id: string; user_id: string; secret_sealed: Buffer; status: string; created_at: number;
}

export interface KeysTable {
  id: string;
  account_id: string;
  region: string;
  arn: string;
  description: string;
  key_spec: string;
  key_usage: string;
  origin: string;
  state: string;
  created_at: number;
  deletion_date: number | null;
  pending_window_days: number | null;
  policy: string;
  multi_region: number;
  current_material_id: string | null;
  rotation_period_days: number | null;
  next_rotation_at: number | null;
  /** Incremented on every change: optimistic concurrency and cache coherence. */
  version: number;
}

export interface KeyMaterialsTable {
  id: string;
  key_id: string;
  sealed: Buffer;
  origin: string;
  created_at: number;
  /** How this material became current: null for the first, 'AUTOMATIC' or 'ON_DEMAND' after. */
  rotation_type: string | null;
}

export interface AliasesTable {
  account_id: string; region: string; name: string; key_id: string; created_at: number; updated_at: number;
}

export interface TagsTable { key_id: string; tag_key: string; tag_value: string }

export interface KeyringTable { id: number; provider: string; wrapped: Buffer; updated_at: number }

export interface MetaTable { name: string; value: string }

/** The whole database. */
export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  keys: KeysTable;
  key_materials: KeyMaterialsTable;
  aliases: AliasesTable;
  tags: TagsTable;
  keyring: KeyringTable;
  meta: MetaTable;
}
