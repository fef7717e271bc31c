/** AWS KMS key identifiers: ARN parsing and matching (spec: framework/aws-kms/aws-kms-key-arn.md). */
import { SdkError } from '../errors.js';

/** The parts of a KMS key ARN. */
export interface KmsArn { partition: string; region: string; account: string; resourceType: 'key' | 'alias'; resourceId: string }

/** Parses `arn:<partition>:kms:<region>:<account>:key/<id>` (or alias/…); undefined when not a KMS ARN. */
export function parseKmsArn(text: string): KmsArn | undefined {
  const parts = text.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'kms') return undefined;
  const [, partition, , region, account, resource] = parts as [string, string, string, string, string, string];
  const slash = resource.indexOf('/');
  const type = resource.slice(0, slash), id = resource.slice(slash + 1);
  if (!partition || !region || !account || slash < 1 || !id || (type !== 'key' && type !== 'alias')) return undefined;
  return { partition, region, account, resourceType: type, resourceId: id };
}

/** Parses the provider info of an `aws-kms` EDK, which must be a key ARN (spec: aws-kms-keyring.md). */
export function edkArn(providerInfo: Buffer): KmsArn & { text: string } {
  const text = providerInfo.toString('utf8');
  const arn = parseKmsArn(text);
  if (!arn || arn.resourceType !== 'key') throw new SdkError('MalformedMessage', 'aws-kms encrypted data key does not name a KMS key ARN');
  return { ...arn, text };
}

/** Whether a configured identifier (ARN, key id or alias) could name the key of `arn`. Aliases are left for KMS to decide. */
export function identifierMatches(configured: string, arn: KmsArn & { text: string }): boolean {
  if (configured === arn.text) return true;
  const c = parseKmsArn(configured);
  if (c) return c.resourceType === 'alias'; // an alias ARN resolves only in KMS
  return configured.startsWith('alias/') || configured === arn.resourceId;
}

/** The region a key identifier points at, when it says so. */
export function regionOf(identifier: string): string | undefined {
  return parseKmsArn(identifier)?.region;
}
