/**
 * A minimal ZIP writer: STORE method (no compression) only, enough for ImportParameters.zip.
 *
 * Format (PKWARE APPNOTE.TXT, all numbers little-endian), per file in order:
 *   local file header  sig 0x04034b50, version needed (10), flags (0x0800: UTF-8 name), method (0 = stored),
 *                      DOS time, DOS date, CRC-32, compressed size, size, name length, extra length (0), name
 *   file data          the bytes as they are
 * then the central directory, one entry per file:
 *                      sig 0x02014b50, version made by (20), the local header's fields from version needed
 *                      to extra length, comment length, disk number, internal and external attributes (0),
 *                      the local header's offset, name
 * and the end of central directory record:
 *                      sig 0x06054b50, disk numbers (0, 0), entry counts (n, n), directory size and offset,
 *                      comment length (0).
 * No ZIP64: every size and offset here is far below 4 GiB.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, the polynomial ZIP and gzip use). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One file of the archive. */
export interface ZipEntry { name: string; data: Uint8Array }

function dosTime(d: Date): [number, number] {
  return [(d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1), ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()];
}

/** The fields a local header and its central directory entry share, from "version needed" on. */
function common(e: ZipEntry, name: Uint8Array, when: [number, number]): number[] {
  const crc = crc32(e.data);
  return [10, 2, 0x0800, 2, 0, 2, when[0], 2, when[1], 2, crc, 4, e.data.length, 4, e.data.length, 4, name.length, 2, 0, 2];
}

/** Writes (value, width) pairs little-endian. */
function pack(pairs: number[]): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) for (let b = 0; b < pairs[i + 1]!; b++) out.push((pairs[i]! >>> (8 * b)) & 0xff);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The ZIP archive of `entries`, stored uncompressed, dated `when`. */
export function zipStore(entries: ZipEntry[], when = new Date()): Uint8Array<ArrayBuffer> {
  const time = dosTime(when);
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const fields = common(e, name, time);
    const header = concat([pack([0x04034b50, 4, ...fields]), name, e.data]);
    central.push(concat([pack([0x02014b50, 4, 20, 2, ...fields, 0, 2, 0, 2, 0, 2, 0, 4, offset, 4]), name]));
    local.push(header);
    offset += header.length;
  }
  const dir = concat(central);
  const end = pack([0x06054b50, 4, 0, 2, 0, 2, entries.length, 2, entries.length, 2, dir.length, 4, offset, 4, 0, 2]);
  return concat([...local, dir, end]);
}
