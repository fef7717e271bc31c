/**
 * The AWS KMS service model (generated from botocore by scripts/gen-model.py): the one authority
 * for operation names, input shapes and member constraints.
 */
import { createRequire } from 'node:module';

/** One shape of the service model, documentation stripped. */
export interface Shape {
  type: 'structure' | 'string' | 'blob' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'list' | 'map';
  members?: Record<string, string>;
  required?: string[];
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  enum?: string[];
  pattern?: string;
  sensitive?: boolean;
}

interface Model {
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, Shape>;
}

const model = createRequire(import.meta.url)('./model.json') as Model;

/** Operation name → its input shape name (undefined when the operation takes no input). */
export function inputShapeOf(operation: string): string | undefined {
  return model.operations[operation]?.input;
}

/** Operation name → its output shape name. */
export function outputShapeOf(operation: string): string | undefined {
  return model.operations[operation]?.output;
}

/** True when the KMS model defines this operation. */
export function isKmsOperation(operation: string): boolean {
  return Object.hasOwn(model.operations, operation);
}

/** Looks up a shape by name; the model is closed, so a missing name is a programming error. */
export function shape(name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new Error(`unknown shape ${name}`);
  return s;
}
