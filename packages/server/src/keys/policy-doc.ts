/** The minimum a key policy document must be before full policy validation exists: a JSON object within 32 KB. */
import { fail } from '../api/errors.js';

const MAX_POLICY_BYTES = 32 * 1024;

/** Returns the policy text unchanged, or throws MalformedPolicyDocumentException. */
export function checkPolicyDocument(text: string): string {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) fail('LimitExceededException', `The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { fail('MalformedPolicyDocumentException', 'The policy is not valid JSON.'); }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('Statement' in doc)) {
    fail('MalformedPolicyDocumentException', 'The policy must be a JSON object with a Statement.');
  }
  return text;
}
