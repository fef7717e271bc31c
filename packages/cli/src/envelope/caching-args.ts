/** `--caching capacity=N max_age=S [max_messages_encrypted=N] [max_bytes_encrypted=N]` (aws-encryption-cli spelling). */
import { CachingMaterialsManager, MaterialsCache, SdkError, type Keyring, type MaterialsManager } from '@trent/sdk';

/** Wraps the keyring in a caching CMM when `--caching` is given; otherwise returns it unchanged. */
export function cachingFromArgs(values: string[] | undefined, keyring: Keyring): Keyring | MaterialsManager {
  if (!values?.length) return keyring;
  const v: Record<string, number> = {};
  for (const s of values) {
    const [k, n] = s.split('=');
    const num = Number(n);
    if (!k || !['capacity', 'max_age', 'max_messages_encrypted', 'max_bytes_encrypted'].includes(k) || !(num > 0)) {
      throw new SdkError('BadInput', `--caching: bad setting "${s}"`);
    }
    v[k] = num;
  }
  if (!v.capacity || !v.max_age) throw new SdkError('BadInput', '--caching needs capacity=N and max_age=SECONDS');
  return new CachingMaterialsManager({
    source: keyring, cache: new MaterialsCache(v.capacity), maxAge: v.max_age,
    maxMessagesEncrypted: v.max_messages_encrypted, maxBytesEncrypted: v.max_bytes_encrypted,
  });
}
