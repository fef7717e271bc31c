/** @trent/server: the public entry points used by the `trent` command and by tests. */
export { serve } from './serve.js';
export { auditSetting, auditSyncSetting, loadConfig, ROOT_KEY_PROVIDERS, type Config, type RootKeyProviderKind } from './config.js';
export { openParts, openStore } from './app.js';
export { backupStore, restoreStore } from './store/backup.js';
export { RootKeyError } from './root/provider.js';
export { parseQuotaSetting } from './api/quotas/settings.js';
export { createAccount, newAccountId } from './auth/bootstrap.js';
export { rotateRootKey } from './root/rotate.js';
export type { Store } from './store/store.js';
export { exportAudit } from './audit/export.js';
export { verifyStore } from './audit/verify-store.js';
export { verifyDir } from './audit/verify-dir.js';
export { formatReport } from './audit/verify.js';
export { rotateSigningKey } from './audit/signing-key.js';
