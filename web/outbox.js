// The outbox (issue 18): a write from the phone gets its idempotency key when
// the worker taps save.  Unanswered, it waits in IndexedDB (a database per
// user, wiped at logout) and is sent again, with the same key, when the
// network is back: the server stores it once.  A later refusal is kept with
// the server's reason until the worker fixes or discards it.

import { api, ApiError } from './api.js';
import './i18n-phone.js';

const STORE = 'writes';
// A save waits 20 s for its answer (a visit is 1 KiB: seconds on slow 3G),
// then goes to the outbox; tests shorten it (window.__sibaiSaveTimeoutMs).
const SAVE_TIMEOUT_MS = 20000;
// Retries: 5 s, 15 s, … every 5 min at most; "online" and a visible page try at once.
const BACKOFF_MS = [5000, 15000, 45000, 120000, 300000];

let uid = null;
let dbP = null;
const listeners = new Set();
const inflight = new Set(); // keys being sent by submit() in this tab
let timer = null;
let failures = 0;
let flushing = null;

function dbName(id) {
	return 'sibai-outbox-' + id;
}

function openDb(id) {
	return new Promise((resolve, reject) => {
		const rq = indexedDB.open(dbName(id), 1);
		rq.onupgradeneeded = () => rq.result.createObjectStore(STORE, { keyPath: 'key' });
		rq.onsuccess = () => resolve(rq.result);
		rq.onerror = () => reject(rq.error);
		rq.onblocked = () => reject(new Error('outbox blocked'));
	});
}

async function tx(mode, fn) {
	if (!dbP) throw new Error('no outbox owner');
	const db = await dbP;
	return new Promise((resolve, reject) => {
		const t = db.transaction(STORE, mode, { durability: 'strict' });
		const rq = fn(t.objectStore(STORE));
		t.oncomplete = () => resolve(rq.result);
		t.onerror = t.onabort = () => reject(t.error);
	});
}

function changed(sent) {
	for (const fn of listeners) fn(sent);
}

/** Calls FN whenever the outbox changes (FN(sent entries) after a flush); answers a function to stop. */
export function onChange(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/** Opens the outbox of user ID (null: none) and sends what waits in it. */
export function setOwner(id) {
	if (id === uid) return;
	uid = id;
	clearTimeout(timer);
	failures = 0;
	if (dbP) dbP.then((db) => db.close(), () => {});
	dbP = id === null || id === undefined || !globalThis.indexedDB ? null : openDb(id);
	if (dbP) dbP.catch(() => { dbP = null; });
	changed();
	if (dbP) schedule(0);
}

/** The writes waiting, oldest first ({key, method, path, body, kind, label, fix, state, error…}). */
export async function list() {
	if (!dbP) return [];
	const all = (await tx('readonly', (st) => st.getAll())) || [];
	return all.sort((a, b) => a.created_at - b.created_at);
}

/** {pending, refused}: how many writes wait, and how many of them the server refused. */
export async function counts() {
	const refused = (await list().catch(() => [])).map((e) => e.state === 'refused');
	return { pending: refused.filter((r) => !r).length, refused: refused.filter((r) => r).length };
}

const put = (e) => tx('readwrite', (st) => st.put(e));
const remove = (key) => tx('readwrite', (st) => st.delete(key));

/** Whether ERR means the answer never came (the write may or may not be stored). */
function unanswered(err) {
	return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500);
}

/** A fresh key: a version-4 UUID (plain http on an office LAN has no randomUUID, but getRandomValues). */
function newKey() {
	if (crypto.randomUUID) return crypto.randomUUID();
	const x = [...crypto.getRandomValues(new Uint8Array(16))].map((v) => v.toString(16).padStart(2, '0')).join('');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20)}`;
}

const waitFor = () => AbortSignal.timeout(Number(globalThis.__sibaiSaveTimeoutMs) || SAVE_TIMEOUT_MS);

/**
 * Sends W {method, path, body, kind, label, fix (its form's hash), draftKey,
 * draft}: answers {value}, or {queued: entry} when it waits in the outbox.
 * A refusal is thrown (the worker is still on the form), nothing kept.
 */
export async function submit(w) {
	const entry = { ...w, key: newKey(), uid, created_at: Date.now(), tries: 0, state: 'pending', error: null };
	let stored = false;
	if (dbP) {
		try {
			await put(entry);
			stored = true;
		} catch { /* no IndexedDB (private mode): a plain write */ }
	}
	inflight.add(entry.key);
	try {
		entry.tries++;
		const value = await api(w.method, w.path, w.body, { key: entry.key, signal: waitFor() });
		if (stored) await remove(entry.key).catch(() => {});
		return { value };
	} catch (err) {
		if (stored && unanswered(err)) {
			await put(entry).catch(() => {});
			schedule();
			return { queued: entry };
		}
		if (stored) await remove(entry.key).catch(() => {});
		throw err;
	} finally {
		inflight.delete(entry.key);
		changed();
	}
}

function schedule(ms) {
	clearTimeout(timer);
	if (!dbP) return;
	timer = setTimeout(() => flush().catch(() => {}), ms ?? BACKOFF_MS[Math.min(failures, 4)]);
}

async function flushOnce() {
	const owner = uid;
	const sent = [];
	for (const e of await list()) {
		if (e.state === 'refused' || inflight.has(e.key)) continue;
		if (owner !== uid) break; // logged out meanwhile
		inflight.add(e.key);
		try {
			e.tries++;
			await api(e.method, e.path, e.body, { key: e.key, signal: waitFor(), quiet: true });
			await remove(e.key);
			sent.push(e);
			failures = 0;
		} catch (err) {
			if (unanswered(err) || err.status === 401) {
				// still no network (or the session must be renewed): later, same key
				await put(e).catch(() => {});
				failures++;
				return { sent, stopped: true };
			}
			e.state = 'refused';
			e.error = { status: err.status, code: err.code, message: err.message, message_zh: err.message_zh, field: err.field };
			await put(e).catch(() => {});
		} finally {
			inflight.delete(e.key);
			changed();
		}
	}
	return { sent, stopped: false };
}

/** Sends the pending writes, oldest first, one at a time: {sent, stopped}. */
export function flush() {
	if (!dbP) return Promise.resolve({ sent: [], stopped: false });
	if (flushing) return flushing;
	clearTimeout(timer);
	const run = () => flushOnce();
	const p = (navigator.locks ? navigator.locks.request('sibai-outbox-' + uid, run) : run());
	flushing = p.finally(() => {
		flushing = null;
	}).then((r) => {
		if (r.stopped) schedule();
		else if (r.sent.length) changed(r.sent);
		return r;
	});
	return flushing;
}

/** Removes a write for good (the worker chose to). */
export async function discard(key) {
	await remove(key);
	changed();
}

/** Answers the entry KEY and removes it, for the worker to correct on its form. */
export async function takeBack(key) {
	const e = (await list()).find((x) => x.key === key);
	if (e) await discard(key);
	return e || null;
}

/** How many writes wait in user ID's outbox (another user's, at login; wiped next). */
export async function pendingOf(id) {
	const db = await openDb(id);
	const n = await new Promise((resolve) => {
		const rq = db.transaction(STORE).objectStore(STORE).count();
		rq.onsuccess = () => resolve(rq.result);
		rq.onerror = () => resolve(0);
	});
	db.close();
	return n;
}

/** Deletes user ID's outbox (logout, or another user logs in). */
export async function wipe(id) {
	if (id === uid) setOwner(null);
	await new Promise((resolve) => {
		const rq = indexedDB.deleteDatabase(dbName(id));
		rq.onsuccess = rq.onerror = rq.onblocked = () => resolve();
	});
}

if (typeof window !== 'undefined') {
	window.addEventListener('online', () => {
		failures = 0;
		flush().catch(() => {});
	});
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible' && navigator.onLine) flush().catch(() => {});
	});
}
