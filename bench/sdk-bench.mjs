#!/usr/bin/env node
/**
 * Envelope-encryption throughput: Trent's SDK vs the official @aws-crypto/client-node, same run, same file.
 * Usage: node bench/sdk-bench.mjs [--size MiB] [--json FILE]
 * Each measurement runs in its own child process (so peak RSS — maxRSS — is per measurement), streaming
 * file → encrypt/decrypt → file. `openssl speed -evp aes-256-gcm` is the single-core AES-GCM ceiling.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const KEY = Buffer.alloc(32, 7); // a fixed benchmark wrapping key: both sides must share it

/** Builds the keyring/client pair of one implementation. */
async function implementation(name) {
  if (name === 'trent') {
    const sdk = await import('@trent/sdk');
    const keyring = new sdk.RawAesKeyring({ keyNamespace: 'bench', keyName: 'k', wrappingKey: KEY });
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

/** Child: one streamed operation; prints {seconds, maxRssMiB, mainCpuMs, allCpuMs}. */
async function child([impl, op, suite, input, output]) {
  const i = await implementation(impl);
  const t0 = process.hrtime.bigint(), c0 = mainThreadCpuMs(), a0 = process.cpuUsage();
  const transform = op === 'encrypt' ? i.encrypt(Number(suite)) : i.decrypt();
  await pipeline(createReadStream(input, { highWaterMark: 256 << 10 }), transform, createWriteStream(output));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const a = process.cpuUsage(a0);
  process.stdout.write(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, mainCpuMs: mainThreadCpuMs() - c0, allCpuMs: (a.user + a.system) / 1000 }));
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
      for (const impl of ['trent', 'aws-crypto']) {
        const enc = join(dir, `${impl}-${suite}.enc`), dec = join(dir, `${impl}-${suite}.dec`);
        const e = measure(self, [impl, 'encrypt', String(suite), input, enc]);
        const d = measure(self, [impl, 'decrypt', String(suite), enc, dec]);
        if ((await sha256(dec)) !== want) throw new Error(`${impl} ${suite}: round trip mismatch`);
        rmSync(dec);
        rows.push({
          impl, suite: `0x${suite.toString(16).padStart(4, '0')}`, frameLength: 4096, encryptMBs: mb / e.seconds, decryptMBs: mb / d.seconds,
          encryptMaxRssMiB: e.maxRssMiB, decryptMaxRssMiB: d.maxRssMiB, encryptMainCpuMs: e.mainCpuMs, decryptMainCpuMs: d.mainCpuMs, encryptAllCpuMs: e.allCpuMs, decryptAllCpuMs: d.allCpuMs,
        });
      }
      // cross-check: each side decrypts the other's message
      const x = measure(self, ['trent', 'decrypt', String(suite), join(dir, `aws-crypto-${suite}.enc`), join(dir, 'x.dec')]);
      if ((await sha256(join(dir, 'x.dec'))) !== want || !(x.seconds > 0)) throw new Error('cross-decrypt mismatch');
    }
    report(rows, opensslCeiling(), sizeMiB, jsonOut);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(rows, ceiling, sizeMiB, jsonOut) {
  const f = (n) => n.toFixed(1).padStart(8);
  console.log(`SDK envelope encryption, ${sizeMiB} MiB file, frame 4096, streamed file → file (MB/s = 10^6 bytes/s)`);
  console.log('impl        suite    enc MB/s  dec MB/s  enc RSS MiB  dec RSS MiB  enc main-CPU ms  dec main-CPU ms');
  for (const r of rows) console.log(`${r.impl.padEnd(11)} ${r.suite}  ${f(r.encryptMBs)}  ${f(r.decryptMBs)}  ${f(r.encryptMaxRssMiB)}     ${f(r.decryptMaxRssMiB)}     ${f(r.encryptMainCpuMs)}         ${f(r.decryptMainCpuMs)}`);
  const ratios = [];
  for (const suite of ['0x0578', '0x0478']) {
    const t = rows.find((r) => r.impl === 'trent' && r.suite === suite), p = rows.find((r) => r.impl === 'aws-crypto' && r.suite === suite);
    const ratio = { suite, encrypt: t.encryptMBs / p.encryptMBs, decrypt: t.decryptMBs / p.decryptMBs, encryptMainCpu: p.encryptMainCpuMs / t.encryptMainCpuMs, decryptMainCpu: p.decryptMainCpuMs / t.decryptMainCpuMs };
    ratios.push(ratio);
    console.log(`ratio trent / aws-crypto ${suite}: throughput encrypt ${ratio.encrypt.toFixed(1)}x, decrypt ${ratio.decrypt.toFixed(1)}x; main-thread CPU per byte encrypt ${ratio.encryptMainCpu.toFixed(1)}x, decrypt ${ratio.decryptMainCpu.toFixed(1)}x`);
  }
  console.log(`load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores (wall-clock ratios shrink on a busy machine)`);
  console.log(`openssl speed -evp aes-256-gcm (16 KiB blocks, one core): ${ceiling.toFixed(0)} MB/s`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ sizeMiB, rows, ratios, opensslAes256GcmMBs: ceiling, loadavg: loadavg() }, null, 2));
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') await child(argv.slice(1));
else await main(argv);
