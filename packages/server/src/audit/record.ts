/**
 * One call as a CloudTrail record (docs/audit.md, "Event format"), and the lookup columns copied from
 * it: who (userIdentity), what (eventSource, eventName, requestParameters, responseElements,
 * resources), when, from where, and how it ended (errorCode, errorMessage).
 */
import { uuidV7 } from '../crypto/random.js';
import type { Principal } from '../auth/principal.js';
import type { AuditEntry } from './writer.js';

/** The CloudTrail record version Trent writes. */
export const EVENT_VERSION = '1.11';

/** The services Trent answers, by SigV4 service name. */
export type Service = 'kms' | 'iam' | 'sts' | 'cloudtrail';

/** The successful KMS operations GetKeyLastUsage reports (the model's KeyLastUsageTrackingOperation). */
export const TRACKED_OPERATIONS: readonly string[] = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
];
const CRYPTOGRAPHIC = new Set([...TRACKED_OPERATIONS, 'GenerateRandom']);

/** What the pipeline knows about a call once it has ended. */
export interface CallFacts {
  service: Service;
  eventName: string;
  /** When the request arrived (epoch ms). */
  time: number;
  requestId: string;
  region: string;
  sourceIp: string;
  userAgent: string;
  /** The verified caller; for a failed authentication, the owner of the access key when it exists. */
  principal?: Principal;
  /** The access key id the request named (even when it is unknown). */
  accessKeyId?: string;
  /** The account the event belongs to (recipientAccountId). */
  accountId: string;
  /** For a call on another account's key: the id shared by the caller's copy and the key owner's. */
  sharedEventId?: string;
  requestParameters: Record<string, unknown> | null;
  /** The safe response; shown only when the call succeeded and is not read-only (CloudTrail shows null then). */
  responseElements: Record<string, unknown> | null;
  resources: readonly string[];
  error?: { code: string; message: string };
  tls?: { version: string; cipher: string; host: string };
}

/** True for calls that change nothing: reads, lookups and cryptographic operations (as CloudTrail marks them). */
export function isReadOnly(service: Service, eventName: string): boolean {
  if (service === 'sts') return true;
  return /^(Get|List|Describe|Lookup)/.test(eventName) || (service === 'kms' && CRYPTOGRAPHIC.has(eventName));
}

function identity(p: Principal | undefined, accessKeyId: string | undefined): Record<string, unknown> {
  if (!p) return { type: 'Unknown', ...(accessKeyId ? { accessKeyId } : {}) };
  const base = { type: p.type, principalId: p.type === 'Root' ? p.accountId : p.userId, arn: p.arn, accountId: p.accountId, accessKeyId: p.accessKeyId };
  if (p.type === 'IAMUser') return { ...base, userName: p.userName };
  if (p.type !== 'AssumedRole' || !p.roleArn) return base;
  return {
    ...base,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: p.userId.split(':')[0], arn: p.roleArn, accountId: p.accountId, userName: p.roleArn.slice(p.roleArn.lastIndexOf('/') + 1) },
      attributes: { mfaAuthenticated: 'false' },
    },
  };
}

/** CloudTrail's Username lookup value: the user name, the role session name, or "root". */
/** The Username lookup value of a caller (a Principal, or a record's userIdentity): null when unknown. */
export function usernameOf(who: { type: string; userName?: string; arn?: string } | undefined): string | null {
  if (!who || who.type === 'Unknown') return null;
  if (who.type === 'IAMUser') return who.userName ?? null;
  if (who.type === 'AssumedRole') return String(who.arn).slice(String(who.arn).lastIndexOf('/') + 1);
  return 'root';
}

// The JSON of each principal's userIdentity, made once: principals are long-lived objects of the identity cache.
const identityJson = new WeakMap<Principal, string>();
let isoSecond = -1;
let isoText = '';

/** eventTime: ISO 8601 to the second, made once per second. */
function eventTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== isoSecond) { isoSecond = sec; isoText = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
  return isoText;
}

function identityText(p: Principal | undefined, accessKeyId: string | undefined): string {
  if (!p) return JSON.stringify(identity(p, accessKeyId));
  let text = identityJson.get(p);
  if (text === undefined) identityJson.set(p, (text = JSON.stringify(identity(p, accessKeyId))));
  return text;
}

const q = JSON.stringify;

/**
 * Caller-chosen text that becomes a lookup column as well as part of the record (an IAM `Action`,
 * the access key id of a presigned URL) without NUL characters: PostgreSQL's text type cannot hold
 * them, and one such event would fail its whole group commit — every call in it (fail closed).
 */
function columnText<T extends string | undefined>(s: T): T {
  return s?.replace(/\u0000/g, '\uFFFD') as T;
}

/**
 * Builds the record text and its lookup columns. The text is written field by field (the order
 * CloudTrail uses) rather than through one JSON.stringify of a fresh object: it is made for every call.
 */
export function auditEntry(facts: CallFacts): AuditEntry {
  const f = facts.eventName.includes('\u0000') || facts.accessKeyId?.includes('\u0000')
    ? { ...facts, eventName: columnText(facts.eventName), accessKeyId: columnText(facts.accessKeyId) } : facts;
  const eventID = uuidV7(f.time); // time-ordered: appended to the event_id index, not scattered in it
  const source = `${f.service}.amazonaws.com`;
  const readOnly = isReadOnly(f.service, f.eventName);
  const resources = f.resources.map((arn) => ({ accountId: arn.split(':')[4], type: 'AWS::KMS::Key', ARN: arn }));
  const response = f.error || readOnly ? null : f.responseElements;
  const record = `{"eventVersion":"${EVENT_VERSION}","userIdentity":${identityText(f.principal, f.accessKeyId)},"eventTime":"${eventTime(f.time)}",` +
    `"eventSource":"${source}","eventName":${q(f.eventName)},"awsRegion":${q(f.region)},"sourceIPAddress":${q(f.sourceIp)},"userAgent":${q(f.userAgent)},` +
    (f.error ? `"errorCode":${q(f.error.code)},"errorMessage":${q(f.error.message)},` : '') +
    `"requestParameters":${q(f.requestParameters)},"responseElements":${q(response)},"requestID":${q(f.requestId)},"eventID":"${eventID}",` +
    `"readOnly":${readOnly},"resources":${q(resources)},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":${q(f.accountId)},` +
    (f.sharedEventId ? `"sharedEventID":"${f.sharedEventId}",` : '') + `"eventCategory":"Management"` +
    (f.tls ? `,"tlsDetails":${q({ tlsVersion: f.tls.version, cipherSuite: f.tls.cipher, clientProvidedHostHeader: f.tls.host })}` : '') + '}';
  return {
    event_id: eventID, event_time: f.time, account_id: f.accountId, event_name: f.eventName, event_source: source,
    read_only: readOnly ? 1 : 0, username: usernameOf(f.principal), access_key_id: f.principal?.accessKeyId ?? f.accessKeyId ?? null,
    resources: q(resources.map((r) => ({ type: r.type, name: r.ARN }))), error_code: f.error?.code ?? null,
    record,
  };
}
