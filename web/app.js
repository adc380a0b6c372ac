// The application shell: who is logged in, the navigation for their role,
// the hash router (#/plan, #/households/12 …) and the language switch.
// Views live in views/*.js and are loaded when first visited.

import { t, lang, setLang } from './i18n.js';
import { get, del, setUnauthorizedHandler, newNavigation } from './api.js';
import { h, errorBox } from './ui.js';
import { forgetAll } from './data.js';
// issue 18: the outbox, offline, the status line; loaded after the shell
let offline;
const phone = import('./offline.js').then((m) => { offline = m; });

/** The logged-in user ({id, username, name, role, scope}) or null. */
export const session = { me: null };

const RANK = { helper: 0, worker: 1, committee_head: 2, street: 3, district: 4, admin: 5 };
/** Whether the user's role is ROLE or above. */
export function atLeast(role) {
	return !!session.me && RANK[session.me.role] >= RANK[role];
}

// path pattern → [module, view, least role]: the export is the view's name and
// 'View'; the role is 'worker' when left out, null for a public page; ':id' is a
// parameter
const ROUTES = [
	['/login', 'login', 'login', null],
	['/plan', 'plan', 'plan'],
	['/households/new', 'register', 'householdNew'],
	['/households/:id', 'household', 'household'],
	['/households/:id/visit', 'visit', 'visit'],
	['/households/:id/issue', 'issue-new', 'issueNew'],
	['/counter', 'counter', 'counter'],
	['/register', 'register', 'register'],
	['/register/places', 'register', 'places'],
	['/register/import', 'register', 'import'],
	['/register/key-persons', 'register', 'keyPersons'],
	// issue 16: the checking list (核查) of population data sent down
	['/checks', 'checks', 'checks'],
	['/checks/:id', 'checks', 'check'],
	['/residents/new', 'resident', 'residentNew'],
	['/residents/:id', 'resident', 'resident'],
	['/issues', 'issues', 'issues'],
	['/issues/new', 'issue-new', 'issueNew'],
	['/issues/:id', 'issues', 'issue'],
	['/dashboard', 'dashboard', 'dashboard'],
	['/admin', 'admin', 'admin', 'committee_head'],
	['/admin/:tab', 'admin', 'admin', 'committee_head'],
	['/account', 'login', 'account', 'helper'],
	['/feedback/:token', 'issues', 'feedback', null],
	['/consult', 'consult', 'consult', 'committee_head'],
	['/consult/:tab', 'consult', 'consult', 'committee_head'],
	// issue 9: campaigns, daily duties, the gate log, the worker's record
	['/campaigns', 'campaigns', 'campaigns'],
	['/campaigns/:id', 'campaigns', 'campaign'],
	['/duties', 'campaigns', 'duties', 'committee_head'],
	['/gate', 'gate', 'gate'],
	['/record', 'record', 'record'],
	// issue 17: surveys, the door, the residents' own pages (no login)
	['/surveys/new', 'surveys', 'surveyNew', 'committee_head'],
	['/surveys/:id', 'surveys', 'survey'],
	['/surveys/:id/sheet', 'surveys', 'sheet'],
	['/households/:id/surveys', 'surveys', 'door'],
	['/s/:token', 'public', 'residentSurvey', null],
	['/track', 'public', 'track', null],
	['/meetings/new', 'meetings', 'meetingNew', 'committee_head'],
	['/meetings/:id', 'meetings', 'meeting'],
	['/meetings/:id/signin', 'meetings', 'signin'],
	['/party/plates', 'party', 'plates'],
	['/network', 'network', 'network'],
	['/outbox', 'outbox', 'outbox'],
	['/plan/print', 'print', 'walkList'], // issue 18: paper for the field
	['/plan/sheets', 'print', 'daySheets'],
	['/households/:id/sheet', 'print', 'householdSheet'],
	// issue 19: a building leader's or volunteer's light account
	['/helper', 'helper', 'helper', 'helper'],
	// projects, notices (docs/notices.md)
	['/projects', 'projects', 'projects'],
	['/projects/:id', 'projects', 'project'],
	['/notices', 'notices', 'notices'],
	['/notices/:id', 'notices', 'notice'],
	['/notices/:id/posters', 'notices', 'posters'],
	['/n/:token', 'notice-page', 'residentNotice', null],
];

/** The navigation for the user's role: [hash, label key]. */
function navItems() {
	const me = session.me;
	if (!me) return [];
	const items = [];
	if (me.role === 'helper') return [['#/helper', 'nav.helper']]; // issue 19: its buildings only
	if (RANK[me.role] <= RANK.committee_head) items.push(['#/plan', 'nav.plan']);
	if (RANK[me.role] <= RANK.committee_head) items.push(['#/counter', 'nav.counter']);
	items.push(['#/issues', 'nav.issues']);
	items.push(['#/register', 'nav.register']);
	items.push(['#/dashboard', 'nav.dashboard']);
	if (atLeast('committee_head')) items.push(['#/consult', 'nav.consult']);
	if (atLeast('committee_head')) items.push(['#/admin', 'nav.admin']);
	// issue 9; a gate account (gate_id set) sees its gate page only
	if (me.gate_id) return [['#/gate', 'nav.gate']];
	items.push(['#/campaigns', 'nav.campaigns']);
	if (atLeast('committee_head')) items.push(['#/gate', 'nav.gate']);
	items.push(['#/record', 'nav.record']);
	items.push(['#/checks', 'nav.checks']);
	return items;
}

/** Where a user lands after logging in. */
export function homeFor(me) {
	if (!me) return '#/login';
	if (me.gate_id) return '#/gate'; // issue 9: a gate account
	if (me.role === 'helper') return '#/helper'; // issue 19
	return RANK[me.role] <= RANK.committee_head ? '#/plan' : '#/dashboard';
}

/** The current location as {path, query}. */
export function location_() {
	const raw = location.hash.replace(/^#/, '') || '/';
	const [path, q = ''] = raw.split('?');
	return { path: path || '/', query: new URLSearchParams(q) };
}

/** Goes to HASH ("#/plan"); re-renders when it is the current one. */
export function go(hash) {
	if (location.hash === hash) render();
	else location.hash = hash;
}

function match(path) {
	for (const [pattern, mod, view, role = 'worker'] of ROUTES) {
		const fn = view + 'View';
		const ps = pattern.split('/');
		const xs = path.split('/');
		if (ps.length !== xs.length) continue;
		const params = {};
		let ok = true;
		for (let i = 0; i < ps.length; i++) {
			if (ps[i].startsWith(':')) params[ps[i].slice(1)] = decodeURIComponent(xs[i]);
			else if (ps[i] !== xs[i]) { ok = false; break; }
		}
		if (ok) return { mod, fn, role, params };
	}
	return null;
}

function renderChrome() {
	document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
	const nav = document.getElementById('nav');
	nav.setAttribute('aria-label', t('nav.main'));
	const cur = '#' + location_().path;
	nav.replaceChildren(h('ul', null, navItems().map(([href, key]) => h('li', null,
		h('a', { href, 'aria-current': cur === href || cur.startsWith(href + '/') ? 'page' : null }, t(key)))),
		session.me && !session.me.gate_id ? h('li', { class: 'nav-account' }, h('a', { href: '#/account', 'aria-current': cur === '#/account' ? 'page' : null }, t('account.title'), ' · ', session.me.name || session.me.username)) : null));
	const toggle = document.getElementById('menu-toggle');
	toggle.hidden = !session.me;
	toggle.textContent = t('nav.menu');
	const sw = document.getElementById('lang-switch');
	sw.textContent = lang() === 'zh' ? 'English' : '中文';
	sw.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
	sw.setAttribute('aria-label', lang() === 'zh' ? 'Switch to English' : '切换到中文');
	const who = document.getElementById('who');
	who.replaceChildren(session.me ? h('a', { href: '#/account', title: t('account.title') }, session.me.name || session.me.username) : '');
	const out = document.getElementById('logout');
	out.hidden = !session.me;
	out.textContent = t('logout');
	document.getElementById('skip-link').textContent = t('skip');
	document.getElementById('brand').setAttribute('aria-label', t('app.name'));
}

let seq = 0;
/** Renders the view of the current hash into <main>. */
export async function render() {
	const my = ++seq;
	newNavigation();
	const hashAtStart = location.hash;
	const { path, query } = location_();
	document.getElementById('nav').classList.remove('open');
	document.getElementById('menu-toggle').setAttribute('aria-expanded', 'false');
	if (path === '/' || path === '') {
		location.replace(homeFor(session.me));
		return;
	}
	// issue 9: a gate account is sent back to its gate page from anywhere else
	if (session.me && session.me.gate_id && path !== '/gate') {
		location.replace('#/gate');
		return;
	}
	// issue 19: a helper has its buildings' page and its account only
	if (session.me && session.me.role === 'helper' && path !== '/helper' && path !== '/account') {
		location.replace('#/helper');
		return;
	}
	const m = match(path);
	const main = document.getElementById('main');
	renderChrome();
	if (!m) {
		main.replaceChildren(h('h1', { tabindex: '-1' }, t('notfound')), h('p', null, h('a', { href: homeFor(session.me) }, t('home'))));
		main.dataset.rendered = hashAtStart;
		return;
	}
	if (m.role && !session.me) {
		location.replace('#/login?next=' + encodeURIComponent(location.hash));
		return;
	}
	if (m.role && !atLeast(m.role)) {
		main.replaceChildren(h('h1', { tabindex: '-1' }, t('forbidden')));
		main.dataset.rendered = hashAtStart;
		return;
	}
	main.setAttribute('aria-busy', 'true');
	try {
		const mod = await import(`./views/${m.mod}.js`);
		const node = await mod[m.fn]({ params: m.params, query, path, me: session.me });
		if (my !== seq) return; // a newer navigation won
		main.dataset.view = m.mod;
		main.replaceChildren(node);
	} catch (err) {
		if (my !== seq) return;
		if (err && err.status === 401) return; // on the way to the login page
		const nk = offline?.notKept(err, homeFor(session.me), render); // issue 18
		if (!nk) console.error(err);
		main.replaceChildren(...(nk || [h('h1', { tabindex: '-1' }, t('error')), errorBox(err)]));
	} finally {
		if (my === seq) main.removeAttribute('aria-busy');
	}
	if (my !== seq) return;
	offline?.renderStatus();
	const h1 = main.querySelector('h1');
	document.title = (h1 ? h1.textContent + ' · ' : '') + t('app.name');
	// the view's first field when it asks for it (login, counter), else the
	// heading after a navigation, so that a screen reader hears the new page
	const first = main.querySelector('[data-autofocus]');
	if (first) first.focus();
	else if (h1 && render.focus) h1.focus({ preventScroll: false });
	render.focus = true;
	main.dataset.rendered = hashAtStart; // what is on screen (tests wait for it)
}

/** Called by the login view once logged in. */
export async function loggedIn(me, next) {
	forgetAll();
	if (me && me.gate_id === undefined) me = await get('/api/v1/me').catch(() => me); // issue 9: gate_id
	await phone;
	if (!await offline.enter(me)) return del('/api/v1/session').catch(() => {}); // issue 18
	session.me = me;
	location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : homeFor(me);
}

/** Logs out; the phone's data goes with it (issue 18). */
async function logout() {
	await phone;
	if (!await offline.leave()) return;
	try {
		await del('/api/v1/session');
	} catch { /* gone already */ }
	await offline.wipe();
	session.me = null;
	forgetAll();
	location.hash = '#/login';
}

async function boot() {
	session.me = await get('/api/v1/me').catch(() => null); // the route decides whether that matters
	const ready = phone.then(() => offline.boot(session.me));
	if (session.me) await ready.catch(() => {}); // not the login page
	setUnauthorizedHandler(() => {
		const here = location.hash;
		const m = match(location_().path);
		const wasIn = !!session.me;
		session.me = null;
		if (m && !m.role) return; // a page that needs no login (the feedback link)
		if (!here.startsWith('#/login')) {
			location.hash = '#/login?' + (wasIn ? 'expired=1&' : '') + 'next=' + encodeURIComponent(here || '#/');
		}
	});
	document.getElementById('lang-switch').addEventListener('click', () => {
		setLang(lang() === 'zh' ? 'en' : 'zh');
		render.focus = false;
		render();
	});
	document.getElementById('logout').addEventListener('click', logout);
	document.getElementById('skip-link').addEventListener('click', (ev) => {
		ev.preventDefault();
		document.getElementById('main').focus();
	});
	const toggle = document.getElementById('menu-toggle');
	toggle.addEventListener('click', () => {
		const nav = document.getElementById('nav');
		const open = nav.classList.toggle('open');
		toggle.setAttribute('aria-expanded', String(open));
	});
	window.addEventListener('hashchange', render);
	render.focus = false;
	render();
}

boot();
