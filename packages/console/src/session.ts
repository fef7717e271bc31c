/**
 * Where the signed-in credentials live: the tab's sessionStorage, and nowhere else. Not localStorage
 * (written to disk, shared by every tab, kept after the browser closes), not a cookie (sent with every
 * request), never a URL. sessionStorage dies with the tab, survives a reload, and is readable only by
 * this origin's scripts, which the CSP limits to the console's own files.
 */
import type { Credentials } from './sigv4.js';

/** A signed-in tab: credentials, the region it works in, and who the credentials belong to. */
export interface Session { credentials: Credentials; region: string; account: string; arn: string }

const KEY = 'trent-console-session';

/** The tab's session, or null when signed out. */
export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? JSON.parse(raw) as Session : null;
}

/** Keeps the signed-in session in this tab (see above for why here). */
export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

/** Sign out: forgets the credentials (everything the console keeps). */
export function signOut(): void {
  sessionStorage.clear();
}
