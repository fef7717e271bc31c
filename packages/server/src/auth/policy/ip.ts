/**
 * IPv4 and IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress. An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`) is treated as the IPv4 address it carries.
 */

/** A parsed address: family and value. */
export interface IpValue { v6: boolean; value: bigint }

/** A parsed CIDR block. */
export interface Cidr { v6: boolean; net: bigint; mask: bigint }

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseGroups(s: string): number[] | undefined {
  if (s === '') return [];
  const groups: number[] = [];
  const items = s.split(':');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string;
    if (i === items.length - 1 && item.includes('.')) {
      const v4 = parseV4(item);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) groups.push(parseInt(item, 16));
    else return undefined;
  }
  return groups;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] as string);
  const tail = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(Math.max(missing, 0)).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an IPv4 or IPv6 address; undefined when it is neither. */
export function parseIp(s: string): IpValue | undefined {
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === undefined ? undefined : { v6: false, value: v4 };
  }
  const v6 = parseV6(s);
  if (v6 === undefined) return undefined;
  // IPv4-mapped addresses compare as IPv4, as a dual-stack listener reports them.
  if (v6 >> 32n === 0xffffn) return { v6: false, value: v6 ^ MAPPED_PREFIX };
  return { v6: true, value: v6 };
}

/** Parses `addr/len` (or a bare address, a host block); undefined when malformed. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const width = ip.v6 ? 128 : 32;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return undefined;
  const bits = len === undefined ? width : Number(len);
  if (bits > width) return undefined;
  const all = (1n << BigInt(width)) - 1n;
  const mask = all ^ ((1n << BigInt(width - bits)) - 1n);
  return { v6: ip.v6, net: ip.value & mask, mask };
}

let lastText = '';
let lastIp: IpValue | undefined;

/** True when the address text lies inside the block. */
export function cidrContains(block: Cidr, address: string): boolean {
  // One-entry memo: a request tests the same source address against every block.
  if (address !== lastText) { lastText = address; lastIp = parseIp(address); }
  const ip = lastIp;
  return ip !== undefined && ip.v6 === block.v6 && (ip.value & block.mask) === block.net;
}
