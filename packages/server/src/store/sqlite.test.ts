/** The store conformance suite on SQLite (a fresh database file per test). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from './conformance.js';
import { auditConformance } from './audit-conformance.js';
import { sqliteDialect } from './dialects.js';
import { Store } from './store.js';

const fresh = () => Store.open(sqliteDialect(join(mkdtempSync(join(tmpdir(), 'trent-store-')), 'trent.db')));
storeConformance('sqlite', fresh);
auditConformance('sqlite', fresh);
