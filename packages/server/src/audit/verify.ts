/**
 * Verification of the audit log (docs/audit.md, "Export and verify"), the same whether it reads the
 * live store or an exported directory: every digest's signature, place and link to its predecessor;
 * every event's hash, link, place in the digests' ranges and lookup columns; the retention cut.
 * Problems name the digest or event (and, for exports, the file) that was changed, removed or inserted.
 */
import { eventHash, GENESIS_HASH } from './chain.js';
import { digestHash, parseDigest, type DigestDocument } from './digest-document.js';
import { verifySignature } from './signing-key.js';

/** One event as a source holds it; `where` names it for a report, `lookupMismatch` says which stored copy disagrees. */
export interface VerifyEvent { seq: number; record: string; prevHash: string; hash: string; where: string; lookupMismatch?: string }
/** One digest as a source holds it. */
export interface VerifyDigest { seq: number; document: string; signature: string; signingKeyId: string; where: string }
/** One chain to check: its digests in seq order and its events in seq order (repeats allowed: they are reported). */
export interface ChainInput { chainId: string; digests: VerifyDigest[]; events: AsyncIterable<VerifyEvent>; problem?: string }
/** The public keys that may have signed a digest of `keyId` (several when pinned). */
export type KeyResolver = (keyId: string) => string[];

/** A finding: what kind of thing, where, and what is wrong with it. */
export interface Problem { kind: 'Digest' | 'Event' | 'Chain' | 'File'; where: string; message: string }

/** The outcome for one chain. */
export interface ChainReport {
  chainId: string; digests: number; validDigests: number; events: number; validEvents: number;
  /** Events after the newest valid digest: not an error, only not yet sealed. */
  uncovered: number; prunedThrough: number; problems: Problem[];
}

/** What the digests of a chain establish, once checked. */
interface Sealed { byLastSeq: Map<number, { doc: DigestDocument; where: string }>; coveredThrough: number; finalThrough?: number; cut: number; cutAnchor?: DigestDocument }

/** Checks a chain's digests: format, signature, seq, links, ranges; returns what the valid ones seal. */
function checkDigests(chainId: string, digests: VerifyDigest[], keys: KeyResolver, problems: Problem[]): { sealed: Sealed; valid: number } {
  const parsed: { d: VerifyDigest; doc: DigestDocument }[] = [];
  for (const d of digests) {
    let doc: DigestDocument;
    try { doc = parseDigest(d.document); } catch (err) { problems.push({ kind: 'Digest', where: d.where, message: `changed: the document ${(err as Error).message}` }); continue; }
    if (!keys(d.signingKeyId).some((pem) => verifySignature(pem, d.document, d.signature))) { problems.push({ kind: 'Digest', where: d.where, message: `changed: the signature does not verify under key ${d.signingKeyId}` }); continue; }
    if (doc.chainId !== chainId || doc.digestSeq !== d.seq || doc.signingKeyId !== d.signingKeyId) { problems.push({ kind: 'Digest', where: d.where, message: `moved: it is digest #${doc.digestSeq} of chain ${doc.chainId}` }); continue; }
    parsed.push({ d, doc });
  }
  const last = parsed.at(-1)?.doc;
  const sealed: Sealed = { byLastSeq: new Map(), coveredThrough: 0, cut: last?.prunedThrough ?? 0 };
  let valid = 0;
  parsed.forEach(({ d, doc }, i) => {
    const before = problems.length;
    const prev = parsed[i - 1];
    if (!prev) checkFirst(d, doc, sealed.cut, problems);
    else if (doc.digestSeq === prev.doc.digestSeq) problems.push({ kind: 'Digest', where: d.where, message: `inserted: a second digest #${doc.digestSeq} of the chain (see ${prev.d.where})` });
    else if (doc.digestSeq !== prev.doc.digestSeq + 1) problems.push({ kind: 'Digest', where: d.where, message: `digest${doc.digestSeq - prev.doc.digestSeq > 2 ? 's' : ''} #${range(prev.doc.digestSeq + 1, doc.digestSeq - 1)} before it ${doc.digestSeq - prev.doc.digestSeq > 2 ? 'were' : 'was'} removed` });
    else checkLink(d, doc, prev.d, prev.doc, problems);
    if (problems.length === before) valid++;
    if (doc.lastEventSeq >= doc.firstEventSeq) sealed.byLastSeq.set(doc.lastEventSeq, { doc, where: d.where });
    if (doc.lastEventSeq === sealed.cut) sealed.cutAnchor = doc;
    sealed.coveredThrough = Math.max(sealed.coveredThrough, doc.lastEventSeq);
    if (doc.final && sealed.finalThrough === undefined) sealed.finalThrough = doc.lastEventSeq;
  });
  return { sealed, valid };
}

function range(a: number, b: number): string { return a === b ? `${a}` : `${a}-${b}`; }

/** The first digest left: #1 (nothing before it), or the anchor of the signed retention cut. */
function checkFirst(d: VerifyDigest, doc: DigestDocument, cut: number, problems: Problem[]): void {
  if (doc.digestSeq === 1) {
    if (doc.previousDigestHash !== null || doc.previousDigestSignature !== null || doc.firstEventSeq !== 1) problems.push({ kind: 'Digest', where: d.where, message: 'changed: digest #1 must start the chain' });
  } else if (doc.lastEventSeq !== cut) {
    problems.push({ kind: 'Digest', where: d.where, message: `digest${doc.digestSeq > 2 ? 's' : ''} #${range(1, doc.digestSeq - 1)} before it ${doc.digestSeq > 2 ? 'were' : 'was'} removed (it is not the anchor of the retention cut at event ${cut})` });
  }
}

/** A digest against its predecessor: hash and signature links, contiguous ranges, monotonic cut, nothing after final. */
function checkLink(d: VerifyDigest, doc: DigestDocument, pd: VerifyDigest, prev: DigestDocument, problems: Problem[]): void {
  const bad = (message: string) => problems.push({ kind: 'Digest', where: d.where, message });
  if (doc.previousDigestHash !== digestHash(pd.document) || doc.previousDigestSignature !== pd.signature) bad(`does not chain to digest #${prev.digestSeq} (that digest was replaced)`);
  else if (doc.firstEventSeq !== prev.lastEventSeq + 1 || doc.lastEventSeq < doc.firstEventSeq - 1) bad(`covers events ${doc.firstEventSeq}-${doc.lastEventSeq}, not the ones after digest #${prev.digestSeq}`);
  else if (doc.prunedThrough < prev.prunedThrough) bad('moves the retention cut backwards');
  else if (prev.final && (!doc.final || doc.lastEventSeq !== prev.lastEventSeq)) bad('follows the final digest of the chain with new events');
}

/** Walks a chain's events against what its digests sealed. */
async function checkEvents(input: ChainInput, sealed: Sealed, problems: Problem[]): Promise<{ events: number; valid: number; uncovered: number }> {
  let expected = 1;
  let prevHash: string | undefined = GENESIS_HASH;
  let lastWhere = input.chainId;
  let events = 0, valid = 0, uncovered = 0;
  for await (const e of input.events) {
    events++;
    const before = problems.length;
    const bad = (message: string) => problems.push({ kind: 'Event', where: e.where, message });
    if (e.seq < expected) { bad(`inserted: a second event #${e.seq} of the chain`); continue; }
    if (e.seq > expected) {
      if (e.seq - 1 > sealed.cut) problems.push({ kind: 'Event', where: `${input.chainId}#${range(Math.max(expected, sealed.cut + 1), e.seq - 1)}`, message: `removed: missing before ${e.where}` });
      prevHash = e.seq - 1 === sealed.cut && sealed.cutAnchor ? sealed.cutAnchor.lastEventHash : undefined;
    }
    if (eventHash(input.chainId, e.seq, e.prevHash, e.record) !== e.hash) bad('changed: its hash does not match its record');
    else if (prevHash !== undefined && e.prevHash !== prevHash) bad(`changed, inserted or reordered: it does not follow event #${e.seq - 1}`);
    const sealedBy = sealed.byLastSeq.get(e.seq);
    if (sealedBy && sealedBy.doc.lastEventHash !== e.hash) bad(`changed: events ${sealedBy.doc.firstEventSeq}-${e.seq} differ from what ${sealedBy.where} signed`);
    if (e.lookupMismatch) bad(`changed: its ${e.lookupMismatch} column does not match its record`);
    if (sealed.finalThrough !== undefined && e.seq > sealed.finalThrough) bad(`inserted: after the final digest of the chain (event ${sealed.finalThrough})`);
    else if (e.seq > sealed.coveredThrough) uncovered++;
    if (problems.length === before) valid++;
    prevHash = e.hash;
    expected = e.seq + 1;
    lastWhere = e.where;
  }
  if (expected - 1 < sealed.coveredThrough && sealed.coveredThrough > sealed.cut) {
    const from = Math.max(expected, sealed.cut + 1);
    problems.push({ kind: 'Event', where: `${input.chainId}#${range(from, sealed.coveredThrough)}`, message: `removed: sealed by a digest but missing${events ? ` after ${lastWhere}` : ''}` });
  }
  return { events, valid, uncovered };
}

/** Verifies one chain. */
export async function verifyChain(input: ChainInput, keys: KeyResolver): Promise<ChainReport> {
  const problems: Problem[] = input.problem ? [{ kind: 'Chain', where: input.chainId, message: input.problem }] : [];
  const { sealed, valid: validDigests } = checkDigests(input.chainId, input.digests, keys, problems);
  const ev = await checkEvents(input, sealed, problems);
  return { chainId: input.chainId, digests: input.digests.length, validDigests, events: ev.events, validEvents: ev.valid, uncovered: ev.uncovered, prunedThrough: sealed.cut, problems };
}

/** The outcome of a verification: per chain, plus problems that belong to no chain (unreadable files). */
export interface VerifyResult { ok: boolean; chains: ChainReport[]; problems: Problem[] }

/** Verifies every chain; `ok` when there is no problem anywhere. */
export async function verifyChains(inputs: AsyncIterable<ChainInput> | Iterable<ChainInput>, keys: KeyResolver, problems: Problem[] = []): Promise<VerifyResult> {
  const chains: ChainReport[] = [];
  for await (const input of inputs) chains.push(await verifyChain(input, keys));
  return { ok: problems.length === 0 && chains.every((c) => c.problems.length === 0), chains, problems };
}

/** The report, in the manner of `aws cloudtrail validate-logs`: each problem on a line, the first one named, then totals. */
export function formatReport(source: string, r: VerifyResult): string {
  const sum = (f: (c: ChainReport) => number) => r.chains.reduce((n, c) => n + f(c), 0);
  const problems = [...r.problems, ...r.chains.flatMap((c) => c.problems)];
  const lines = [`Validating the audit log in ${source}`];
  for (const p of problems) lines.push(`${p.kind}\t${p.where}\tINVALID: ${p.message}`);
  if (problems[0]) lines.push(`First problem: ${problems[0].kind.toLowerCase()} ${problems[0].where}: ${problems[0].message}`);
  lines.push(`${r.chains.length} chain${r.chains.length === 1 ? '' : 's'} checked`);
  lines.push(`${sum((c) => c.validDigests)}/${sum((c) => c.digests)} digests valid`);
  lines.push(`${sum((c) => c.validEvents)}/${sum((c) => c.events)} events valid`);
  const uncovered = sum((c) => c.uncovered);
  if (uncovered) lines.push(`${uncovered} event${uncovered === 1 ? '' : 's'} not yet covered by a digest`);
  const pruned = r.chains.filter((c) => c.prunedThrough > 0);
  for (const c of pruned) lines.push(`chain ${c.chainId}: events 1-${c.prunedThrough} pruned by retention`);
  lines.push(r.ok ? 'Audit log valid' : `Audit log INVALID: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
