// Offline reading (issue 18): registers the service worker (web/sw.js),
// reads the worker's day ahead, and wipes what the phone keeps — API cache,
// outbox, drafts: one user's, 'sibai.owner' — at logout or another's login.

import * as outbox from './outbox.js';
import { qs, cachedSince } from './api.js';
import { t } from './i18n.js';
import { h, dateTime, toast, setDraftOwner } from './ui.js';
import './i18n-phone.js';

const OWNER = 'sibai.owner';
const API_CACHE = 'sibai-api';

// The files a worker's day needs offline besides those index.html names,
// relative to this module (so that content-hashed URLs, /v/<hash>/…, work too).
const SHELL = ['data', 'outbox', 'offline', 'i18n-phone', 'views/plan', 'views/household', 'views/visit', 'views/issue-new', 'views/issues',
	'views/register', 'views/resident', 'views/outbox', 'views/login', 'views/campaigns',
	// issue 17's words and the receipt's QR code, imported by the household and intake pages
	'views/words', 'views/answer', 'qr',
	// issue 18: the day's walking list and visit sheets, printed where there is a printer
	'views/print', 'i18n-print',
	// issue 19: the photos of an issue (imported by its page) and a building leader's page
	'views/attachments', 'views/helper'];

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

/** The user the phone's data belongs to ({id, name}) or null. */
export function owner() {
	try {
		return JSON.parse(localStorage.getItem(OWNER) || 'null');
	} catch {
		return null;
	}
}

/** Makes ME the owner of the phone's data and opens their outbox. */
function own(me) {
	try {
		localStorage.setItem(OWNER, JSON.stringify({ id: me.id, name: me.name || me.username }));
	} catch { /* not remembered: wiped at the next login anyway */ }
	outbox.setOwner(me.id);
	setDraftOwner(me.id);
}

/** Wipes what the phone keeps: the API cache, the drafts and the outbox
 * of the owner (and of ID when given). */
export async function wipe(id) {
	const o = owner();
	outbox.setOwner(null);
	setDraftOwner(null);
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

/** At start, for the session's user ME (or null): the phone's data is theirs
 * (another user's is wiped), the status line follows the outbox and the
 * network, and the service worker starts once the page has loaded. */
export async function boot(me) {
	if (me) {
		const prev = owner();
		if (prev && prev.id !== me.id) await wipe(prev.id);
		own(me);
	}
	outbox.onChange((sent) => {
		if (sent) toast(t('outbox.sent', { n: sent.length }));
		renderStatus();
	});
	document.head.append(h('link', { rel: 'stylesheet', href: new URL('./phone.css', import.meta.url).href }));
	window.addEventListener('online', renderStatus);
	window.addEventListener('offline', renderStatus);
	if (document.readyState === 'complete') start();
	else window.addEventListener('load', start);
	import('./views/outbox.js'); // opens offline without a service worker too
}

/** At login of ME: another user's data is wiped first, saying how many of
 * their writes go (they cannot be sent in this user's name).  False: cancelled. */
export async function enter(me) {
	const prev = owner();
	if (prev && prev.id !== me.id) {
		const n = await outbox.pendingOf(prev.id).catch(() => 0);
		if (n && await ask(t('outbox.otherUser', { u: prev.name || prev.username, n }), [['wipe', t('outbox.wipeGo'), true], ['cancel', t('cancel')]]) !== 'wipe') return false;
		await wipe(prev.id);
	}
	own(me);
	return true;
}

/** Before logout: writes not sent (refused ones too) are offered to be sent
 * first, and discarded only when the user says so.  False: stay. */
export async function leave() {
	for (;;) {
		const c = await outbox.counts();
		const n = c.pending + c.refused;
		if (!n) return true;
		const a = await ask(t('outbox.logoutAsk', { n }), [['send', t('outbox.sendFirst'), true], ['discard', t('outbox.discardOut')], ['cancel', t('cancel')]]);
		if (a === 'discard') return true;
		if (a !== 'send') return false;
		if ((await outbox.flush()).stopped) {
			return await ask(t('outbox.stillOffline'), [['discard', t('outbox.discardOut')], ['cancel', t('outbox.stay'), true]]) === 'discard';
		}
	}
}

/** The status line under the top bar: offline or not, the age of the page's
 * data when it came from the phone's copy, the writes waiting. */
export async function renderStatus() {
	let bar = document.getElementById('status');
	if (!bar) {
		bar = h('div', { id: 'status', class: 'status-bar', role: 'status', 'aria-live': 'polite' });
		document.getElementById('banner').after(bar);
	}
	const parts = [];
	const since = cachedSince();
	if (!navigator.onLine || since) {
		parts.push(h('span', null, navigator.onLine ? t('offline.stale') : t('offline.now'),
			since ? ' · ' + t('offline.age', { t: dateTime(new Date(since).toISOString()), ago: ago(since) }) : ''));
	}
	const n = await outbox.counts();
	if (n.pending || n.refused) {
		parts.push(h('a', { href: '#/outbox', class: 'outbox-badge' + (n.refused ? ' has-refused' : ''), id: 'outbox-badge' },
			[n.pending && t('outbox.badge', { n: n.pending }), n.refused && t('outbox.badgeRefused', { n: n.refused })].filter(Boolean).join(' · ')));
	}
	bar.replaceChildren(...parts);
	bar.hidden = !parts.length;
}

function ago(ms) {
	const min = Math.max(0, Math.round((Date.now() - ms) / 60000));
	return min < 60 ? t('offline.minAgo', { n: min }) : t('offline.hAgo', { n: Math.round(min / 60) });
}

/** When ERR means the page could not be had (no network, not kept on the
 * phone; Chromium's "Failed to fetch dynamically imported module"), the page
 * that says so, with try AGAIN and HOME; else null. */
export function notKept(err, home, again) {
	if (!(err && err.status === 0 && err.code === 'network') && !(err instanceof TypeError && /import|module/i.test(err.message))) return null;
	return [h('h1', { tabindex: '-1' }, t('offline.notKept')), h('p', null, t('offline.notKeptText')),
		h('p', null, h('button', { type: 'button', class: 'btn', onclick: () => again() }, t('offline.again')), ' ',
			h('a', { href: home, class: 'btn btn-quiet' }, t('home')))];
}

/** Asks a question in a modal dialog: TEXT, then buttons [[value, label,
 * primary?]…]; resolves to the value of the button chosen (null for Esc). */
export function ask(text, buttons) {
	return new Promise((resolve) => {
		const dlg = h('dialog', { class: 'ask', 'aria-labelledby': 'ask-text' },
			h('p', { id: 'ask-text' }, text),
			h('div', { class: 'actions' }, buttons.map(([v, label, primary]) => h('button', {
				type: 'button', class: 'btn' + (primary ? ' btn-primary' : ' btn-quiet'), onclick: () => {
					dlg.close();
					resolve(v);
				},
			}, label))));
		dlg.addEventListener('cancel', () => resolve(null));
		dlg.addEventListener('close', () => dlg.remove());
		document.body.appendChild(dlg);
		dlg.showModal();
	});
}

