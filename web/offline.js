// Working without the network (issue 18, item 2): the service worker
// (web/sw.js) keeps the app and the API answers of the worker's own day; this
// module registers it, tells it which files make the app, reads the day ahead
// (the plan's households, the key persons, the open issues) while the network
// is there, and wipes everything the phone keeps when its user changes.
//
// What the phone keeps belongs to one user: the service worker's API cache,
// the outbox (IndexedDB, web/outbox.js) and the drafts (localStorage).  The
// user they belong to is remembered in localStorage ('sibai.owner'); a logout
// or a login as someone else wipes all three.

import * as outbox from './outbox.js';
import { qs } from './api.js';

const OWNER = 'sibai.owner';
export const API_CACHE = 'sibai-api';

// The files a worker's day needs offline, relative to this module (so that
// content-hashed URLs, /v/<hash>/…, work as well as plain ones).
const SHELL = ['./app.js', './api.js', './ui.js', './i18n.js', './data.js', './outbox.js', './offline.js', './style.css',
	'./views/plan.js', './views/household.js', './views/visit.js', './views/issue-new.js', './views/issues.js',
	'./views/register.js', './views/resident.js', './views/outbox.js', './views/login.js', './views/campaigns.js'];

/** Registers the service worker (where the browser allows one: https or
 * localhost) and asks it to keep the app's files. */
export async function start() {
	if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
	try {
		await navigator.serviceWorker.register('/sw.js', { scope: '/' });
		const reg = await navigator.serviceWorker.ready;
		const urls = SHELL.map((u) => new URL(u, import.meta.url).href);
		urls.push(new URL('/', location.href).href);
		for (const l of document.querySelectorAll('link[rel=stylesheet], script[src], link[rel=modulepreload]')) urls.push(new URL(l.href || l.src, location.href).href);
		reg.active?.postMessage({ type: 'keep', urls: [...new Set(urls)] });
		if (!controlled()) {
			// the first visit: the worker takes the page over (clients.claim)
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
		}
		if (lastPlan) readDayAhead(lastPlan);
	} catch (e) {
		console.warn('service worker', e);
	}
}

/** Whether a service worker answers this page's requests (so reads are kept). */
function controlled() {
	return !!(navigator.serviceWorker && navigator.serviceWorker.controller);
}

let dayRead = null;
let lastPlan = null;
/**
 * Reads the worker's day ahead so that it opens offline: the households of
 * the plan PLAN (the answer of /api/v1/me/plan), the key persons of their
 * grids, their open issues.  Plain GETs, one at a time after the page is
 * shown (the slow link serves the worker first); the service worker keeps
 * the answers.  Sets <html data-offline-ready> when done (tests wait on it).
 */
export function readDayAhead(plan) {
	lastPlan = plan;
	if (dayRead || !controlled() || !navigator.onLine) return dayRead;
	// the same URLs the pages ask for (views/register.js, issues.js, household.js)
	const paths = ['/api/v1/residents/key-persons?mine=true', '/api/v1/issues?limit=1', '/api/v1/issue-categories',
		'/api/v1/issues' + qs({ level: 'committee', status: 'open', assignee_id: 'me', sort: 'due', limit: 50 })];
	for (const it of (plan.items || []).slice(0, 200)) {
		const id = it.household_id;
		paths.push(`/api/v1/households/${id}`, `/api/v1/visits${qs({ household_id: id, limit: 5 })}`,
			`/api/v1/issues${qs({ household_id: id, status: 'open', limit: 20 })}`);
	}
	dayRead = (async () => {
		await new Promise((r) => setTimeout(r, 300));
		for (const p of paths) {
			try {
				await fetch(p, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
			} catch {
				break; // offline again: what was read is kept
			}
		}
		document.documentElement.dataset.offlineReady = '1';
	})();
	return dayRead;
}

/** The user the phone's data belongs to ({id, username}) or null. */
export function owner() {
	try {
		return JSON.parse(localStorage.getItem(OWNER) || 'null');
	} catch {
		return null;
	}
}

/** Makes ME the owner of the phone's data and opens their outbox. */
export function own(me) {
	try {
		localStorage.setItem(OWNER, JSON.stringify({ id: me.id, username: me.username }));
	} catch { /* not remembered: wiped at the next login anyway */ }
	outbox.setOwner(me.id);
}

/** Wipes what the phone keeps: the API cache, the drafts and the outbox
 * of the owner (and of ID when given). */
export async function wipe(id) {
	const o = owner();
	outbox.setOwner(null);
	dayRead = null;
	delete document.documentElement.dataset.offlineReady;
	const ids = new Set([o && o.id, id].filter((x) => x !== null && x !== undefined));
	for (const x of ids) await outbox.wipe(x);
	try {
		for (const k of Object.keys(localStorage)) if (k.startsWith('sibai.draft.')) localStorage.removeItem(k);
		localStorage.removeItem(OWNER);
	} catch { /* storage blocked: nothing kept */ }
	if (globalThis.caches) await caches.delete(API_CACHE).catch(() => {});
	if (controlled()) navigator.serviceWorker.controller.postMessage({ type: 'wipe' });
}
