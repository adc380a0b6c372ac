// Paper for the field (issue 18): the day's walking list and the household
// visit sheets, printed on A4 (web/print.css) and readable at 360 px.  The
// sheet's headings are the visit import's columns (src/api/api_visit_import.c,
// docs/visits.md "Importing paper visits"): what is written on a sheet is
// typed as one line of that template and read back by the import.

import { t, lang, enumLabel } from '../i18n.js';
import { get, qs } from '../api.js';
import { h, pageTitle, longDate, todayISO } from '../ui.js';
import '../i18n-print.js';

/** Adds /print.css once. */
function styles() {
	if (document.getElementById('print-css')) return;
	document.head.append(h('link', { rel: 'stylesheet', id: 'print-css', href: new URL('../print.css', import.meta.url).href }));
}

// the visit import's columns, Chinese and English (both are read back)
const COLS = [
	['compound', '小区', 'compound'], ['building', '楼号', 'building'], ['room', '室号', 'room'],
	['at', '走访时间', 'visited_at', 'print.hint.at'], ['channel', '方式', 'channel', 'print.hint.channel'],
	['observed', '望', 'observed', 'print.hint.observed'], ['heard', '闻', 'heard', 'print.hint.heard'],
	['asked', '问', 'asked', 'print.hint.asked'], ['needs', '切', 'needs', 'print.hint.needs'],
	['follow', '跟进日期', 'follow_up_on', 'print.hint.follow'], ['services', '服务', 'services', 'print.hint.services'],
];
// the channel as the import reads it: its Chinese word, or the code
const CHANNELS = [['入户', 'home'], ['电话', 'phone'], ['路遇', 'street'], ['来访', 'office'], ['线上', 'online']];

function dateOf(query) {
	const d = query.get('date') || '';
	return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : todayISO();
}

/** The households of IDS, four reads at a time; a failed read is null. */
async function households(ids) {
	const out = new Map();
	let next = 0;
	const worker = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			out.set(id, await get(`/api/v1/households/${id}`).catch(() => null));
		}
	};
	await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
	return out;
}

const living = (hh) => (hh?.members || []).filter((m) => m.status === 'living');
const people = (hh) => living(hh).map((m) => m.name + (m.relation ? `（${enumLabel('relation', m.relation)}）` : ''));

function why(it) {
	return it.reason === 'never_visited' ? t('plan.never')
		: it.reason === 'follow_up' ? t('plan.followUp', { d: it.follow_up_on })
		: t('plan.interval', { n: it.interval_days, d: it.last_visit_on || '—' });
}

function tools(back) {
	return h('p', { class: 'actions no-print' },
		h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, t('print.print')), ' ',
		h('a', { href: back, class: 'btn btn-quiet' }, t('print.back')));
}

function workerLine(me) {
	const name = me && me.display_name; // a name, never the login: else a line to sign
	return h('p', { class: 'print-worker' }, t('print.worker'), '：', name || h('span', { class: 'write-line' }));
}

/** #/plan/print?date=: the day's plan in walking order, a box to tick and a line for notes. */
export async function walkListView({ query, me }) {
	styles();
	const date = dateOf(query);
	const plan = await get('/api/v1/me/plan' + qs({ date }));
	const items = plan.items || [];
	const hhs = await households(items.map((i) => i.household_id));
	const groups = [];
	for (const it of items) {
		const key = it.compound + ' ' + it.building;
		let g = groups[groups.length - 1];
		if (!g || g.key !== key) groups.push(g = { key, items: [] });
		g.items.push(it);
	}
	const head = h('thead', null, h('tr', null,
		h('th', { scope: 'col', class: 'c-box' }, t('print.done')), h('th', { scope: 'col', class: 'c-room' }, t('print.room')),
		h('th', { scope: 'col' }, t('print.people')), h('th', { scope: 'col' }, t('print.why')),
		h('th', { scope: 'col', class: 'c-last' }, t('print.last')), h('th', { scope: 'col', class: 'c-notes' }, t('print.notes'))));
	const table = h('table', { class: 'walk' }, head, groups.map((g) => h('tbody', null,
		h('tr', { class: 'walk-building' }, h('th', { colspan: 6, scope: 'colgroup' }, g.key)),
		g.items.map((it) => {
			const ps = people(hhs.get(it.household_id));
			return h('tr', { class: 'walk-item', dataset: { household: it.household_id } },
				h('td', { class: 'c-box' }, h('span', { class: 'box', role: 'img', 'aria-label': t('print.done') })),
				h('td', { class: 'c-room', 'data-label': t('print.room') }, h('strong', null, it.room), h('span', { class: 'small muted' }, ' ', t('print.floor', { n: it.floor }))),
				h('td', { class: 'c-people', 'data-label': t('print.people') }, ps.length ? ps.join('、') : t('print.noPeople')),
				h('td', { class: 'c-why', 'data-label': t('print.why') }, why(it), it.overdue ? h('strong', null, ' · ', t('plan.overdue', { n: it.days_overdue })) : null),
				h('td', { class: 'c-last', 'data-label': t('print.last') }, it.last_visit_on || '—'),
				h('td', { class: 'c-notes', 'data-label': t('print.notes') }, h('span', { class: 'write-line' })));
		}))));
	return h('section', { class: 'print-page walk-page' },
		pageTitle(t('print.walkTitle', { d: date })),
		tools('#/plan' + qs({ date: query.get('date') })),
		h('p', { class: 'print-lead' }, longDate(date), ' · ', t('print.count', { n: items.length, overdue: items.filter((i) => i.overdue).length }), ' ', t('print.walkLead')),
		workerLine(me),
		items.length ? table : h('p', { class: 'empty' }, t('print.empty')));
}

/** One household's sheet: {id, compound, building, room, floor, address} and its household HH. */
function sheet(x, hh) {
	const en = lang() !== 'zh';
	const given = { compound: x.compound, building: x.building, room: x.room };
	const ps = living(hh);
	return h('section', { class: 'sheet', dataset: { household: x.household_id } },
		h('h2', null, x.address),
		h('p', { class: 'sheet-people' }, h('strong', null, t('print.met'), '：'),
			ps.length ? ps.map((m) => h('span', { class: 'met' }, h('span', { class: 'box', 'aria-hidden': 'true' }), ' ', m.name, m.relation ? `（${enumLabel('relation', m.relation)}）` : '')) : t('print.noPeople')),
		h('table', { class: 'sheet-fields' }, h('tbody', null, COLS.map(([k, zh, code, hint]) => h('tr', { class: 'sheet-' + k },
			h('th', { scope: 'row', class: 'col-name', dataset: { col: en ? code : zh } }, en ? code : zh,
				hint ? h('span', { class: 'hint' }, t(hint, { e: `${todayISO()} 10:00` })) : null),
			h('td', { class: given[k] !== undefined ? 'given' : 'write' },
				given[k] !== undefined ? given[k]
				: k === 'channel' ? CHANNELS.map(([w, c]) => h('span', { class: 'choice' }, en ? c : w))
				: null))))));
}

/** #/plan/sheets?date=: a visit sheet for each household of the day's plan. */
export async function daySheetsView({ query, me }) {
	styles();
	const date = dateOf(query);
	const plan = await get('/api/v1/me/plan' + qs({ date }));
	const items = plan.items || [];
	const hhs = await households(items.map((i) => i.household_id));
	return h('section', { class: 'print-page sheets-page' },
		pageTitle(t('print.sheetsTitle', { d: date })),
		tools('#/plan' + qs({ date: query.get('date') })),
		h('p', { class: 'print-lead' }, t('print.sheetLead')),
		workerLine(me),
		items.length ? h('div', { class: 'sheets' }, items.map((it) => sheet(it, hhs.get(it.household_id)))) : h('p', { class: 'empty' }, t('print.empty')));
}

/** #/households/:id/sheet: one household's visit sheet. */
export async function householdSheetView({ params, me }) {
	styles();
	const hh = await get(`/api/v1/households/${encodeURIComponent(params.id)}`);
	// the compound's name and the building's label, as the import finds the
	// household; offline (not kept), from today's plan when it is there
	const x = await Promise.all([get(`/api/v1/buildings/${hh.building_id}`), get(`/api/v1/compounds/${hh.compound_id}`)])
		.then(([b, c]) => ({ household_id: hh.id, compound: c.name, building: b.label, room: hh.room, address: hh.address }))
		.catch(async (err) => {
			const it = ((await get('/api/v1/me/plan' + qs({ date: todayISO() })).catch(() => null))?.items || []).find((i) => i.household_id === hh.id);
			if (!it) throw err;
			return it;
		});
	return h('section', { class: 'print-page sheets-page' },
		pageTitle(t('print.sheetTitle', { a: hh.address })),
		tools(`#/households/${hh.id}`),
		h('p', { class: 'print-lead' }, t('print.sheetLead')),
		workerLine(me),
		h('div', { class: 'sheets' }, sheet(x, hh)));
}
