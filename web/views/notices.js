// Notices to residents (公告, docs/notices.md): the list and a new notice
// (#/notices), one notice with its reads per building (#/notices/ID), and
// the printable A4 posters, one per building with that building's QR code
// (#/notices/ID/posters).  The resident's page is views/public.js (#/n/TOKEN).

import { get, post, patch, qs, getAll } from '../api.js';
import { h, field, pageTitle, toast, onSubmit, dateTime } from '../ui.js';
import { go, atLeast } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { qrCanvas } from '../qr.js';
import { w } from './words.js';
import './words-head.js';
import { pagesCss } from './answer.js';
import { notesCss } from './notice-page.js';

const fail = (f, text) => Object.assign(new Error(text), { status: 400, field: f, message_zh: text, message: text });

/** #/notices?committee_code= */
export async function noticesView({ query }) {
	pagesCss();
	notesCss();
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const items = code ? (await get('/api/v1/notices' + qs({ committee_code: code, limit: 100 }))).items : [];
	const rows = items.map((n) => h('li', { class: 'card nt-item' },
		n.urgent ? h('span', { class: 'badge nt-urgent' }, w('nt.urgent')) : null, ' ',
		h('a', { href: `#/notices/${n.id}` }, n.title), ' ',
		h('span', { class: 'muted' }, `${dateTime(n.created_at)} · ${w('nt.readsN', { n: n.reads })}`)));
	const parts = [pageTitle(w('nt.title')), items.length ? h('ul', { class: 'nt-list' }, rows) : h('p', { class: 'empty' }, w('nt.none'))];
	if (atLeast('committee_head') && code) parts.push(await newForm(code));
	return h('section', { class: 'nt' }, parts);
}

async function newForm(code) {
	const compounds = await getAll('/api/v1/compounds' + qs({ committee_code: code })).catch(() => []);
	const buildings = (await Promise.all(compounds.map((c) => getAll('/api/v1/buildings' + qs({ compound_id: c.id }))
		.then((bs) => bs.map((b) => [b.id, `${c.name} ${b.label}`]))))).flat();
	const form = h('form', { class: 'card nt-new', novalidate: true },
		h('h2', null, w('nt.new')),
		field({ name: 'title', label: w('nt.titleField'), required: true, attrs: { maxlength: 100 } }),
		field({ name: 'body', label: w('nt.body'), type: 'textarea', required: true, attrs: { maxlength: 4000 } }),
		field({ name: 'urgent', label: w('nt.urgentField'), type: 'checkbox' }),
		field({ name: 'expires_on', label: w('nt.expiresOn'), type: 'date', hint: w('nt.expiresHint') }),
		h('fieldset', { class: 'pj-buildings', dataset: { field: 'audience' } }, h('legend', null, w('nt.audience')),
			h('p', { class: 'hint' }, w('nt.audienceHint')),
			buildings.map(([id, name]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'building', value: String(id) }), ' ', name)),
			h('p', { class: 'field-error', 'aria-live': 'polite' })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, w('nt.publish'))));
	onSubmit(form, async () => {
		const title = form.elements.title.value.trim();
		const body = form.elements.body.value.trim();
		if (!title) throw fail('title', w('nt.needTitle'));
		if (!body) throw fail('body', w('nt.needBody'));
		const day = form.elements.expires_on.value;
		const ids = [...form.querySelectorAll('input[name=building]:checked')].map((x) => Number(x.value));
		const n = await post('/api/v1/notices', {
			committee_code: code, title, body, urgent: form.elements.urgent.checked,
			audience: ids.length ? { building_ids: ids } : {},
			// the end of that day in Shanghai
			expires_at: day ? `${day}T23:59:59+08:00` : null,
		}).catch((err) => {
			if (err.field === 'expires_at') throw fail('expires_on', w('nt.expiresPast'));
			throw err;
		});
		go(`#/notices/${n.id}`);
	});
	return form;
}

const linkName = (l) => (l.building_id ? `${l.compound} ${l.label}` : w('nt.whole'));

/** #/notices/ID */
export async function noticeView({ params }) {
	pagesCss();
	notesCss();
	const n = await get(`/api/v1/notices/${params.id}`);
	const state = n.withdrawn_at ? w('nt.withdrawn') : n.expires_at && Date.parse(n.expires_at) < Date.now() ? w('nt.expired') : w('nt.live');
	const withdraw = atLeast('committee_head') ? h('button', {
		type: 'button', class: 'btn btn-quiet', onclick: async () => {
			await patch(`/api/v1/notices/${n.id}`, { withdrawn: !n.withdrawn_at });
			toast(n.withdrawn_at ? w('nt.restored') : w('nt.withdrawnDone'));
			go(`#/notices/${n.id}`);
		},
	}, n.withdrawn_at ? w('nt.restore') : w('nt.withdraw')) : null;
	return h('section', { class: 'nt' },
		pageTitle(n.title),
		h('p', null, n.urgent ? h('span', { class: 'badge nt-urgent' }, w('nt.urgent')) : null, ' ', state,
			n.expires_at ? ` · ${w('nt.until', { t: dateTime(n.expires_at) })}` : ''),
		h('p', { class: 'pub-desc nt-body' }, n.body),
		h('h2', null, w('nt.reads', { n: n.reads })),
		h('div', { class: 'table-scroll' }, h('table', { class: 'table nt-reads' },
			h('thead', null, h('tr', null, h('th', { scope: 'col' }, w('nt.where')), h('th', { scope: 'col' }, w('nt.readsCol')))),
			h('tbody', null, n.links.map((l) => h('tr', null, h('td', null, linkName(l)), h('td', null, String(l.reads))))))),
		h('div', { class: 'actions' },
			h('a', { class: 'btn btn-primary', href: `#/notices/${n.id}/posters` }, w('nt.posters')),
			withdraw, h('a', { class: 'btn btn-quiet', href: '#/notices' + qs({ committee_code: n.committee_code }) }, w('nt.back'))));
}

/** #/notices/ID/posters: an A4 page per building, its QR code to that
 * building's link (reads are counted per building). */
export async function postersView({ params }) {
	pagesCss();
	notesCss();
	const n = await get(`/api/v1/notices/${params.id}`);
	const phone = await get(`/api/v1/committees/${n.committee_code}/phone`).then((p) => p.phone).catch(() => null);
	const origin = location.origin;
	const links = n.links.filter((l) => l.building_id);
	const posters = (links.length ? links : n.links).map((l) => h('article', { class: 'nt-poster' },
		n.urgent ? h('p', { class: 'nt-poster-urgent' }, w('nt.urgentBanner')) : null,
		h('h2', null, n.title),
		h('p', { class: 'nt-poster-body' }, n.body),
		h('div', { class: 'nt-poster-qr' }, qrCanvas(`${origin}/#/n/${l.token}`, 200, linkName(l)),
			h('p', null, w('nt.scan'))),
		h('p', { class: 'nt-poster-foot' }, linkName(l), phone ? ` · ${w('nt.phone', { p: phone })}` : '', ` · ${dateTime(n.created_at)}`)));
	return h('section', { class: 'nt' },
		h('div', { class: 'no-print' }, pageTitle(w('nt.posters')), h('p', { class: 'muted' }, w('nt.postersHint')),
			h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, w('nt.print')),
				h('a', { class: 'btn btn-quiet', href: `#/notices/${n.id}` }, w('nt.back')))),
		h('div', { class: 'nt-posters' }, posters));
}
