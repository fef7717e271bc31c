/** `--wrapping-keys` specs → one keyring (a multi-keyring when there are several keys). */
import { readFileSync } from 'node:fs';
import {
  KmsDiscoveryKeyring, KmsKeyring, kmsClientProvider, MultiKeyring, RawAesKeyring, RawRsaKeyring, RSA_PADDINGS, SdkError,
  type Keyring, type RsaPadding,
} from '@trent/sdk';

/** Where KMS is and who we are: AWS CLI conventions (the SDK's default chain reads AWS_ENDPOINT_URL, AWS_PROFILE, …). */
export interface KmsSettings { endpointUrl?: string; region?: string; profile?: string }

/** Parsed `--wrapping-keys` values: attributes `key=`, `file=`, `discovery=`, `discovery-account=`, `discovery-partition=`, `region=`, `profile=`. */
interface Spec { kmsKeys: string[]; files: string[]; discovery: boolean; accounts: string[]; partition?: string; region?: string; profile?: string }

function parseSpecs(values: string[]): Spec {
  const spec: Spec = { kmsKeys: [], files: [], discovery: false, accounts: [] };
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = v.slice(0, eq), value = v.slice(eq + 1);
    if (eq < 1 || !value) throw new SdkError('BadInput', `--wrapping-keys: expected name=value, got "${v}"`);
    if (name === 'key') spec.kmsKeys.push(value);
    else if (name === 'file') spec.files.push(value);
    else if (name === 'discovery') spec.discovery = value === 'true';
    else if (name === 'discovery-account') spec.accounts.push(value);
    else if (name === 'discovery-partition') spec.partition = value;
    else if (name === 'region') spec.region = value;
    else if (name === 'profile') spec.profile = value;
    else throw new SdkError('BadInput', `--wrapping-keys: unknown attribute "${name}"`);
  }
  return spec;
}

/** Builds the keyring for `trent encrypt` / `trent decrypt`; KMS keys first, then raw keys from files. */
export function buildKeyring(values: string[], kms: KmsSettings, mode: 'encrypt' | 'decrypt'): Keyring {
  const spec = parseSpecs(values);
  const provider = kmsClientProvider({
    ...(kms.endpointUrl ? { endpoint: kms.endpointUrl } : {}),
    ...((spec.region ?? kms.region) ? { region: spec.region ?? kms.region } : {}),
    ...((spec.profile ?? kms.profile) ? { profile: spec.profile ?? kms.profile } : {}),
  });
  const keyrings: Keyring[] = [];
  if (spec.kmsKeys.length) keyrings.push(new KmsKeyring({ keyIds: spec.kmsKeys, clientProvider: provider }));
  for (const f of spec.files) keyrings.push(...rawKeyringsFromFile(f));
  if (spec.discovery) {
    if (mode === 'encrypt') throw new SdkError('BadInput', 'discovery=true only works for decrypt; name keys with key=');
    const filter = spec.accounts.length ? { accountIds: spec.accounts, partition: spec.partition ?? 'aws' } : undefined;
    keyrings.push(new KmsDiscoveryKeyring({ clientProvider: provider, discoveryFilter: filter }));
  } else if (spec.accounts.length || spec.partition) {
    throw new SdkError('BadInput', 'discovery-account/discovery-partition need discovery=true');
  }
  if (keyrings.length === 0) throw new SdkError('BadInput', 'no wrapping keys: use --wrapping-keys key=<KMS key> or file=<keys.json>');
  return keyrings.length === 1 ? keyrings[0]! : new MultiKeyring({ generator: keyrings[0], children: keyrings.slice(1) });
}

/** Reads a raw-key file: a JSON array of raw-aes / raw-rsa entries. Errors never quote the file's content. */
export function rawKeyringsFromFile(path: string): Keyring[] {
  let entries: unknown;
  try { entries = JSON.parse(readFileSync(path, 'utf8')); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SdkError('BadInput', code ? `cannot read keys file ${path} (${code})` : `keys file ${path} is not valid JSON`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new SdkError('BadInput', `keys file ${path} must hold a non-empty JSON array`);
  return entries.map((e, i) => rawKeyring(e as Record<string, unknown>, `${path}[${i}]`));
}

function rawKeyring(e: Record<string, unknown>, where: string): Keyring {
  const str = (k: string) => (typeof e[k] === 'string' && e[k] !== '' ? (e[k] as string) : undefined);
  const providerId = str('providerId'), keyName = str('keyName');
  if (!providerId || !keyName) throw new SdkError('BadInput', `${where}: providerId and keyName are required`);
  if (e.type === 'raw-aes') {
    const key = Buffer.from(str('keyBase64') ?? '', 'base64');
    if (![16, 24, 32].includes(key.length)) throw new SdkError('BadInput', `${where}: keyBase64 must decode to 16, 24 or 32 bytes`);
    return new RawAesKeyring({ keyNamespace: providerId, keyName, wrappingKey: key });
  }
  if (e.type === 'raw-rsa') {
    const padding = str('padding') as RsaPadding | undefined;
    if (!padding || !RSA_PADDINGS.includes(padding)) throw new SdkError('BadInput', `${where}: padding must be one of ${RSA_PADDINGS.join(', ')}`);
    const privateKey = str('privateKeyPem'), publicKey = str('publicKeyPem');
    if (!privateKey && !publicKey) throw new SdkError('BadInput', `${where}: privateKeyPem or publicKeyPem is required`);
    try {
      return new RawRsaKeyring({ keyNamespace: providerId, keyName, padding, privateKey, publicKey });
    } catch (err) {
      if (err instanceof SdkError) throw err;
      throw new SdkError('BadInput', `${where}: the PEM key could not be read`); // never echo key text
    }
  }
  throw new SdkError('BadInput', `${where}: type must be "raw-aes" or "raw-rsa"`);
}
