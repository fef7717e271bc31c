/** The operation table: dispatch is a lookup by name, never reflection. */
import type { Operation } from '../../context.js';
import { op as CancelKeyDeletion } from './CancelKeyDeletion.js';
import { op as RevokeGrant } from './RevokeGrant.js';
import { op as RetireGrant } from './RetireGrant.js';
import { op as ListRetirableGrants } from './ListRetirableGrants.js';
import { op as ListGrants } from './ListGrants.js';
import { op as CreateGrant } from './CreateGrant.js';
import { op as CreateAlias } from './CreateAlias.js';
import { op as CreateKey } from './CreateKey.js';
import { op as Decrypt } from './Decrypt.js';
import { op as DeleteAlias } from './DeleteAlias.js';
import { op as DescribeKey } from './DescribeKey.js';
import { op as DisableKey } from './DisableKey.js';
import { op as EnableKey } from './EnableKey.js';
import { op as Encrypt } from './Encrypt.js';
import { op as GenerateDataKey } from './GenerateDataKey.js';
import { op as GenerateDataKeyWithoutPlaintext } from './GenerateDataKeyWithoutPlaintext.js';
import { op as GenerateRandom } from './GenerateRandom.js';
import { op as GetKeyPolicy } from './GetKeyPolicy.js';
import { op as ListAliases } from './ListAliases.js';
import { op as ListKeyPolicies } from './ListKeyPolicies.js';
import { op as ListKeys } from './ListKeys.js';
import { op as ListResourceTags } from './ListResourceTags.js';
import { op as PutKeyPolicy } from './PutKeyPolicy.js';
import { op as ReEncrypt } from './ReEncrypt.js';
import { op as ScheduleKeyDeletion } from './ScheduleKeyDeletion.js';
import { op as TagResource } from './TagResource.js';
import { op as UntagResource } from './UntagResource.js';
import { op as UpdateAlias } from './UpdateAlias.js';
import { op as UpdateKeyDescription } from './UpdateKeyDescription.js';
import { op as DeleteImportedKeyMaterial } from './DeleteImportedKeyMaterial.js';
import { op as DisableKeyRotation } from './DisableKeyRotation.js';
import { op as EnableKeyRotation } from './EnableKeyRotation.js';
import { op as GetKeyRotationStatus } from './GetKeyRotationStatus.js';
import { op as GetParametersForImport } from './GetParametersForImport.js';
import { op as ImportKeyMaterial } from './ImportKeyMaterial.js';
import { op as ListKeyRotations } from './ListKeyRotations.js';
import { op as RotateKeyOnDemand } from './RotateKeyOnDemand.js';
import { op as DeriveSharedSecret } from './DeriveSharedSecret.js';
import { op as GenerateDataKeyPair } from './GenerateDataKeyPair.js';
import { op as GenerateDataKeyPairWithoutPlaintext } from './GenerateDataKeyPairWithoutPlaintext.js';
import { op as GenerateMac } from './GenerateMac.js';
import { op as GetPublicKey } from './GetPublicKey.js';
import { op as Sign } from './Sign.js';
import { op as Verify } from './Verify.js';
import { op as VerifyMac } from './VerifyMac.js';
import { op as GetKeyLastUsage } from './GetKeyLastUsage.js';

const ALL: readonly Operation[] = [
  CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant,
  CancelKeyDeletion, CreateAlias, CreateKey, Decrypt, DeleteAlias, DescribeKey, DisableKey, EnableKey, Encrypt,
  GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom, GetKeyPolicy, ListAliases, ListKeyPolicies,
  ListKeys, ListResourceTags, PutKeyPolicy, ReEncrypt, ScheduleKeyDeletion, TagResource, UntagResource, UpdateAlias, UpdateKeyDescription,
  // key material lifecycle
  DeleteImportedKeyMaterial, DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, GetParametersForImport, ImportKeyMaterial, ListKeyRotations, RotateKeyOnDemand,
  // Asymmetric, HMAC and key agreement (issue 5).
  DeriveSharedSecret, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GenerateMac, GetPublicKey, Sign, Verify, VerifyMac,
  // Audit (issue 7).
  GetKeyLastUsage,
];

/** KMS operations by name. */
export const KMS_OPERATIONS: ReadonlyMap<string, Operation> = new Map(ALL.map((o) => [o.name, o]));
