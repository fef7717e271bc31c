/** The parts of the KMS API's shapes the console reads (botocore's service model names). */

/** DescribeKey's KeyMetadata; timestamps are epoch seconds, as JSON 1.1 sends them. */
export interface KeyMetadata {
  KeyId: string; Arn: string; KeyState: string; KeySpec: string; KeyUsage: string; Origin: string;
  CreationDate: number; Description?: string; Enabled: boolean; MultiRegion?: boolean; DeletionDate?: number;
  ValidTo?: number; ExpirationModel?: string; KeyManager?: string; EncryptionAlgorithms?: string[];
  SigningAlgorithms?: string[]; MacAlgorithms?: string[]; KeyAgreementAlgorithms?: string[]; PendingDeletionWindowInDays?: number;
}

/** One entry of ListAliases. */
export interface AliasEntry { AliasName: string; AliasArn: string; TargetKeyId?: string }
