/** AWS KMS keyrings through @aws-sdk/client-kms, so they work against Trent and AWS (spec: framework/aws-kms/aws-kms-keyring.md, aws-kms-discovery-keyring.md). */
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import { SdkError } from '../errors.js';
import type { EncryptedDataKey } from '../format/header.js';
import type { DecryptionMaterials, EncryptionMaterials, Keyring } from '../materials.js';
import { edkArn, identifierMatches, parseKmsArn, regionOf } from './kms-arn.js';

/** Provider ID of every AWS KMS EDK. */
export const KMS_PROVIDER_ID = 'aws-kms';

/** Returns the KMS client to use for a region (undefined: the client's default region). */
export type KmsClientProvider = (region: string | undefined) => KMSClient | Promise<KMSClient>;

let kmsModule: Promise<typeof import('@aws-sdk/client-kms')> | undefined;
/** Loads the AWS SDK only when a KMS keyring is used: it costs ~15 MiB and ~300 ms at startup. */
const loadKms = () => (kmsModule ??= import('@aws-sdk/client-kms'));

/** A client provider that caches one client per region, all sharing `config` (endpoint, credentials, profile). */
export function kmsClientProvider(config: KMSClientConfig = {}): KmsClientProvider {
  const clients = new Map<string, Promise<KMSClient>>();
  return (region) => {
    const key = region ?? '';
    let c = clients.get(key);
    if (!c) { c = loadKms().then((m) => new m.KMSClient(region ? { ...config, region } : config)); clients.set(key, c); }
    return c;
  };
}

/** Options shared by both KMS keyrings. */
interface KmsCommon { clientProvider?: KmsClientProvider; grantTokens?: string[] }

/** Options of {@link KmsKeyring}: the first key generates the data key, every key adds one EDK. */
export interface KmsKeyringOptions extends KmsCommon { keyIds: string[] }

/** Strict AWS KMS keyring: wraps with the listed keys and only unwraps EDKs of those keys. */
export class KmsKeyring implements Keyring {
  readonly keyIds: readonly string[];
  private readonly client: KmsClientProvider;
  private readonly grantTokens?: string[];

  constructor(opts: KmsKeyringOptions) {
    if (opts.keyIds.length === 0) throw new SdkError('BadInput', 'KMS keyring needs at least one key');
    this.keyIds = [...opts.keyIds];
    this.client = opts.clientProvider ?? kmsClientProvider();
    this.grantTokens = opts.grantTokens;
  }

  /** GenerateDataKey with the first key (when there is no data key yet), then Encrypt with the others. */
  async onEncrypt(m: EncryptionMaterials): Promise<EncryptionMaterials> {
    let rest = this.keyIds;
    if (!m.plaintextDataKey) {
      const id = this.keyIds[0]!;
      const { GenerateDataKeyCommand } = await loadKms();
      const r = await this.call(id, async () => (await this.client(regionOf(id))).send(new GenerateDataKeyCommand({ KeyId: id, NumberOfBytes: m.suite.keyLength, EncryptionContext: m.encryptionContext, GrantTokens: this.grantTokens })));
      if (!r.Plaintext || r.Plaintext.length !== m.suite.keyLength || !r.CiphertextBlob) throw new SdkError('KeyringError', `KMS GenerateDataKey with ${id} returned an unusable data key`);
      m.plaintextDataKey = Buffer.from(r.Plaintext);
      r.Plaintext.fill(0);
      m.encryptedDataKeys.push(kmsEdk(r.KeyId, r.CiphertextBlob, id));
      rest = this.keyIds.slice(1);
    }
    const { EncryptCommand } = await loadKms();
    for (const id of rest) {
      const r = await this.call(id, async () => (await this.client(regionOf(id))).send(new EncryptCommand({ KeyId: id, Plaintext: m.plaintextDataKey, EncryptionContext: m.encryptionContext, GrantTokens: this.grantTokens })));
      if (!r.CiphertextBlob) throw new SdkError('KeyringError', `KMS Encrypt with ${id} returned no ciphertext`);
      m.encryptedDataKeys.push(kmsEdk(r.KeyId, r.CiphertextBlob, id));
    }
    return m;
  }

  /** Tries the EDKs of the configured keys in order; KMS errors on one EDK do not stop the next. */
  async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    return unwrapFirst(m, edks, this.client, this.grantTokens, (arn) => this.keyIds.find((k) => identifierMatches(k, arn)));
  }

  private async call<T>(id: string, f: () => Promise<T>): Promise<T> {
    try { return await f(); } catch (e) { throw new SdkError('KeyringError', `KMS call with key ${id} failed: ${(e as Error).name}: ${(e as Error).message}`, { cause: e }); }
  }
}

/** Filter of {@link KmsDiscoveryKeyring}: only keys of these accounts in this partition. */
export interface DiscoveryFilter { accountIds: string[]; partition: string }

/** Discovery AWS KMS keyring: decrypt-only, tries any `aws-kms` EDK the filter allows (spec: aws-kms-discovery-keyring.md). */
export class KmsDiscoveryKeyring implements Keyring {
  private readonly client: KmsClientProvider;
  private readonly filter?: DiscoveryFilter;
  private readonly grantTokens?: string[];

  constructor(opts: KmsCommon & { discoveryFilter?: DiscoveryFilter } = {}) {
    if (opts.discoveryFilter && (!opts.discoveryFilter.partition || opts.discoveryFilter.accountIds.length === 0)) throw new SdkError('BadInput', 'discovery filter needs a partition and at least one account');
    this.client = opts.clientProvider ?? kmsClientProvider();
    this.filter = opts.discoveryFilter;
    this.grantTokens = opts.grantTokens;
  }

  /** A discovery keyring cannot encrypt (spec: aws-kms-discovery-keyring.md, OnEncrypt fails). */
  async onEncrypt(): Promise<EncryptionMaterials> {
    throw new SdkError('KeyringError', 'a KMS discovery keyring can only decrypt; name the keys to encrypt with');
  }

  /** Tries every `aws-kms` EDK whose key the filter allows, addressing KMS by the EDK's own ARN. */
  async onDecrypt(m: DecryptionMaterials, edks: readonly EncryptedDataKey[]): Promise<DecryptionMaterials> {
    const f = this.filter;
    return unwrapFirst(m, edks, this.client, this.grantTokens, (arn) => (!f || (arn.partition === f.partition && f.accountIds.includes(arn.account)) ? arn.text : undefined));
  }
}

/**
 * Unwraps the first `aws-kms` EDK for which `keyIdFor` names a key to call KMS with; failures on
 * one EDK are collected and the next is tried (spec: aws-kms-keyring.md, OnDecrypt).
 */
async function unwrapFirst(m: DecryptionMaterials, edks: readonly EncryptedDataKey[], client: KmsClientProvider, grantTokens: string[] | undefined,
  keyIdFor: (arn: ReturnType<typeof edkArn>) => string | undefined): Promise<DecryptionMaterials> {
  if (m.plaintextDataKey) return m;
  const errors: string[] = [];
  for (const edk of edks) {
    if (edk.providerId !== KMS_PROVIDER_ID) continue;
    const arn = edkArn(edk.providerInfo);
    const id = keyIdFor(arn);
    if (!id) continue;
    const key = await kmsDecrypt(await client(arn.region), id, arn.text, edk, m, grantTokens).catch((e: Error) => { errors.push(e.message); return undefined; });
    if (key) { m.plaintextDataKey = key; return m; }
  }
  if (errors.length) throw new SdkError('NoDecryptableKey', `KMS could not decrypt a data key: ${errors.join('; ')}`);
  return m;
}

/** Builds an `aws-kms` EDK; the provider info is the key ARN KMS reports (spec: aws-kms-keyring.md). */
function kmsEdk(keyId: string | undefined, blob: Uint8Array, requested: string): EncryptedDataKey {
  if (!keyId || !parseKmsArn(keyId)) throw new SdkError('KeyringError', `KMS response for ${requested} did not name a key ARN`);
  return { providerId: KMS_PROVIDER_ID, providerInfo: Buffer.from(keyId, 'utf8'), ciphertext: Buffer.from(blob) };
}

/** One KMS Decrypt; the response must name the EDK's key and give a key of the suite's length. */
async function kmsDecrypt(client: KMSClient, keyId: string, arn: string, edk: EncryptedDataKey, m: DecryptionMaterials, grantTokens?: string[]): Promise<Buffer> {
  const { DecryptCommand } = await loadKms();
  let r;
  try {
    r = await client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: edk.ciphertext, EncryptionContext: m.encryptionContext, GrantTokens: grantTokens }));
  } catch (e) {
    throw new SdkError('KeyringError', `KMS Decrypt with ${arn} failed: ${(e as Error).name}`, { cause: e });
  }
  if (r.KeyId !== arn) throw new SdkError('KeyringError', `KMS decrypted with ${r.KeyId ?? 'an unnamed key'}, not ${arn}`); // spec: response KeyId must match
  if (!r.Plaintext || r.Plaintext.length !== m.suite.keyLength) throw new SdkError('KeyringError', 'KMS returned a data key of the wrong length');
  const key = Buffer.from(r.Plaintext);
  r.Plaintext.fill(0);
  return key;
}
