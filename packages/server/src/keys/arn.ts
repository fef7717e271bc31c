/** KMS ARNs and key-id forms: `id`, `arn:…:key/id`, `alias/name`, `arn:…:alias/name`. */

// A key id: a UUID, or `mrk-` and 32 hex digits for a multi-Region key.
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** The ARN of a key. */
export function keyArn(region: string, accountId: string, keyId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
}

/** The ARN of an alias (`name` includes the `alias/` prefix). */
export function aliasArn(region: string, accountId: string, name: string): string {
  return `arn:aws:kms:${region}:${accountId}:${name}`;
}

/** A KeyId parameter taken apart. */
export type KeyRef =
  | { kind: 'key'; keyId: string; region?: string; accountId?: string }
  | { kind: 'alias'; name: string; region?: string; accountId?: string }
  | { kind: 'invalid' };

/** Classifies a KeyId / TargetKeyId / DestinationKeyId value. */
export function parseKeyRef(value: string): KeyRef {
  if (KEY_ID.test(value)) return { kind: 'key', keyId: value };
  if (value.startsWith('alias/')) return { kind: 'alias', name: value };
  const m = ARN.exec(value);
  if (!m) return { kind: 'invalid' };
  const [, partition, region, accountId, type, rest] = m as unknown as [string, string, string, string, string, string];
  // Trent's ARNs are all in the aws partition (keyArn, aliasArn): an ARN of another partition names nothing here.
  if (partition !== 'aws') return { kind: 'invalid' };
  if (type === 'key') return KEY_ID.test(rest) ? { kind: 'key', keyId: rest, region, accountId } : { kind: 'invalid' };
  return { kind: 'alias', name: `alias/${rest}`, region, accountId };
}

/** True when `s` is a key id (UUID or multi-Region key id). */
export function isKeyId(s: string): boolean {
  return KEY_ID.test(s);
}
