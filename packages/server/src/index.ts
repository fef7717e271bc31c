/** @trent/server: the public entry points used by the `trent` command and by tests. */
export { serve } from './serve.js';
export { loadConfig, type Config } from './config.js';
export { openParts } from './app.js';
export { RootKeyError } from './root/provider.js';
export { createAccount, newAccountId } from './auth/bootstrap.js';
