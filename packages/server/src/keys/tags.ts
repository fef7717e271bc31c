/** Tag rules shared by CreateKey and TagResource. */
import { fail } from '../api/errors.js';

export const MAX_TAGS = 50;

/** Validates a Tags parameter; returns them as key/value pairs. */
export function checkTags(tags: readonly { TagKey: string; TagValue: string }[] | undefined): { key: string; value: string }[] {
  const out = (tags ?? []).map((t) => ({ key: t.TagKey, value: t.TagValue }));
  const seen = new Set<string>();
  for (const t of out) {
    if (t.key.startsWith('aws:')) fail('TagException', `Tag key '${t.key}' is reserved: tag keys beginning with 'aws:' are for AWS use.`);
    if (seen.has(t.key)) fail('TagException', `Duplicate tag key '${t.key}'.`);
    seen.add(t.key);
  }
  if (out.length > MAX_TAGS) fail('TagException', `A key can have at most ${MAX_TAGS} tags.`);
  return out;
}
