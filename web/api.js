// Talking to the sibai API: JSON in and out, errors as ApiError, a 401
// (session expired) sends the user to the login page and back afterwards.

/** An error answer of the API: {status, code, message, message_zh, field}. */
export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || (status === 0 ? 'network' : 'http_' + status);
		this.message_zh = e.message_zh || null;
		this.field = e.field || null;
	}
}

let onUnauthorized = () => {};

// issue 18: the oldest answer of the page from web/sw.js's cache (its age)
let fromCache = null;
export const cachedSince = () => fromCache;
const NET = { error: { code: 'network', message: 'the network is not reachable', message_zh: '网络不通，请稍后再试' } };

// Reads started for a page are cancelled when the user leaves it, so that the
// next page does not wait behind them (a browser opens six connections).
let navigation = new AbortController();
let navigationSeq = 0;
/** Cancels the reads of the page being left; called by the router. */
export function newNavigation() {
	navigation.abort();
	fromCache = null;
	navigation = new AbortController();
	return ++navigationSeq;
}
/** The number of the current page visit (to tell a stale task). */
export function navigationId() {
	return navigationSeq;
}
/** Sets what happens when a request answers 401 (the session is gone). */
export function setUnauthorizedHandler(fn) {
	onUnauthorized = fn;
}

/**
 * METHOD PATH with BODY (an object, sent as JSON) or, with opts.raw, a
 * Blob/ArrayBuffer sent with opts.type.  Answers the parsed JSON (null for
 * 204); throws ApiError.  A 401 other than a failed login calls the
 * unauthorized handler first (not with opts.quiet).  POST, PATCH, PUT carry
 * an Idempotency-Key (opts.key or a new one; issue 18); opts.signal: a write's.
 */
export async function api(method, path, body, opts = {}) {
	const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
	if (method === 'GET' && !opts.early) init.signal = navigation.signal; // writes are never cancelled
	else init.signal = opts.signal;
	const key = opts.key || crypto.randomUUID?.();
	if (key && /^P/.test(method)) init.headers['Idempotency-Key'] = key;
	if (opts.raw !== undefined) {
		init.body = opts.raw;
		init.headers['Content-Type'] = opts.type;
	} else if (body !== undefined) {
		init.body = JSON.stringify(body);
		init.headers['Content-Type'] = 'application/json';
	} else if (method !== 'GET' && method !== 'HEAD') {
		// every state-changing request carries the JSON type (CSRF guard)
		init.headers['Content-Type'] = 'application/json';
	}
	let res;
	try {
		res = await fetch(path, init);
	} catch (e) {
		if (e && e.name === 'AbortError') throw new ApiError(0, { error: { code: 'aborted', message: 'left the page', message_zh: '已离开页面' } });
		throw new ApiError(0, NET); // also a write's time-out
	}
	const at = Number(res.headers.get('X-Sibai-Cached-At'));
	if (at && (!fromCache || at < fromCache)) fromCache = at;
	if (res.status === 204) return null;
	let json = null;
	// a connection broken during the answer: stored or not, unknown
	const text = await res.text().catch(() => { throw new ApiError(0, NET); });
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	if (!res.ok) {
		const err = new ApiError(res.status, json);
		if (res.status === 401 && err.code !== 'invalid_credentials' && !opts.quiet) onUnauthorized(err);
		throw err;
	}
	return json;
}

// issue 18: a read begun before its page (the plan, at login), taken by its get() within 30 s
const early = new Map();
export function readEarly(path) {
	const p = api('GET', path, undefined, { early: true });
	p.catch(() => {});
	early.set(path, [p, Date.now()]);
}
export const get = (path) => {
	const e = early.get(path);
	early.delete(path);
	return e && Date.now() - e[1] < 30000 ? e[0] : api('GET', path);
};
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** A query string from an object, leaving out empty values ('' null undefined false-y arrays). */
export function qs(params) {
	const u = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v === undefined || v === null || v === '') continue;
		if (Array.isArray(v)) {
			if (v.length) u.set(k, v.join(','));
		} else u.set(k, String(v));
	}
	const s = u.toString();
	return s ? '?' + s : '';
}

/** Every page of a collection (following next_cursor), at most MAX items. */
export async function getAll(path, max = 2000) {
	const items = [];
	let cursor = null;
	const sep = path.includes('?') ? '&' : '?';
	for (;;) {
		const page = await get(`${path}${sep}limit=500${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
		items.push(...page.items);
		cursor = page.next_cursor;
		if (!cursor || items.length >= max) return items;
	}
}
