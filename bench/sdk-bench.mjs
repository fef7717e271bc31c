#!/usr/bin/env node
/**
 * Envelope-encryption throughput: Trent's SDK vs the official @aws-crypto/client-node, same run, same file.
 * Usage: node bench/sdk-bench.mjs [--size MiB] [--json FILE]
 * Each measurement runs in its own child process (so peak RSS is per measurement), file → encrypt/decrypt
 * → file, each implementation its own way: Trent's file API (`encryptFile`, what `trent encrypt` uses)
 * and, through the same stream pipeline as the official SDK, Trent's stream Transform; the official SDK
 * has no file API, its documented way is the stream pipeline. `openssl speed -evp aes-256-gcm` is the
 * single-core AES-GCM ceiling.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const KEY = Buffer.alloc(32, 7); // a fixed benchmark wrapping key: both sides must share it

/** Implementations measured: Trent through its file API, Trent's stream and the official SDK's stream in one pipeline. */
const IMPLS = ['trent-file', 'trent', 'aws-crypto'];

/** Builds one implementation: `file(op, suite, input, output)` or stream Transforms. */
async function implementation(name) {
  if (name.startsWith('trent')) {
    const sdk = await import('@trent/sdk');
    const keyring = new sdk.RawAesKeyring({ keyNamespace: 'bench', keyName: 'k', wrappingKey: KEY });
    if (name === 'trent-file') return { file: (op, suite, input, output) => (op === 'encrypt' ? sdk.encryptFile(keyring, input, output, { suite }) : sdk.decryptFile(keyring, input, output)) };
    return {
      encrypt: (suite) => sdk.encryptStream(keyring, { suite }),
      decrypt: () => sdk.decryptStream(keyring),
    };
  }
  const p = await import('@aws-crypto/client-node');
  const keyring = new p.RawAesKeyringNode({ keyNamespace: 'bench', keyName: 'k', unencryptedMasterKey: new Uint8Array(KEY), wrappingSuite: p.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING, utf8Sorting: true });
  const client = p.buildClient(p.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  return {
    encrypt: (suite) => client.encryptStream(keyring, { suiteId: suite }),
    decrypt: () => client.decryptStream(keyring),
  };
}

/** CPU milliseconds of the main thread (Linux /proc; NaN elsewhere): unlike wall time, it holds on a busy machine. */
function mainThreadCpuMs() {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return NaN; }
}

/**
 * Peak RSS of this process, MiB: VmHWM where /proc has it. A spawned child's `resourceUsage().maxRSS`
 * starts at its parent's RSS at the fork (Linux keeps the maximum across exec), so it can report the parent.
 */
function peakRssMiB() {
  try { return Number(/VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024; } catch { return process.resourceUsage().maxRSS / 1024; }
}

/** Child: one operation, file → file; prints {seconds, maxRssMiB, mainCpuMs, allCpuMs}. */
async function child([impl, op, suite, input, output]) {
  const i = await implementation(impl);
  const t0 = process.hrtime.bigint(), c0 = mainThreadCpuMs(), a0 = process.cpuUsage();
  if (i.file) await i.file(op, Number(suite), input, output);
  else await pipeline(createReadStream(input, { highWaterMark: 256 << 10 }), op === 'encrypt' ? i.encrypt(Number(suite)) : i.decrypt(), createWriteStream(output));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const a = process.cpuUsage(a0);
  process.stdout.write(JSON.stringify({ seconds, maxRssMiB: peakRssMiB(), mainCpuMs: mainThreadCpuMs() - c0, allCpuMs: (a.user + a.system) / 1000 }));
}

/** Runs one measurement in a fresh process. */
function measure(self, args) {
  const r = spawnSync(process.execPath, [self, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${args.slice(0, 3).join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

/** The OpenSSL AES-256-GCM ceiling at 16 KiB blocks, MB/s. */
function opensslCeiling() {
  const r = spawnSync('openssl', ['speed', '-seconds', '2', '-bytes', '16384', '-evp', 'aes-256-gcm'], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => /^aes-256-gcm/i.test(l));
  return line ? Number(line.trim().split(/\s+/).pop().replace(/k$/, '')) * 1000 / 1e6 : NaN;
}

function sha256(file) {
  return new Promise((res, rej) => { const h = createHash('sha256'); createReadStream(file).on('data', (b) => h.update(b)).on('end', () => res(h.digest('hex'))).on('error', rej); });
}

async function main(argv) {
  const self = fileURLToPath(import.meta.url);
  const sizeMiB = Number(argv[argv.indexOf('--size') + 1] ?? 256) || 256;
  const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'trent-sdk-bench-'));
  try {
    const input = join(dir, 'plain.bin');
    const ws = createWriteStream(input);
    for (let i = 0; i < sizeMiB; i++) if (!ws.write(randomBytes(1 << 20))) await new Promise((r) => ws.once('drain', r));
    await new Promise((r) => ws.end(r));
    const want = await sha256(input);
    const mb = statSync(input).size / 1e6;
    const rows = [];
    for (const suite of [0x0578, 0x0478]) {
      for (const impl of IMPLS) {
        const enc = join(dir, `${impl}-${suite}.enc`), dec = join(dir, `${impl}-${suite}.dec`);
        const e = measure(self, [impl, 'encrypt', String(suite), input, enc]);
        const d = measure(self, [impl, 'decrypt', String(suite), enc, dec]);
        if ((await sha256(dec)) !== want) throw new Error(`${impl} ${suite}: round trip mismatch`);
        rmSync(dec);
        rows.push({
          impl, mode: impl === 'trent-file' ? 'file' : 'stream', suite: `0x${suite.toString(16).padStart(4, '0')}`, frameLength: 4096, encryptMBs: mb / e.seconds, decryptMBs: mb / d.seconds,
          encryptMaxRssMiB: e.maxRssMiB, decryptMaxRssMiB: d.maxRssMiB, encryptMainCpuMs: e.mainCpuMs, decryptMainCpuMs: d.mainCpuMs, encryptAllCpuMs: e.allCpuMs, decryptAllCpuMs: d.allCpuMs,
        });
      }
      // cross-check: Trent decrypts the official SDK's message, the file API the stream's and the other way round
      for (const [impl, from] of [['trent', 'aws-crypto'], ['trent-file', 'aws-crypto'], ['trent', 'trent-file'], ['trent-file', 'trent']]) {
        const x = measure(self, [impl, 'decrypt', String(suite), join(dir, `${from}-${suite}.enc`), join(dir, 'x.dec')]);
        if ((await sha256(join(dir, 'x.dec'))) !== want || !(x.seconds > 0)) throw new Error(`cross-decrypt mismatch: ${impl} reading ${from}`);
      }
    }
    report(rows, opensslCeiling(), sizeMiB, jsonOut, loadBefore);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Trent row over the official row: throughput ratios (higher is faster) and main-thread CPU ratios (official / Trent). */
function ratio(t, p) {
  return { encrypt: t.encryptMBs / p.encryptMBs, decrypt: t.decryptMBs / p.decryptMBs, encryptMainCpu: p.encryptMainCpuMs / t.encryptMainCpuMs, decryptMainCpu: p.decryptMainCpuMs / t.decryptMainCpuMs };
}

function report(rows, ceiling, sizeMiB, jsonOut, loadBefore) {
  const f = (n) => n.toFixed(1).padStart(8);
  console.log(`SDK envelope encryption, ${sizeMiB} MiB file, frame 4096, file → file (MB/s = 10^6 bytes/s)`);
  console.log('impl        mode    suite    enc MB/s  dec MB/s  enc RSS MiB  dec RSS MiB  enc main-CPU ms  dec main-CPU ms');
  for (const r of rows) console.log(`${r.impl.padEnd(11)} ${r.mode.padEnd(7)} ${r.suite}  ${f(r.encryptMBs)}  ${f(r.decryptMBs)}  ${f(r.encryptMaxRssMiB)}     ${f(r.decryptMaxRssMiB)}     ${f(r.encryptMainCpuMs)}         ${f(r.decryptMainCpuMs)}`);
  const ratios = [];
  const x = (n) => `${n.toFixed(1)}x`;
  for (const suite of ['0x0578', '0x0478']) {
    const row = (impl) => rows.find((r) => r.impl === impl && r.suite === suite);
    const p = row('aws-crypto'), file = ratio(row('trent-file'), p), stream = ratio(row('trent'), p);
    // `encrypt`/`decrypt`/…MainCpu keep their old meaning (Trent's stream vs the official stream); `file` is the headline
    ratios.push({ suite, ...stream, file, headline: 'file' });
    console.log(`ratio trent / aws-crypto ${suite}, each its own way to encrypt a file (Trent file API vs official stream): throughput encrypt ${x(file.encrypt)}, decrypt ${x(file.decrypt)}; main-thread CPU encrypt ${x(file.encryptMainCpu)}, decrypt ${x(file.decryptMainCpu)}`);
    console.log(`ratio trent / aws-crypto ${suite}, both through the same stream pipeline: throughput encrypt ${x(stream.encrypt)}, decrypt ${x(stream.decrypt)}; main-thread CPU encrypt ${x(stream.encryptMainCpu)}, decrypt ${x(stream.decryptMainCpu)}`);
  }
  const load = (l) => l.map((v) => v.toFixed(1)).join(' ');
  console.log(`load average before the run: ${load(loadBefore)}, after: ${load(loadavg())} on ${cpus().length} cores (wall-clock ratios shrink on a busy machine)`);
  console.log(`openssl speed -evp aes-256-gcm (16 KiB blocks, one core): ${ceiling.toFixed(0)} MB/s`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ sizeMiB, rows, ratios, opensslAes256GcmMBs: ceiling, loadavg: loadavg(), loadavgBefore: loadBefore }, null, 2));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') await child(argv.slice(1));
else await main(argv);
