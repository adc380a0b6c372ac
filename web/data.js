// Small caches of things many views need: areas (names of codes), the
// committees in the user's scope, tags, issue categories, a committee's staff.

import { get, getAll, qs } from './api.js';

const areaCache = new Map();
/** One area {code, name, level, parent_code, parents, children} (cached). */
export function area(code) {
	if (!areaCache.has(code)) {
		const p = get(`/api/v1/areas/${encodeURIComponent(code)}`);
		p.catch(() => areaCache.delete(code));
		areaCache.set(code, p);
	}
	return areaCache.get(code);
}

/** The name of an area code, or the code when it cannot be read. */
export async function areaName(code) {
	try {
		return (await area(code)).name;
	} catch {
		return code;
	}
}

let committeesP = null;
/** The committees in the user's scope, [{code, name, parent_code}] (at most 2000). */
export function committees() {
	if (!committeesP) {
		committeesP = getAll('/api/v1/areas?level=committee', 2000);
		committeesP.catch(() => { committeesP = null; });
	}
	return committeesP;
}

const tagCache = new Map();
/** Tags visible for a committee (or all in scope). */
export function tags(committee_code) {
	const k = committee_code || '';
	if (!tagCache.has(k)) {
		const p = getAll('/api/v1/tags' + qs({ committee_code }));
		p.catch(() => tagCache.delete(k));
		tagCache.set(k, p);
	}
	return tagCache.get(k);
}
export function forgetTags() {
	tagCache.clear();
}

let catsP = null;
/** Issue categories [{code, name, name_en, …}], or [] when the API has none. */
export function categories() {
	if (!catsP) {
		catsP = get('/api/v1/issue-categories').then((r) => r.items || r, () => {
			catsP = null; // try again next time (cancelled, or not there yet)
			return [];
		});
	}
	return catsP;
}
export function forgetCategories() {
	catsP = null;
}

/** Clears every cache (after a logout or a login as someone else). */
export function forgetAll() {
	areaCache.clear();
	committeesP = null;
	tagCache.clear();
	catsP = null;
}

/** The accounts a head may pick for committee CODE — its workers and heads,
 * not disabled, gate accounts included (the caller filters them by need) —
 * as [id, name]: GET /api/v1/users answers a head+ the users of its
 * jurisdiction. */
export async function workersOf(code) {
	const users = await getAll('/api/v1/users', 2000).catch(() => []);
	return users.filter((u) => !u.disabled && (u.role === 'worker' || u.role === 'committee_head') && u.scope.includes(code)).map((u) => [u.id, u.name || u.username]);
}
