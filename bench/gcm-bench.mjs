#!/usr/bin/env node
/**
 * Per-frame AES-256-GCM cost: @trent/gcm's native addon vs its node:crypto fallback (the SDK's
 * code path before the addon), 4 KiB frames sealed/opened into one output buffer as the SDK does.
 * CPU time of this process (process.cpuUsage), the two implementations interleaved over several rounds.
 * Usage: node bench/gcm-bench.mjs [--frames N] [--rounds R] [--frame BYTES]
 */
import { randomBytes } from 'node:crypto';
import { fallback, nativeGcm } from '@trent/gcm';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const frames = arg('--frames', 20000), rounds = arg('--rounds', 5), fl = arg('--frame', 4096);
if (!nativeGcm) { console.error('the native addon is not built (npm install / npm rebuild @trent/gcm)'); process.exit(1); }

const key = randomBytes(32), aad = randomBytes(32 + 28 + 12), iv = Buffer.alloc(12);
const plain = randomBytes(fl * 64);
const sealed = Buffer.allocUnsafe(64 * (fl + 16));

/** ns per frame (CPU) of sealing then opening `frames` frames with one implementation. */
function run(impl) {
  const k = impl.gcmKey(key), back = Buffer.allocUnsafe(fl);
  const cpu = (u) => (u.user + u.system) * 1000;
  let u = process.cpuUsage();
  for (let i = 0; i < frames; i++) {
    const j = i & 63;
    iv.writeUInt32BE(i, 8);
    impl.sealInto(k, iv, aad, plain.subarray(j * fl, (j + 1) * fl), sealed, j * (fl + 16));
  }
  const seal = cpu(process.cpuUsage(u)) / frames;
  iv.writeUInt32BE(frames - 1, 8); // reopen the last frame sealed under this IV
  const last = ((frames - 1) & 63) * (fl + 16), ct = sealed.subarray(last, last + fl + 16);
  u = process.cpuUsage();
  for (let i = 0; i < frames; i++) impl.openInto(k, iv, aad, ct, back, 0);
  const open = cpu(process.cpuUsage(u)) / frames;
  k.destroy();
  return { seal, open };
}

const rows = { native: [], 'node:crypto': [] };
run(nativeGcm); run(fallback); // warm-up
for (let r = 0; r < rounds; r++) {
  rows.native.push(run(nativeGcm));
  rows['node:crypto'].push(run(fallback));
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const [name, rs] of Object.entries(rows)) {
  const s = median(rs.map((x) => x.seal)), o = median(rs.map((x) => x.open));
  console.log(`${name.padEnd(12)} seal ${(s / 1000).toFixed(2)} µs/frame (${(s / fl).toFixed(2)} ns/B)   open ${(o / 1000).toFixed(2)} µs/frame (${(o / fl).toFixed(2)} ns/B)   [CPU, median of ${rounds}, ${fl}-byte frames]`);
}
