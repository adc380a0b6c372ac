// Offline reading (issue 18): registers the service worker (web/sw.js),
// reads the worker's day ahead, and wipes what the phone keeps — API cache,
// outbox, drafts: one user's, 'sibai.owner' — at logout or another's login.

import * as outbox from './outbox.js';
import { qs } from './api.js';

const OWNER = 'sibai.owner';
const API_CACHE = 'sibai-api';

// The files a worker's day needs offline besides those index.html names,
// relative to this module (so that content-hashed URLs, /v/<hash>/…, work too).
const SHELL = ['data', 'outbox', 'offline', 'views/plan', 'views/household', 'views/visit', 'views/issue-new', 'views/issues',
	'views/register', 'views/resident', 'views/outbox', 'views/login', 'views/campaigns'];

/** Registers the service worker (where the browser allows one: https or
 * localhost) and asks it to keep the app's files. */
export async function start() {
	if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
	try {
		await navigator.serviceWorker.register('/sw.js', { scope: '/' });
		const reg = await navigator.serviceWorker.ready;
		const urls = SHELL.map((u) => new URL(`./${u}.js`, import.meta.url).href);
		urls.push(location.origin + '/');
		for (const l of document.querySelectorAll('link[href]:not([rel=icon]), script[src]')) urls.push(l.href || l.src);
		reg.active?.postMessage({ type: 'keep', urls: [...new Set(urls)] });
		if (!controlled()) {
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
/** Reads ahead what PLAN's day needs offline (its households, key persons,
 * open issues), one GET at a time; sets <html data-offline-ready> when done. */
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
				break;
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
