/** IAM users, groups, roles, their inline policies and tags, access keys and STS sessions. */
import type { Selectable } from 'kysely';
import type { GroupsTable, RolesTable, SessionsTable } from './schema.js';
import type { AccessKeyRow, Db, Guard, UserRow } from './store.js';

export type GroupRow = Selectable<GroupsTable>;
export type RoleRow = Selectable<RolesTable>;
export type SessionRow = Selectable<SessionsTable>;
type PolicyTable = 'user_policies' | 'group_policies' | 'role_policies';
const OWNER: Record<PolicyTable, 'user_id' | 'group_id' | 'role_id'> = { user_policies: 'user_id', group_policies: 'group_id', role_policies: 'role_id' };

/** Identity rows; obtained from `store.iam`. */
export class IamRepo {
  constructor(private readonly db: Db, private readonly guard: Guard) {}

  userByName(accountId: string, name: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
  }
  listUsers(accountId: string): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
  }
  async deleteUser(id: string): Promise<void> {
    await this.db.deleteFrom('user_policies').where('user_id', '=', id).execute();
    await this.db.deleteFrom('group_members').where('user_id', '=', id).execute();
    await this.db.deleteFrom('iam_tags').where('owner_id', '=', id).execute();
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }
  listAccessKeys(userId: string): Promise<AccessKeyRow[]> {
    return this.db.selectFrom('access_keys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }
  async setAccessKeyStatus(id: string, status: string): Promise<boolean> {
    return Number((await this.db.updateTable('access_keys').set({ status }).where('id', '=', id).executeTakeFirst()).numUpdatedRows) === 1;
  }
  async deleteAccessKey(id: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('access_keys').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;
  }

  // ── inline policies ────────────────────────────────────────────────
  async putPolicy(table: PolicyTable, ownerId: string, name: string, document: string): Promise<void> {
    const col = OWNER[table];
    await this.db.deleteFrom(table).where(col, '=', ownerId).where('name', '=', name).execute();
    await this.db.insertInto(table).values({ [col]: ownerId, name, document } as never).execute();
  }
  async getPolicy(table: PolicyTable, ownerId: string, name: string): Promise<string | undefined> {
    const r = await this.db.selectFrom(table).select('document').where(OWNER[table], '=', ownerId).where('name', '=', name).executeTakeFirst();
    return r?.document;
  }
  async listPolicies(table: PolicyTable, ownerId: string): Promise<{ name: string; document: string }[]> {
    return this.db.selectFrom(table).select(['name', 'document']).where(OWNER[table], '=', ownerId).orderBy('name').execute();
  }
  async deletePolicy(table: PolicyTable, ownerId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom(table).where(OWNER[table], '=', ownerId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  // ── groups ─────────────────────────────────────────────────────────
  async insertGroup(g: GroupRow): Promise<void> { await this.guard(this.db.insertInto('groups').values(g).execute()); }
  groupByName(accountId: string, name: string): Promise<GroupRow | undefined> {
    return this.db.selectFrom('groups').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
  }
  async addMember(groupId: string, userId: string): Promise<void> {
    await this.db.insertInto('group_members').values({ group_id: groupId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
  }
  async removeMember(groupId: string, userId: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst()).numDeletedRows) === 1;
  }
  async groupsOfUser(userId: string): Promise<GroupRow[]> {
    return this.db.selectFrom('groups').innerJoin('group_members', 'group_members.group_id', 'groups.id')
      .selectAll('groups').where('group_members.user_id', '=', userId).orderBy('groups.name').execute();
  }

  // ── roles, tags, sessions ──────────────────────────────────────────
  async insertRole(r: RoleRow): Promise<void> { await this.guard(this.db.insertInto('roles').values(r).execute()); }
  roleByName(accountId: string, name: string): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
  }
  roleById(id: string): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  }
  async deleteRole(id: string): Promise<void> {
    await this.db.deleteFrom('role_policies').where('role_id', '=', id).execute();
    await this.db.deleteFrom('iam_tags').where('owner_id', '=', id).execute();
    await this.db.deleteFrom('sessions').where('role_id', '=', id).execute();
    await this.db.deleteFrom('roles').where('id', '=', id).execute();
  }
  async putTags(ownerId: string, tags: readonly { key: string; value: string }[]): Promise<void> {
    for (const t of tags) {
      await this.db.insertInto('iam_tags').values({ owner_id: ownerId, tag_key: t.key, tag_value: t.value })
        .onConflict((oc) => oc.columns(['owner_id', 'tag_key']).doUpdateSet({ tag_value: t.value })).execute();
    }
  }
  async tagsOf(ownerId: string): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('iam_tags').select(['tag_key', 'tag_value']).where('owner_id', '=', ownerId).orderBy('tag_key').execute();
    return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
  }
  async insertSession(s: SessionRow): Promise<void> { await this.guard(this.db.insertInto('sessions').values(s).execute()); }
  session(accessKeyId: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
  }
}
