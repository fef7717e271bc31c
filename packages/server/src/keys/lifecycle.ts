/**
 * The key state machine: which operations each key state allows, and the exception AWS answers
 * when it does not. Operations are grouped in classes; the table is the only place rules live.
 */
import { fail, type ErrorName } from '../api/errors.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable' | 'Creating' | 'Updating' | 'PendingReplicaDeletion';

/** Operation classes that share state rules. */
export type StateClass = 'crypto' | 'enable' | 'disable' | 'schedule' | 'cancel' | 'modify' | 'read' | 'aliasTarget' | 'rotate' | 'import' | 'deleteImported'
  | 'replicate' | 'updatePrimary';

type Rule = 'ok' | ErrorName;
const INVALID: Rule = 'KMSInvalidStateException';

const RULES: Record<StateClass, Partial<Record<KeyState, Rule>>> = {
  crypto: { Enabled: 'ok', Disabled: 'DisabledException' },
  enable: { Enabled: 'ok', Disabled: 'ok' },
  disable: { Enabled: 'ok', Disabled: 'ok' },
  schedule: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok' },
  cancel: { PendingDeletion: 'ok', PendingReplicaDeletion: 'ok' },
  modify: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok' },
  aliasTarget: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok' },
  rotate: { Enabled: 'ok', Disabled: 'DisabledException' },
  import: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok' },
  deleteImported: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok', PendingDeletion: 'ok' },
  read: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok', PendingDeletion: 'ok', Unavailable: 'ok', PendingReplicaDeletion: 'ok' },
  // Multi-Region keys: a primary is replicated in any state but deletion; the primary Region moves between enabled keys.
  replicate: { Enabled: 'ok', Disabled: 'ok', PendingImport: 'ok' },
  updatePrimary: { Enabled: 'ok', Disabled: 'DisabledException' },
};

const DESCRIBE: Partial<Record<KeyState, string>> = {
  Disabled: 'is disabled.',
  PendingDeletion: 'is pending deletion.',
  PendingImport: 'is pending import.',
  Unavailable: 'is unavailable.',
  PendingReplicaDeletion: 'is pending replica deletion.',
};

/** Throws AWS's exception when a key in `state` may not take part in an operation of class `cls`. */
export function requireState(cls: StateClass, state: string, arn: string): void {
  const rule = RULES[cls][state as KeyState] ?? INVALID;
  if (rule === 'ok') return;
  if (cls === 'cancel') fail(rule, `${arn} is not pending deletion.`);
  fail(rule, `${arn} ${DESCRIBE[state as KeyState] ?? `is in state ${state}.`}`);
}
