// The counter (一口式受理 · 全岗通): one box finds a resident by name, room
// or address; pick them, see their earlier issues, take in the new one and
// give them the receipt number.  Also for callers not in the register.

import { t } from '../i18n.js';
import { get, qs } from '../api.js';
import { h, pageTitle, tagChips, errorText, todayISO } from '../ui.js';
import { session } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { issueForm, receipt } from './issue-new.js';
import { issueList, issuesAvailable } from './issues.js';
import '../i18n-phone.js';

export async function counterView({ query }) {
	const q = query.get('q') || '';
	const panel = h('div', { class: 'counter-panel' });
	const results = h('div', { class: 'counter-results', 'aria-live': 'polite' });

	// who is on reception today
	const duty = h('p', { class: 'muted duty' });
	loadCommittees().then(async (list) => {
		const mine = list.filter((c) => session.me.scope.some((s) => c.code.startsWith(s))).slice(0, 3);
		const days = await Promise.all(mine.map((c) => get('/api/v1/reception/today' + qs({ committee_code: c.code })).then((r) => [c, r], () => null)));
		const parts = days.filter(Boolean).map(([c, r]) => (r.workday ? t('counter.dutyIs', { c: c.name, n: r.worker_name || t('counter.nobody') }) : t('counter.dayOff', { c: c.name })));
		duty.textContent = parts.join('；');
	}, () => {});

	const input = h('input', { id: 'counter-q', name: 'q', type: 'search', value: q, autocomplete: 'off', 'aria-describedby': 'counter-q-hint', enterkeyhint: 'search', 'data-autofocus': '' });
	const box = h('form', { class: 'counter-search', role: 'search' },
		h('label', { for: 'counter-q', class: 'big-label' }, t('counter.find')),
		h('div', { class: 'search-row' }, input, h('button', { type: 'submit', class: 'btn btn-primary' }, t('counter.search'))),
		h('p', { class: 'hint', id: 'counter-q-hint' }, t('counter.hint')));

	let timer = null;
	let seq = 0;
	const search = async (text) => {
		const my = ++seq;
		if (!text.trim()) {
			results.replaceChildren();
			return;
		}
		try {
			// a phone number (11-digit mobile, or a fixed line with or without 021)
			// is looked up by number; anything else as a name or an address
			const digits = text.replace(/[\s+-]/g, '');
			const phone = /^(86)?1\d{10}$/.test(digits) || /^(021)?\d{8}$/.test(digits);
			const r = await get('/api/v1/residents' + qs(phone ? { phone: text.trim(), limit: 20 } : { q: text.trim(), limit: 20 }));
			if (my !== seq) return;
			const looksLikePhone = phone && !r.items.length;
			results.replaceChildren(...[ // replaceChildren prints a null as "null"
				h('p', { class: 'total', role: 'status' }, r.total > r.items.length ? t('counter.foundSome', { n: r.items.length, total: r.total }) : t('counter.found', { n: r.total ?? r.items.length })),
				looksLikePhone ? h('p', { class: 'notice' }, t('counter.noPhone')) : null,
				r.items.length ? h('ul', { class: 'pick-list' }, r.items.map((p) => h('li', null, h('button', {
					type: 'button', class: 'pick', onclick: () => pick(p),
				}, h('strong', null, p.name), h('span', { class: 'muted' }, [p.address, p.age !== null ? t('age.n', { n: p.age }) : null, p.phone].filter(Boolean).join(' · ')), tagChips(p.tags))))) : null,
				h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => pick(null, text) }, t('counter.notInRegister'))].filter(Boolean));
		} catch (err) {
			if (my === seq) results.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, errorText(err)));
		}
	};
	input.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(() => search(input.value), 250);
	});
	box.addEventListener('submit', (ev) => {
		ev.preventDefault();
		history.replaceState(null, '', '#/counter' + qs({ q: input.value.trim() }));
		document.getElementById('main').dataset.rendered = location.hash;
		search(input.value);
	});

	const pick = async (person, text) => {
		clearTimeout(timer);
		seq++; // a search still under way must not bring the list back
		results.replaceChildren();
		panel.replaceChildren(h('p', { class: 'muted' }, t('loading')));
		let hh = null;
		let earlier = null;
		if (person) {
			hh = await get(`/api/v1/households/${person.household_id}`).catch(() => null);
			if (await issuesAvailable()) earlier = await get('/api/v1/issues' + qs({ household_id: person.household_id, sort: 'newest', limit: 20 })).catch(() => null);
		}
		let committee_code = hh ? hh.committee_code : null;
		if (!committee_code) {
			const list = await loadCommittees().catch(() => []);
			committee_code = list.length === 1 ? list[0].code : (session.me.scope.find((s) => s.length === 12) || null);
		}
		const formWrap = h('div');
		const form = await issueForm({
			household: hh, resident_id: person?.id, channel: 'office', committee_code,
			reporter: person ? null : { name: /\d/.test(text || '') ? '' : (text || '') },
			onDone: (issue) => {
				formWrap.replaceChildren(receipt(issue), h('div', { class: 'actions' },
					h('button', { type: 'button', class: 'btn', onclick: () => { panel.replaceChildren(); input.value = ''; input.focus(); } }, t('counter.nextPerson'))));
				formWrap.querySelector('.receipt-card').focus?.();
			},
		});
		formWrap.append(form);
		panel.replaceChildren(...[
			h('section', { class: 'card who-card' },
				h('h2', null, person ? person.name : t('counter.caller')),
				person ? h('p', { class: 'muted' }, [hh?.address || person.address, person.age !== null ? t('age.n', { n: person.age }) : null, person.phone].filter(Boolean).join(' · ')) : h('p', { class: 'muted' }, t('counter.notInRegisterHint')),
				person ? tagChips(person.tags) : null,
				person ? h('p', null, h('a', { href: `#/households/${person.household_id}` }, t('household.open'))) : null),
			person ? h('section', { class: 'card' }, h('h2', null, t('counter.earlier')),
				earlier === null ? h('p', { class: 'muted' }, t('issue.unavailable'))
					: earlier.items.length ? issueList(earlier.items) : h('p', { class: 'empty' }, t('counter.noEarlier'))) : null,
			h('section', { class: 'card' }, h('h2', null, t('counter.intake')), formWrap)].filter(Boolean));
		form.querySelector('select, textarea')?.focus();
	};

	if (q) search(q);
	return h('section', { class: 'counter' },
		pageTitle(t('counter.title'), h('span', { class: 'muted small' }, todayISO())),
		duty, box, results, panel);
}
