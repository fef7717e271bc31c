/**
 * The AWS Query protocol used by IAM and STS: form-encoded requests, XML responses and AWS's
 * error XML. Values are written as AWS writes them (ISO 8601 times, `member` list items).
 */
import type { ServerResponse } from 'node:http';
import { KmsError } from '../errors.js';

/** Form fields of a Query request. */
export type Params = URLSearchParams;

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** XML for one value: objects become child elements, arrays `<member>` items, Dates ISO 8601. */
export function xml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `<${name}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xml('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => xml(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Sends `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>`. */
export function sendQuery(res: ServerResponse, ns: string, action: string, result: Record<string, unknown> | undefined, requestId: string): void {
  const inner = result ? xml(`${action}Result`, result) : '';
  const body = `<${action}Response xmlns="${ns}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId });
  res.end(body);
}

/** Query error codes for the exception names the shared pipeline raises (authentication, validation). */
const QUERY_CODE: Record<string, { code: string; status: number }> = {
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 400 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  ValidationException: { code: 'ValidationError', status: 400 },
  SerializationException: { code: 'MalformedQueryString', status: 400 },
  KMSInternalException: { code: 'InternalFailure', status: 500 },
  RequestEntityTooLargeException: { code: 'RequestEntityTooLarge', status: 413 },
};

/** An IAM/STS error with its own code (NoSuchEntity, EntityAlreadyExists, …) and status. */
export class QueryError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) { super(message); }
}

function mapped(err: QueryError | KmsError): { code: string; status: number } {
  return err instanceof KmsError ? QUERY_CODE[err.name] ?? { code: err.name, status: err.status } : { code: err.code, status: err.status };
}

/** The error code a Query client sees for `err` (InvalidClientTokenId, NoSuchEntity, …). */
export function queryErrorCode(err: QueryError | KmsError): string {
  return mapped(err).code;
}

/** Sends AWS's Query error XML. */
export function sendQueryError(res: ServerResponse, ns: string, err: QueryError | KmsError, requestId: string): void {
  const { code, status } = mapped(err);
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId });
  res.end(body);
}

/** A required parameter, or ValidationError naming it as IAM does. */
export function required(p: Params, name: string): string {
  const v = p.get(name);
  if (v === null || v === '') throw new QueryError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase() + name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return v;
}

/** `Tags.member.N.Key` / `.Value` pairs. */
export function tagsParam(p: Params): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (let i = 1; p.has(`Tags.member.${i}.Key`); i++) out.push({ key: p.get(`Tags.member.${i}.Key`)!, value: p.get(`Tags.member.${i}.Value`) ?? '' });
  return out;
}
