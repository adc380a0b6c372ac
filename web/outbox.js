// The outbox (issue 18, item 1): a write from the phone — a visit, an issue,
// a campaign entry, a duty done — gets its idempotency key when the worker
// taps save, and keeps it until the server has answered.  If the network is
// gone or does not answer, the write waits in IndexedDB (one database per
// user: "sibai-outbox-<user id>") and is sent again when the network is back,
// always with the same key, so the server stores it exactly once.  A write
// the server refuses later (say the household moved out meanwhile) stays,
// marked with the server's reason, until the worker fixes or discards it.
//
// Only the user who made a write sends it: the database is named by user and
// wiped at logout (web/offline.js).  Two tabs of the same user share the
// database; navigator.locks keeps them from sending at the same time.

import { api, ApiError, newKey } from './api.js';

const STORE = 'writes';
// How long a save waits for the server's answer before the write goes to the
// outbox: long enough for a 1 KiB visit over a slow 3G link (400 ms round
// trip, 400 kbit/s), short enough that a worker in a stairwell is not kept
// waiting.  Tests shorten it with window.__sibaiSaveTimeoutMs.
const SAVE_TIMEOUT_MS = 20000;
// Retries after a failure: 5 s, 15 s, 45 s, … at most every 5 minutes; the
// browser's "online" event and the page becoming visible try at once.
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
		const st = t.objectStore(STORE);
		let out;
		const rq = fn(st);
		if (rq) rq.onsuccess = () => { out = rq.result; };
		t.oncomplete = () => resolve(out);
		t.onerror = () => reject(t.error);
		t.onabort = () => reject(t.error || new Error('aborted'));
	});
}

function changed() {
	for (const fn of listeners) {
		try {
			fn();
		} catch (e) {
			console.error(e);
		}
	}
}

/** Calls FN whenever the outbox changes; answers a function to stop. */
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

/** The writes waiting, oldest first: [{key, method, path, body, kind,
 * label, fix, draft, created_at, tries, state: pending|refused, error}]. */
export async function list() {
	if (!dbP) return [];
	const all = (await tx('readonly', (st) => st.getAll())) || [];
	return all.sort((a, b) => a.created_at - b.created_at);
}

/** {pending, refused}: how many writes wait, and how many of them the server refused. */
export async function counts() {
	const all = await list().catch(() => []);
	return { pending: all.filter((e) => e.state !== 'refused').length, refused: all.filter((e) => e.state === 'refused').length };
}

const put = (e) => tx('readwrite', (st) => st.put(e));
const remove = (key) => tx('readwrite', (st) => st.delete(key));

/** Whether ERR means the answer never came (the write may or may not be stored). */
function unanswered(err) {
	return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500);
}

function timeoutMs() {
	return Number(globalThis.__sibaiSaveTimeoutMs) || SAVE_TIMEOUT_MS;
}

/**
 * Sends a write now.  W: {method, path, body, kind (visit|issue|entry|duty),
 * label (what the worker recognises: an address), fix (the page to correct
 * it on), draftKey + draft (the form as typed, restored by "fix")}.
 * Answers {value} when the server stored it, {queued: entry} when it waits in
 * the outbox.  A refusal (4xx) is thrown as the ApiError, the entry removed:
 * the worker is still on the form and corrects it there.
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
		const value = await api(w.method, w.path, w.body, { key: entry.key, timeout: timeoutMs() });
		if (stored) await remove(entry.key).catch(() => {});
		failures = 0;
		return { value };
	} catch (err) {
		if (stored && unanswered(err)) {
			entry.last_error = err.code;
			await put(entry).catch(() => {});
			changed();
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
	const wait = ms ?? BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
	timer = setTimeout(() => flush().catch(() => {}), wait);
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
			await api(e.method, e.path, e.body, { key: e.key, timeout: timeoutMs(), quiet: true });
			await remove(e.key);
			sent.push(e);
			failures = 0;
		} catch (err) {
			if (unanswered(err) || err.status === 401) {
				// still no network (or the session must be renewed): later, same key
				e.last_error = err.code;
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

/** Sends every pending write, oldest first, one at a time; answers
 * {sent: [entries], stopped: whether the network failed again}. */
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
		else if (r.sent.length) flushed(r.sent);
		return r;
	});
	return flushing;
}

const sentListeners = new Set();
/** Calls FN(entries) after queued writes were stored by the server. */
export function onSent(fn) {
	sentListeners.add(fn);
}
function flushed(entries) {
	for (const fn of sentListeners) fn(entries);
}

/** Marks a refused write pending again and sends it. */
export async function retry(key) {
	const e = (await list()).find((x) => x.key === key);
	if (!e) return;
	e.state = 'pending';
	e.error = null;
	await put(e);
	changed();
	return flush();
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

/** How many writes wait in user ID's outbox (another user's, at login). */
export async function pendingOf(id) {
	if (!globalThis.indexedDB || id === null || id === undefined) return 0;
	if (indexedDB.databases) {
		const dbs = await indexedDB.databases().catch(() => null);
		if (dbs && !dbs.some((d) => d.name === dbName(id))) return 0;
	}
	const db = await openDb(id);
	try {
		return await new Promise((resolve, reject) => {
			const rq = db.transaction(STORE, 'readonly').objectStore(STORE).count();
			rq.onsuccess = () => resolve(rq.result);
			rq.onerror = () => reject(rq.error);
		});
	} finally {
		db.close();
	}
}

/** Deletes user ID's outbox (logout, or another user logs in). */
export async function wipe(id) {
	if (!globalThis.indexedDB || id === null || id === undefined) return;
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
