/** Limit/Marker pagination as AWS does it: an opaque marker, `Truncated`, and `NextMarker` when more remain. */
import { fail } from '../errors.js';

/** Decodes a Marker into the last key of the previous page. */
export function afterMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const s = Buffer.from(marker, 'base64url').toString('utf8');
  if (!s.startsWith('m1:')) fail('InvalidMarkerException', 'Invalid marker');
  return s.slice(3);
}

/** Cuts `rows` (fetched with limit + 1) to a page and builds the paging fields. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string): { items: T[]; Truncated: boolean; NextMarker?: string } {
  if (rows.length <= limit) return { items: rows, Truncated: false };
  const items = rows.slice(0, limit);
  const last = keyOf(items[items.length - 1]!);
  return { items, Truncated: true, NextMarker: Buffer.from('m1:' + last, 'utf8').toString('base64url') };
}
