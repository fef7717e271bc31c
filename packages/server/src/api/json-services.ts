/**
 * The services served over JSON 1.1, told apart by their X-Amz-Target prefix: KMS (validated
 * against its service model) and CloudTrail (LookupEvents). Each says how to read an operation's
 * input and what of it, and of its reply, an audit event may show.
 */
import type { Operation } from '../context.js';
import { checkGrantTokens } from '../keys/grant-tokens.js';
import { safeKmsValue } from '../audit/params.js';
import type { Service } from '../audit/record.js';
import { CLOUDTRAIL_OPERATIONS, CLOUDTRAIL_PREFIX, cloudTrailParams } from './cloudtrail.js';
import { fail } from './errors.js';
import { inputShapeOf, isKmsOperation, outputShapeOf } from './model.js';
import { KMS_OPERATIONS } from './ops/index.js';
import { validateInput } from './validate.js';

/** One JSON 1.1 service. */
export interface JsonService {
  prefix: string;
  service: Service;
  /** The SigV4 service name its requests are signed for. */
  signingName: string;
  ops: ReadonlyMap<string, Operation>;
  /** True for operations the service has but Trent does not serve (UnsupportedOperationException). */
  unsupported(name: string): boolean;
  /** The handler's input from the parsed body (validation errors as AWS raises them). */
  input(name: string, raw: unknown): Record<string, any>;
  /** The audit event's requestParameters. */
  params(name: string, raw: unknown): Record<string, unknown> | null;
  /** The audit event's responseElements. */
  response(name: string, output: Record<string, unknown>): Record<string, unknown> | null;
}

const KMS: JsonService = {
  prefix: 'TrentService.',
  service: 'kms',
  signingName: 'kms',
  ops: KMS_OPERATIONS,
  unsupported: isKmsOperation,
  input(name, raw) {
    const input = validateInput(inputShapeOf(name)!, raw);
    checkGrantTokens(input.GrantTokens as string[] | undefined);
    return input;
  },
  params: (name, raw) => safeKmsValue(inputShapeOf(name), raw),
  response: (name, output) => safeKmsValue(outputShapeOf(name), output),
};

const CLOUDTRAIL: JsonService = {
  prefix: CLOUDTRAIL_PREFIX,
  service: 'cloudtrail',
  signingName: 'cloudtrail',
  ops: CLOUDTRAIL_OPERATIONS,
  unsupported: () => false,
  input(_name, raw) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('SerializationException', 'The request body must be a JSON object.');
    return raw as Record<string, any>;
  },
  params: (_name, raw) => cloudTrailParams(raw),
  response: () => null,
};

/** The service a target belongs to (KMS for anything unknown, which answers UnknownOperationException). */
export function jsonServiceFor(target: string): JsonService {
  return target.startsWith(CLOUDTRAIL_PREFIX) ? CLOUDTRAIL : KMS;
}
