/** KeyMetadata as DescribeKey, CreateKey and friends return it. */
import type { KeyRow } from '../store/store.js';
import { algorithmsFor, isSymmetricEncryption } from './key-specs.js';
import { keyIdOf, multiRegionConfiguration } from './multi-region.js';

/**
 * Builds AWS's KeyMetadata for a key row (`members`: the rows of its multi-Region key set, if any).
 * `storeConnected: false` for a key of a custom key store that is not connected: an enabled or
 * disabled key then shows as Unavailable, as in AWS (its own state returns with the connection).
 */
export function keyMetadata(row: KeyRow, members: readonly KeyRow[] = [row], storeConnected = true): Record<string, unknown> {
  const multiRegion = multiRegionConfiguration(row, members);
  const state = !storeConnected && (row.state === 'Enabled' || row.state === 'Disabled') ? 'Unavailable' : row.state;
  return {
    AWSAccountId: row.account_id,
    KeyId: keyIdOf(row),
    Arn: row.arn,
    CreationDate: new Date(row.created_at),
    Enabled: state === 'Enabled',
    Description: row.description,
    KeyUsage: row.key_usage,
    KeyState: state,
    ...(row.deletion_date !== null ? { DeletionDate: new Date(row.deletion_date) } : {}),
    Origin: row.origin,
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: row.key_spec,
    KeySpec: row.key_spec,
    ...algorithmsFor(row.key_spec, row.key_usage),
    MultiRegion: row.multi_region === 1,
    ...(multiRegion ? { MultiRegionConfiguration: multiRegion } : {}),
    ...(row.pending_window_days !== null && (row.state === 'PendingDeletion' || row.state === 'PendingReplicaDeletion') ? { PendingDeletionWindowInDays: row.pending_window_days } : {}),
    ...(row.origin === 'EXTERNAL' && row.expiration_model !== null ? { ExpirationModel: row.expiration_model } : {}),
    ...(row.origin === 'EXTERNAL' && row.valid_to !== null ? { ValidTo: new Date(row.valid_to) } : {}),
    ...(isSymmetricEncryption(row.key_spec) && row.current_material_id ? { CurrentKeyMaterialId: row.current_material_id } : {}),
    ...(row.custom_key_store_id !== null ? { CustomKeyStoreId: row.custom_key_store_id } : {}),
    ...(row.xks_key_id !== null ? { XksKeyConfiguration: { Id: row.xks_key_id } } : {}),
  };
}
