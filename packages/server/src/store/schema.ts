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
  /** RotateKeyOnDemand calls so far (AWS allows 25 per key). */
  on_demand_rotations: number;
  /** EXTERNAL keys: KEY_MATERIAL_EXPIRES when any associated imported material expires, else KEY_MATERIAL_DOES_NOT_EXPIRE. */
  expiration_model: string | null;
  /** EXTERNAL keys: the earliest ValidTo of the associated imported materials. */
  valid_to: number | null;
  /** Incremented on every change: optimistic concurrency and cache coherence. */
  version: number;
  /** Keys in a custom key store: its id, and (external key stores) the external key's id. */
  custom_key_store_id: string | null;
  xks_key_id: string | null;
  /** Multi-Region keys: the region of the set's primary key (the same on every row of the set); else null. */
  primary_region: string | null;
}

export interface KeyMaterialsTable {
  id: string;
  key_id: string;
  sealed: Buffer;
  origin: string;
  created_at: number;
  /** How this material became current: null for the first, 'AUTOMATIC' or 'ON_DEMAND' after. */
  rotation_type: string | null;
  /** CURRENT, NON_CURRENT or PENDING_ROTATION (imported for an on-demand rotation not yet made). */
  material_state: string;
  /** EXTERNAL: IMPORTED, or PENDING_IMPORT once deleted or expired (then `sealed` is empty); null for AWS_KMS. */
  import_state: string | null;
  /** EXTERNAL: KeyMaterialDescription. */
  description: string | null;
  expiration_model: string | null;
  valid_to: number | null;
  /** When this material became current by rotation (RotationDate); null for the first and pending ones. */
  rotated_at: number | null;
}

export interface ImportParametersTable {
  /** 32 hex characters, also inside the import token. */
  id: string;
  key_id: string;
  wrapping_spec: string;
  algorithm: string;
  /** The wrapping private key (PKCS#8 DER), sealed for ('import_parameters', id, 'private_key'). */
  private_sealed: Buffer;
  created_at: number;
  expires_at: number;
}

export interface AliasesTable {
  account_id: string; region: string; name: string; key_id: string; created_at: number; updated_at: number;
}

export interface TagsTable { key_id: string; tag_key: string; tag_value: string }

export interface KeyringTable { id: number; provider: string; wrapped: Buffer; updated_at: number }

export interface MetaTable { name: string; value: string }

export interface InlinePolicyRow { name: string; document: string }
export interface UserPoliciesTable extends InlinePolicyRow { user_id: string }
export interface GroupPoliciesTable extends InlinePolicyRow { group_id: string }
export interface RolePoliciesTable extends InlinePolicyRow { role_id: string }

export interface GroupsTable { id: string; account_id: string; name: string; path: string; arn: string; created_at: number }

export interface GroupMembersTable { group_id: string; user_id: string }

export interface RolesTable {
  id: string; account_id: string; name: string; path: string; arn: string; trust_policy: string;
  description: string; max_session_seconds: number; created_at: number;
}

export interface IamTagsTable { owner_id: string; tag_key: string; tag_value: string }

export interface SessionsTable {
  access_key_id: string; account_id: string; role_id: string; session_name: string;
  secret_sealed: Buffer; token_hash: string; expires_at: number; created_at: number;
}

export interface GrantsTable {
  id: string; key_id: string; name: string | null; grantee_principal: string; retiring_principal: string | null;
  issuing_account: string; operations: string; constraints: string | null; created_at: number;
}

/** A custom key store (external key store: proxy endpoint and sealed SigV4 credential). */
export interface CustomKeyStoresTable {
  id: string; account_id: string; region: string; name: string; store_type: string;
  connection_state: string; connection_error_code: string | null;
  xks_uri_endpoint: string; xks_uri_path: string; xks_connectivity: string;
  xks_access_key_id: string; xks_secret_sealed: Buffer; created_at: number; version: number;
}

/** The whole database. */
export interface AuditChainsTable { id: string; node: string; started_at: number; pruned_through: number }

export interface AuditEventsTable {
  chain_id: string; seq: number; event_id: string; event_time: number; account_id: string; event_name: string;
  event_source: string; read_only: number; username: string | null; access_key_id: string | null;
  /** JSON array of {"type","name"} (CloudTrail's Resources). */
  resources: string;
  error_code: string | null;
  /** The CloudTrail record exactly as hashed. */
  record: string;
  prev_hash: string; hash: string;
}

export interface AuditDigestsTable {
  chain_id: string; seq: number; created_at: number; document: string; signing_key_id: string; signature: string;
}

export interface AuditSigningKeysTable {
  id: string; algorithm: string; public_key: string; private_sealed: Buffer; created_at: number;
}

export interface Database {
  accounts: AccountsTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  keys: KeysTable;
  key_materials: KeyMaterialsTable;
  import_parameters: ImportParametersTable;
  aliases: AliasesTable;
  tags: TagsTable;
  keyring: KeyringTable;
  meta: MetaTable;
  user_policies: UserPoliciesTable;
  group_policies: GroupPoliciesTable;
  role_policies: RolePoliciesTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  iam_tags: IamTagsTable;
  sessions: SessionsTable;
  grants: GrantsTable;
  audit_chains: AuditChainsTable;
  audit_events: AuditEventsTable;
  audit_digests: AuditDigestsTable;
  audit_signing_keys: AuditSigningKeysTable;
  custom_key_stores: CustomKeyStoresTable;
}
