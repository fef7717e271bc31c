/** Identities and authorization: IAM groups, roles, inline policies, tags, STS sessions and KMS grants. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects.js';

/** Builds the IAM, STS and grant tables. */
export async function up(db: Kysely<unknown>, d: Dialect): Promise<void> {
  const policyTable = (name: string, owner: string) => db.schema.createTable(name)
    .addColumn(owner, 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, [owner, 'name'])
    .execute();
  await policyTable('user_policies', 'user_id');
  await policyTable('group_policies', 'group_id');
  await policyTable('role_policies', 'role_id');
  await db.schema.createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addUniqueConstraint('groups_account_name', ['account_id', 'name'])
    .execute();
  await db.schema.createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('max_session_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .addUniqueConstraint('roles_account_name', ['account_id', 'name'])
    .execute();
  await db.schema.createTable('iam_tags')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_tags_pk', ['owner_id', 'tag_key'])
    .execute();
  await db.schema.createTable('sessions')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('session_name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', d.bytes, (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', d.time, (c) => c.notNull())
    .addColumn('created_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().references('keys.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('grantee_principal', 'text', (c) => c.notNull())
    .addColumn('retiring_principal', 'text')
    .addColumn('issuing_account', 'text', (c) => c.notNull())
    .addColumn('operations', 'text', (c) => c.notNull())
    .addColumn('constraints', 'text')
    .addColumn('created_at', d.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grants_by_key').on('grants').columns(['key_id', 'created_at']).execute();
  await db.schema.createIndex('grants_by_retiring').on('grants').column('retiring_principal').execute();
}
