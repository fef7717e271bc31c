/**
 * Multi-Region keys: their ids (`mrk-` + 32 hex), the store row of a key in one region, and the
 * MultiRegionConfiguration KeyMetadata shows. A set shares its key id, key spec, usage, origin,
 * materials and rotation schedule; policy, description, tags, aliases, grants and state are per region.
 */
import { random } from '../crypto/random.js';
import type { KeyRow } from '../store/store.js';
import { keyArn } from './arn.js';

const MRK_ID = /^mrk-[0-9a-f]{32}$/;

/** Key fields every key of a set shares: a change to one is made to all in the same transaction. */
export const SHARED_FIELDS = ['primary_region', 'current_material_id', 'rotation_period_days', 'next_rotation_at', 'on_demand_rotations'] as const;

/** True for a multi-Region key id. */
export function isMultiRegionId(keyId: string): boolean {
  return MRK_ID.test(keyId);
}

/** A new multi-Region key id. */
export function newMultiRegionId(): string {
  return `mrk-${random(16).toString('hex')}`;
}

/** The store row id of key `keyId` in `region`: a multi-Region key has one row per region. */
export function rowIdOf(keyId: string, region: string): string {
  return isMultiRegionId(keyId) ? `${keyId}/${region}` : keyId;
}

/** The KeyId a key row (or row id) shows. */
export function keyIdOf(row: KeyRow | string): string {
  const id = typeof row === 'string' ? row : row.id;
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/** PRIMARY or REPLICA for a multi-Region key row; undefined for a single-Region key. */
export function multiRegionKeyType(row: KeyRow): 'PRIMARY' | 'REPLICA' | undefined {
  if (row.primary_region === null) return undefined;
  return row.primary_region === row.region ? 'PRIMARY' : 'REPLICA';
}

/** KeyMetadata's MultiRegionConfiguration of `row`, whose set is `members` (all its regional rows). */
export function multiRegionConfiguration(row: KeyRow, members: readonly KeyRow[]): Record<string, unknown> | undefined {
  const type = multiRegionKeyType(row);
  if (type === undefined || row.primary_region === null) return undefined;
  const keyId = keyIdOf(row);
  const ref = (region: string) => ({ Arn: keyArn(region, row.account_id, keyId), Region: region });
  return {
    MultiRegionKeyType: type,
    PrimaryKey: ref(row.primary_region),
    ReplicaKeys: members.filter((m) => m.region !== row.primary_region).map((m) => ref(m.region)),
  };
}
