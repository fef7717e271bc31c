/** Reading Trent's audit log the way an operator does: `aws cloudtrail lookup-events` (the real AWS CLI). */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsShell, type CliResult } from './clients.js';
import type { Trent } from './trent.js';

/** One LookupEvents result with its CloudTrail record parsed. */
export interface LookedUp { EventId: string; EventName: string; ReadOnly: string; AccessKeyId?: string; EventTime: number; EventSource: string; Username?: string; Resources: { ResourceType: string; ResourceName: string }[]; record: any }

/** Environment prefix that makes the CLI sign with `creds` instead of the admin's. */
export function as(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): string {
  return `AWS_ACCESS_KEY_ID=${creds.accessKeyId} AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}${creds.sessionToken ? ` AWS_SESSION_TOKEN=${creds.sessionToken}` : ''} AWS_SHARED_CREDENTIALS_FILE=/dev/null`;
}

/** Runs `aws cloudtrail lookup-events --endpoint-url … <args>`; `prefix` goes before `aws` (e.g. `as(creds)`). */
export function lookupCli(t: Trent, args: string, prefix = ''): Promise<CliResult> {
  return awsShell(t, `${prefix} aws cloudtrail lookup-events --endpoint-url $EP --output json ${args}`, mkdtempSync(join(tmpdir(), 'trent-audit-')));
}

/** Runs lookup-events expecting success; returns the events, records parsed, and the raw output text. */
export async function lookup(t: Trent, args = '', prefix = ''): Promise<{ events: LookedUp[]; nextToken?: string; text: string }> {
  const r = await lookupCli(t, args, prefix);
  assert.equal(r.code, 0, `lookup-events ${args} failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { Events: (LookedUp & { CloudTrailEvent: string })[]; NextToken?: string };
  return { events: out.Events.map((e) => ({ ...e, record: JSON.parse(e.CloudTrailEvent) })), nextToken: out.NextToken, text: r.stdout };
}

/** The event of the request `requestId`, which must be there exactly once. */
export function byRequest(events: LookedUp[], requestId: string | undefined): LookedUp {
  const found = events.filter((e) => e.record.requestID === requestId);
  assert.equal(found.length, 1, `one event for request ${requestId}, found ${found.length}`);
  return found[0]!;
}
