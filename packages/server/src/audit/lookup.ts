/**
 * CloudTrail's LookupEvents over the audit log (docs/audit.md, "Reading"): one lookup attribute,
 * a time range, pages of at most 50 events newest first, and a NextToken bound to the query it
 * came from. Only events whose recipient is the caller's account, and that happened in the Region
 * the lookup is made in (CloudTrail's event history is per Region), are ever returned.
 */
import { fail } from '../api/errors.js';
import { sha256Hex } from '../crypto/aead.js';
import type { AuditEventRow, EventCursor, EventQuery } from '../store/audit-repo.js';
import type { Store } from '../store/store.js';

const COLUMN = {
  EventId: 'event_id', EventName: 'event_name', ReadOnly: 'read_only', Username: 'username', EventSource: 'event_source', AccessKeyId: 'access_key_id',
} as const;
const RESOURCE_FIELD = { ResourceType: 'type', ResourceName: 'name' } as const;
const KEYS = [...Object.keys(COLUMN), ...Object.keys(RESOURCE_FIELD)];

/** A validated LookupEvents request. */
export interface Lookup {
  attribute?: { key: string; value: string };
  startTime?: number;
  endTime?: number;
  maxResults: number;
  after?: EventCursor;
  /** Binds NextToken to the query it continues. */
  fingerprint: string;
}

function time(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) fail('InvalidTimeRangeException', `${name} is not a valid time.`);
  return Math.floor(ms);
}

function attribute(v: unknown): { key: string; value: string } | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail('InvalidLookupAttributesException', 'LookupAttributes must be a list.');
  if (v.length === 0) return undefined;
  if (v.length > 1) fail('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const { AttributeKey: key, AttributeValue: value } = (v[0] ?? {}) as Record<string, unknown>;
  if (typeof key !== 'string' || !KEYS.includes(key)) fail('InvalidLookupAttributesException', `AttributeKey must be one of ${KEYS.join(', ')}.`);
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) fail('InvalidLookupAttributesException', 'AttributeValue must be 1 to 2000 characters long.');
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false') fail('InvalidLookupAttributesException', 'The value of the ReadOnly attribute must be true or false.');
  return { key, value };
}

/** Validates a LookupEvents request body (made in `region`: its NextToken is good only there). */
export function parseLookup(input: Record<string, unknown>, region: string): Lookup {
  const attr = attribute(input.LookupAttributes);
  const startTime = time(input.StartTime, 'StartTime');
  const endTime = time(input.EndTime, 'EndTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) fail('InvalidTimeRangeException', 'Start time must be before end time.');
  const max = input.MaxResults ?? 50;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50) fail('InvalidMaxResultsException', 'MaxResults must be an integer from 1 to 50.');
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') fail('InvalidEventCategoryException', 'EventCategory must be insight.');
  const fingerprint = sha256Hex(JSON.stringify([attr, startTime, endTime, input.EventCategory ?? null, region])).slice(0, 16);
  return { attribute: attr, startTime, endTime, maxResults: max, after: cursorOf(input.NextToken, fingerprint), fingerprint };
}

function cursorOf(token: unknown, fingerprint: string): EventCursor | undefined {
  if (token === undefined || token === null) return undefined;
  const bad = () => fail('InvalidNextTokenException', 'Invalid NextToken, or NextToken from a request with other parameters.');
  if (typeof token !== 'string') return bad();
  try {
    const [f, t, c, s] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (f !== fingerprint || typeof t !== 'number' || typeof c !== 'string' || typeof s !== 'number') return bad();
    return { time: t, chainId: c, seq: s };
  } catch { return bad(); }
}

function tokenOf(l: Lookup, r: AuditEventRow): string {
  return Buffer.from(JSON.stringify([l.fingerprint, r.event_time, r.chain_id, r.seq]), 'utf8').toString('base64url');
}

/** One row as LookupEvents' Event. */
function toEvent(r: AuditEventRow): Record<string, unknown> {
  const resources = (JSON.parse(r.resources) as { type: string; name: string }[]).map((x) => ({ ResourceType: x.type, ResourceName: x.name }));
  return {
    EventId: r.event_id, EventName: r.event_name, ReadOnly: r.read_only ? 'true' : 'false', AccessKeyId: r.access_key_id ?? undefined,
    EventTime: new Date(r.event_time), EventSource: r.event_source, Username: r.username ?? undefined, Resources: resources, CloudTrailEvent: r.record,
  };
}

/**
 * Rows matching `q` for which `keep` holds, newest first, until `want` are found or none are left:
 * `keep` re-checks what the store's LIKE prefilter only approximates.
 */
export async function findEvents(store: Store, q: EventQuery, keep: (r: AuditEventRow) => boolean, want: number): Promise<AuditEventRow[]> {
  const found: AuditEventRow[] = [];
  for (let query = q; ;) {
    const rows = await store.audit.find(query);
    found.push(...rows.filter(keep));
    if (found.length >= want || rows.length < query.limit) return found.slice(0, want);
    const last = rows[rows.length - 1]!;
    query = { ...query, after: { time: last.event_time, chainId: last.chain_id, seq: last.seq } };
  }
}

/** True when a row's resources include one whose `field` is exactly `value`. */
export function hasResource(r: AuditEventRow, field: 'type' | 'name', value: string): boolean {
  return (JSON.parse(r.resources) as Record<string, string>[]).some((x) => x[field] === value);
}

/** The Region an event happened in (its record's top-level awsRegion: a text match could hit an encryption context's key). */
function regionOf(r: AuditEventRow): unknown {
  try { return (JSON.parse(r.record) as { awsRegion?: unknown }).awsRegion; } catch { return undefined; }
}

/** Runs a lookup for `accountId` in `region`; returns CloudTrail's `{ Events, NextToken }`. */
export async function lookupEvents(store: Store, accountId: string, region: string, l: Lookup, insight = false): Promise<Record<string, unknown>> {
  if (insight) return { Events: [] }; // Trent records no Insights events
  const q: EventQuery = { accountId, startTime: l.startTime, endTime: l.endTime, after: l.after, limit: l.maxResults + 1 };
  let keep = (r: AuditEventRow) => regionOf(r) === region;
  if (l.attribute && l.attribute.key in COLUMN) {
    const { key, value } = l.attribute;
    q.equals = { column: COLUMN[key as keyof typeof COLUMN], value: key === 'ReadOnly' ? Number(value === 'true') : value };
  } else if (l.attribute) {
    const field = RESOURCE_FIELD[l.attribute.key as keyof typeof RESOURCE_FIELD];
    const value = l.attribute.value;
    q.resourcesLike = `"${field}":${JSON.stringify(value)}`;
    keep = (r) => hasResource(r, field, value) && regionOf(r) === region;
    q.limit = 100; // the LIKE prefilter may return near misses (SQLite's LIKE ignores case): read on until a page is full
  }
  const found = await findEvents(store, q, keep, l.maxResults + 1);
  const events = found.slice(0, l.maxResults);
  return { Events: events.map(toEvent), NextToken: found.length > l.maxResults ? tokenOf(l, events[events.length - 1]!) : undefined };
}
