/**
 * `npm run bench`: Trent side by side with a bare Node HTTP server (same number of processes) and
 * moto_server, on the same pre-signed KMS requests, in one run. Prints a table and writes
 * bench/RESULTS.md. Flags: --quick (2 s per scenario), --duration S, --rounds R (slices per target,
 * interleaved; default 2, 1 with --quick), --workers N, --only TEXT, --node-loader (use the Node
 * load generator instead of wrk), --no-moto. With --nodes 1,2,3 it runs bench/nodes.mjs instead.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_PAIR, POLICY_PAIR, scenarios, TARGET } from './scenarios.mjs';
import { callKms, signKms } from './sign.mjs';
import { ensureWrk, runWrk } from './wrk.mjs';
import { runNode } from './load.mjs';
import { combine, fmt, freePort, machine, ratio, readCredentials, sleep, splitResults, start, stopAll, treeCpuMs, waitFor } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : d; };
const seconds = Number(opt('--duration', flag('--quick') ? 2 : 6));
const workers = Number(opt('--workers', process.env.TRENT_WORKERS ?? availableParallelism()));
const only = opt('--only', '');
const rounds = Number(opt('--rounds', flag('--quick') ? 1 : 2));
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

/** Starts Trent as target `name` (`trent`, or `trentOff` with the audit log off: the audit-cost baseline). */
async function startTrent(dir, name = 'trent', audit = 'on') {
  const port = freePort(name === 'trent' ? 47000 : 46000);
  const dataDir = join(dir, name);
  const proc = start(process.execPath, [join(ROOT, 'packages/cli/dist/main.js'), 'serve'],
    { TRENT_DATA_DIR: dataDir, TRENT_PORT: String(port), TRENT_WORKERS: String(workers), TRENT_HOST: '127.0.0.1', TRENT_AUDIT: audit }, join(dir, `${name}.log`));
  await waitFor('Trent', async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200);
  const target = { name, pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', credentials: readCredentials(join(dataDir, 'credentials')) };
  return prepare(target);
}

async function startBare(dir) {
  const port = freePort(48000);
  const proc = start(process.execPath, [join(ROOT, 'bench/bare-server.mjs'), String(port), String(workers)], {}, join(dir, 'bare.log'));
  await waitFor('bare Node server', async () => (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' })).status === 200);
  return { name: 'bare', pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', credentials: { accessKeyId: 'AKIABENCHBARE0000000', secretAccessKey: 'bare' } };
}

/** The floor (bench/floor-server.mjs): an Encrypt's work alone, with Trent's primitives; same number of processes. */
async function startFloor(dir) {
  const port = freePort(45000);
  const credentials = { accessKeyId: 'AKIABENCHFLOOR000000', secretAccessKey: randomBytes(30).toString('base64') };
  const proc = start(process.execPath, [join(ROOT, 'bench/floor-server.mjs'), String(port), String(workers), credentials.accessKeyId, credentials.secretAccessKey], {}, join(dir, 'floor.log'));
  await waitFor('floor server', async () => (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' })).status === 400);
  return { name: 'floor', pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', credentials };
}

async function startMoto(dir) {
  if (flag('--no-moto') || spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) return undefined;
  const port = freePort(49000);
  const proc = start('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {}, join(dir, 'moto.log'));
  const target = { name: 'moto', pid: proc.pid, host: '127.0.0.1', port, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } };
  await waitFor('moto_server', async () => (await fetch(`http://127.0.0.1:${port}/moto-api/`)).status < 500, 60_000);
  return prepare(target);
}

/** Creates the key and the 4 KiB ciphertext the scenarios use. */
async function prepare(target) {
  const { KeyMetadata } = await callKms(target, 'CreateKey', { Description: 'bench' });
  const { CiphertextBlob } = await callKms(target, 'Encrypt', { KeyId: KeyMetadata.KeyId, Plaintext: Buffer.alloc(4096, 0x61).toString('base64') });
  const policyKeyId = target.name === 'trent' ? await policyKey(target, KeyMetadata.AWSAccountId) : undefined;
  return { ...target, fixture: { keyId: KeyMetadata.KeyId, ciphertext4k: CiphertextBlob, policyKeyId } };
}

/** A key whose policy carries conditions, with grants on it: what authorization costs when it has work to do. */
async function policyKey(target, account) {
  const admin = `arn:aws:iam::${account}:user/admin`;
  const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Use', Effect: 'Allow', Principal: { AWS: admin }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:app': 'bench' }, IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } } },
    { Sid: 'NoPlainHttpDecrypt', Effect: 'Deny', Principal: '*', Action: 'kms:ReEncrypt*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ] });
  const { KeyMetadata } = await callKms(target, 'CreateKey', { Description: 'bench policy', Policy });
  for (const op of [['Encrypt'], ['Decrypt', 'GenerateDataKey']]) {
    await callKms(target, 'CreateGrant', { KeyId: KeyMetadata.KeyId, GranteePrincipal: admin, Operations: op, Constraints: { EncryptionContextSubset: { app: 'bench' } } });
  }
  return KeyMetadata.KeyId;
}

/** Signs the scenario's request for `target` (fresh date: inside SigV4's window for the whole scenario). */
async function requestsFor(target, scenario, fixture) {
  const input = scenario.body(fixture);
  if (target.name !== 'bare') await callKms(target, scenario.op, input); // the request must succeed before it is measured
  const { raw } = await signKms(target, scenario.op, input);
  return [raw];
}

function table(rows) {
  const head = ['Scenario', 'Trent req/s', 'Trent p50 ms', 'Trent p99 ms', 'bare req/s', 'bare p99 ms', 'moto req/s', 'moto p99 ms', 'Trent/bare', 'Trent/moto',
    'Trent CPU µs/req', 'bare CPU µs/req', 'bare/Trent CPU', 'audit-off req/s', 'audit on/off', 'floor req/s', 'floor CPU µs/req', 'Trent/floor'];
  const body = rows.map((r) => [r.name, fmt(r.trent?.rps), fmt(r.trent?.p50, 2), fmt(r.trent?.p99, 2), fmt(r.bare?.rps), fmt(r.bare?.p99, 2),
    fmt(r.moto?.rps), fmt(r.moto?.p99, 1), ratio(r.trent?.rps, r.bare?.rps), ratio(r.trent?.rps, r.moto?.rps),
    fmt(r.trent?.cpuUs), fmt(r.bare?.cpuUs), ratio(r.bare?.cpuUs, r.trent?.cpuUs), fmt(r.trentOff?.rps), ratio(r.trent?.rps, r.trentOff?.rps),
    fmt(r.floor?.rps), fmt(r.floor?.cpuUs), ratio(r.trent?.rps, r.floor?.rps)]);
  return [head, head.map(() => '---'), ...body].map((c) => `| ${c.join(' | ')} |`).join('\n');
}

function verdict(rows) {
  return [targetVerdict(rows), policyVerdict(rows), auditVerdict(rows), floorVerdict(rows)].filter(Boolean).join('\n');
}

function floorVerdict(rows) {
  const r = rows.find((x) => x.name === AUDIT_PAIR.scenario);
  if (!r?.trent || !r.floor || !r.bare) return '';
  return `Floor (${AUDIT_PAIR.scenario}): the Encrypt work alone (SigV4, JSON, base64, HKDF + AES-GCM; no validation, authorization, audit or logs) ` +
    `reaches ${ratio(r.floor.rps, r.bare.rps)} of bare Node (${fmt(r.floor.rps)} req/s, ${fmt(r.floor.cpuUs)} µs/req); Trent reaches ${ratio(r.trent.rps, r.floor.rps)} of the floor.`;
}

function auditVerdict(rows) {
  const r = rows.find((x) => x.name === AUDIT_PAIR.scenario);
  if (!r?.trent || !r.trentOff) return '';
  const k = r.trent.rps / r.trentOff.rps;
  return `Audit cost (${AUDIT_PAIR.scenario}): audit on keeps ${(k * 100).toFixed(0)}% of audit off's throughput (${fmt(r.trent.rps)} vs ${fmt(r.trentOff.rps)} req/s; ` +
    `CPU ${fmt(r.trent.cpuUs)} vs ${fmt(r.trentOff.cpuUs)} µs/req; target ≥ ${AUDIT_PAIR.minRatio * 100}%) — ${k >= AUDIT_PAIR.minRatio ? 'met' : 'NOT met'}.`;
}

function policyVerdict(rows) {
  const base = rows.find((x) => x.name === POLICY_PAIR.base)?.trent;
  const pol = rows.find((x) => x.name === POLICY_PAIR.policy)?.trent;
  if (!base || !pol) return '';
  const r = pol.rps / base.rps;
  return `Authorization cost: key policy with conditions and grants keeps ${(r * 100).toFixed(0)}% of the default policy's throughput (target ≥ ${POLICY_PAIR.minRatio * 100}%) — ${r >= POLICY_PAIR.minRatio ? 'met' : 'NOT met'}.`;
}

function targetVerdict(rows) {
  const r = rows.find((x) => x.name === TARGET.name);
  if (!r?.trent) return 'Target scenario not run.';
  const okBare = r.bare && r.trent.rps / r.bare.rps >= TARGET.minBareRatio;
  const okMoto = r.moto ? r.trent.rps / r.moto.rps >= TARGET.minMotoRatio : undefined;
  const okP99 = r.trent.p99 < TARGET.maxP99Ms;
  const mark = (b) => (b === undefined ? 'n/a' : b ? 'met' : 'NOT met');
  return `Target (${TARGET.name}): ≥ ${TARGET.minBareRatio * 100}% of bare Node — ${mark(okBare)} (${ratio(r.trent.rps, r.bare?.rps)}); ` +
    `≥ ${TARGET.minMotoRatio}× moto_server — ${mark(okMoto)} (${ratio(r.trent.rps, r.moto?.rps)}); p99 < ${TARGET.maxP99Ms} ms — ${mark(okP99)} (${fmt(r.trent.p99, 2)} ms).`;
}

async function main() {
  const useWrk = !flag('--node-loader') && ensureWrk(log);
  const load = useWrk ? runWrk : runNode;
  const loader = useWrk ? 'wrk 4.1 (1 thread, C/epoll), replaying pre-signed SigV4 requests' : 'Node load generator (bench/load.mjs), replaying pre-signed SigV4 requests';
  const dir = mkdtempSync(join(tmpdir(), 'trent-bench-'));
  const t0 = Date.now();
  const load0 = loadavg()[0];
  try {
    log(`workers=${workers}, ${seconds}s per scenario and target in ${rounds} interleaved round(s), load: ${loader}`);
    const list = scenarios.filter((s) => s.name.includes(only));
    const audited = list.some((s) => s.name === AUDIT_PAIR.scenario);
    const [trent, bare, moto, trentOff, floor] = await Promise.all([startTrent(dir), startBare(dir), startMoto(dir),
      audited ? startTrent(dir, 'trentOff', 'off') : undefined, audited ? startFloor(dir) : undefined]);
    if (!moto) log('moto_server not available: its columns stay empty');
    const targets = [trent, bare, moto].filter(Boolean);
    log('warming up Trent and bare Node (2 s each)');
    const warm = list.find((s) => s.name === TARGET.name) ?? list[0];
    for (const t of [trent, bare, trentOff, floor].filter(Boolean)) await load({ port: t.port, raws: await requestsFor(t, warm, t.fixture ?? trent.fixture), concurrency: 64, seconds: 2 });
    const rows = [];
    for (const [i, s] of list.entries()) {
      const row = { name: s.name };
      // The audit-off Trent and the floor run only the target scenario, interleaved with the others like any target.
      const ts = s.name === AUDIT_PAIR.scenario ? [...targets, trentOff, floor].filter(Boolean) : targets;
      const slices = Object.fromEntries(ts.map((t) => [t.name, []]));
      // Rounds interleave the targets (order rotating), so a noisy neighbour on a shared machine hits all alike.
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < ts.length; k++) {
          const t = ts[(k + r + i) % ts.length];
          const raws = await requestsFor(t, s, t.fixture ?? trent.fixture);
          const cpu0 = treeCpuMs(t.pid);
          const res = await load({ port: t.port, raws, concurrency: s.concurrency, seconds: seconds / rounds });
          slices[t.name].push({ ...res, cpuMs: treeCpuMs(t.pid) - cpu0 });
        }
      }
      for (const t of ts) {
        row[t.name] = combine(slices[t.name]);
        if (row[t.name].errors) log(`${s.name} on ${t.name}: ${row[t.name].errors} errors`);
      }
      log(`${s.name}: trent ${fmt(row.trent.rps)} req/s p50 ${fmt(row.trent.p50, 2)} p99 ${fmt(row.trent.p99, 2)} ms | bare ${fmt(row.bare.rps)} | moto ${fmt(row.moto?.rps)}${row.trentOff ? ` | audit off ${fmt(row.trentOff.rps)}` : ''}${row.floor ? ` | floor ${fmt(row.floor.rps)}` : ''}`);
      rows.push(row);
    }
    const m = machine();
    const out = table(rows);
    const v = verdict(rows);
    console.log(`\n${out}\n\n${v}\n`);
    const md = `# Benchmark results\n\n` +
      `Produced by \`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}\` on ${m.date}.\n\n` +
      `- Machine: \`nproc\` = ${m.nproc}, ${m.cpu}; Node ${m.node}; 1-minute load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (other work on the machine inflates every figure)\n` +
      `- Trent: ${workers} cluster worker(s), SQLite store, file root key, real SigV4 verified on every request, default log level, audit log on (TRENT_AUDIT=on)\n` +
      `- Trent audit off: the same with TRENT_AUDIT=off, run on ${AUDIT_PAIR.scenario} only (the audit-cost baseline)\n` +
      `- bare Node: node:http, ${workers} cluster worker(s), reads the body and answers a small JSON (the ceiling)\n` +
      `- moto_server: python moto, same KMS requests (its own key)\n` +
      `- floor: node:http, ${workers} cluster worker(s), bench/floor-server.mjs — only an Encrypt's own work with Trent's primitives (SigV4 verified, JSON, base64, HKDF + AES-256-GCM, JSON reply), on ${AUDIT_PAIR.scenario} only\n` +
      `- Load: ${loader}; ${seconds} s per scenario and target, in ${rounds} interleaved round(s) (p50: request-weighted mean of the rounds, p99: the worst round); concurrency = open keep-alive connections\n` +
      `- Errors (non-200 or socket errors) during the run: ${rows.reduce((n, r) => n + [...targets, trentOff, floor].filter(Boolean).reduce((k, t) => k + (r[t.name]?.errors ?? 0), 0), 0)}\n\n` +
      `${out}\n\n${v}\n\nWhole run: ${Math.round((Date.now() - t0) / 1000)} s.\n\n` +
      `Reading the figures: req/s and latency move with whatever else the machine runs (see the load average);\n` +
      `the targets are compared in the same run, interleaved. \`CPU µs/req\` is the server's own CPU time per\n` +
      `request (all its processes, from /proc), so \`bare/Trent CPU\` estimates the throughput ratio of an idle machine.\n` +
      `At concurrency 64, p50 ≈ 64 / (req/s) by Little's law: a p99 under 10 ms needs well over 6,400 req/s.\n`;
    const file = join(ROOT, 'bench/RESULTS.md');
    let kept = ''; // the nodes section (bench/nodes.mjs) survives a rerun of this bench
    try { kept = splitResults(readFileSync(file, 'utf8')).nodes; } catch { /* first run */ }
    writeFileSync(file, kept ? `${md}\n${kept}` : md);
    log(`wrote bench/RESULTS.md (${Math.round((Date.now() - t0) / 1000)} s)`);
  } finally {
    stopAll();
    await sleep(300);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (flag('--nodes')) await import('./nodes.mjs'); // several nodes on PostgreSQL: a bench of its own, same flags
else main().then(() => process.exit(0), (err) => { log(`failed: ${err.stack ?? err}`); stopAll(); process.exit(1); });
