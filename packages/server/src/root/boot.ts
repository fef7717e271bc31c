/** Opens (or, on first start, creates) the keyring under the configured root key provider. */
import type { Store } from '../store/store.js';
import { DuplicateError } from '../store/store.js';
import { Keyring } from './keyring.js';
import { RootKeyError, type RootKeyProvider } from './provider.js';

/** AAD of the wrapped keyring: binds it to its purpose and format. */
export const KEYRING_AAD = Buffer.from('trent-keyring-v1');

/** Returns the unwrapped keyring; refuses (RootKeyError) rather than change anything on a mismatch. */
export async function openKeyring(store: Store, provider: RootKeyProvider): Promise<Keyring> {
  const row = await store.getKeyring();
  if (!row) return createKeyring(store, provider);
  if (row.provider !== provider.kind) {
    throw new RootKeyError(`this data is sealed under the '${row.provider}' root key provider, not '${provider.kind}': start with TRENT_ROOT_KEY_PROVIDER=${row.provider} (or move it with \`trent root rotate\`)`);
  }
  await provider.open(false);
  const plain = await provider.unwrap(row.wrapped, KEYRING_AAD);
  try { return Keyring.parse(plain); } finally { plain.fill(0); }
}

async function createKeyring(store: Store, provider: RootKeyProvider): Promise<Keyring> {
  await provider.open(true);
  const keyring = Keyring.create();
  const plain = keyring.serialize();
  try {
    await store.putKeyring(provider.kind, await provider.wrap(plain, KEYRING_AAD), true);
    return keyring;
  } catch (err) {
    if (err instanceof DuplicateError) return openKeyring(store, provider); // another node won the race
    throw err;
  } finally { plain.fill(0); }
}
