// Campaigns (专项任务) and daily duties (两两分组), issue 9; docs/campaigns.md.

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { submit } from '../outbox.js';
import { h, pageTitle, field, choiceGroup, checkedValues, onSubmit, formError, toast, todayISO, errorText, badge } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { committees as loadCommittees, tags as loadTags, workersOf } from '../data.js';

/** A table in a sideways-scrolling box: HEAD labels, ROWS of cells. */
export function table(head, rows, cls = '') {
	return h('div', { class: 'table-scroll' }, h('table', { class: 'table ' + cls },
		h('thead', null, h('tr', null, head.map((x) => h('th', { scope: 'col' }, x)))),
		h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => h('td', { 'data-label': head[i] }, c)))))));
}

/** "done/total" with a bar and the percent. */
function progressLine(p, label) {
	return h('p', { class: 'camp-progress' },
		h('span', null, t('camp.doneOf', { d: p.done, n: p.total }), ' · ', h('strong', null, `${p.percent}%`)),
		h('progress', { max: 100, value: p.percent, 'aria-label': label || t('camp.progress') }));
}

/** A committee select [element, code] that reloads BASE with the choice. */
async function committeePick(base, query) {
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	return [field({ name: 'committee_code', label: t('f.committee'), type: 'select', value: code, options: list.map((c) => [c.code, c.name]),
		attrs: { onchange: (ev) => go(base + qs({ ...Object.fromEntries(query), committee_code: ev.target.value })) } }), code];
}

// --- the list, my duties, a new campaign ----------------------------------------------

export async function campaignsView() {
	const mine = atLeast('street') ? null : get('/api/v1/me/duties').catch(() => ({ items: [] }));
	const list = await get('/api/v1/campaigns' + qs({ limit: 200 }));
	const duties = mine ? (await mine).items : null;
	const rows = list.items.map((c) => h('li', { class: 'card camp-item' },
		h('h2', null, h('a', { href: `#/campaigns/${c.id}` }, c.name), ' ', badge('campaign_status', c.status)),
		h('p', { class: 'muted small' }, enumLabel('campaign_unit', c.unit), ' · ', c.created_at.slice(0, 10)),
		progressLine(c, c.name)));
	return h('section', { class: 'camp' },
		pageTitle(t('camp.title'), atLeast('committee_head') ? h('a', { href: '#/duties', class: 'btn btn-small btn-quiet' }, t('duty.title')) : null),
		duties ? h('section', { class: 'card' }, h('h2', null, t('duty.mine')),
			duties.length ? h('ul', { class: 'plain' }, duties.map(dutyItem)) : h('p', { class: 'empty' }, t('duty.none'))) : null,
		rows.length ? h('ul', { class: 'plain' }, rows) : h('p', { class: 'empty' }, t('camp.none')),
		atLeast('committee_head') ? h('details', { class: 'card', open: !rows.length }, h('summary', null, t('camp.create')), await createForm()) : null);
}

async function areaNames(d) {
	const names = [];
	const [grids, comps] = await Promise.all([
		d.areas.grid_ids.length ? get('/api/v1/grids' + qs({ committee_code: d.committee_code, limit: 500 })).then((r) => r.items).catch(() => []) : [],
		d.areas.compound_ids.length ? get('/api/v1/compounds' + qs({ committee_code: d.committee_code, limit: 500 })).then((r) => r.items).catch(() => []) : [],
	]);
	for (const id of d.areas.grid_ids) names.push((grids.find((g) => g.id === id) || { name: '#' + id }).name);
	for (const id of d.areas.compound_ids) names.push((comps.find((g) => g.id === id) || { name: '#' + id }).name);
	return names.join('、') || '—';
}

/** 22:00–06:00 (next day) · 8 h (issue 19). */
function dutyTimes(d) {
	if (!d.start_time) return '';
	return `${d.start_time}–${d.end_time}${d.ends_next_day ? ` (${t('duty.nextDay')})` : ''} · ${t('duty.hoursN', { n: d.hours })}`;
}

function dutyItem(d) {
	const areas = h('span', null, '…');
	areaNames(d).then((s) => { areas.textContent = s; });
	const others = d.workers.filter((u) => u.id !== session.me.id).map((u) => u.name || u.username);
	const done = h('form', { class: 'inline-form', novalidate: true },
		formError(),
		field({ name: 'summary', label: t('duty.summary'), required: true }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('duty.markDone'))));
	onSubmit(done, async () => {
		const s = await submit({ method: 'POST', path: `/api/v1/duties/${d.id}/done`, body: { summary: done.summary.value.trim() }, kind: 'duty', label: enumLabel('duty_kind', d.kind), fix: location.hash });
		toast(s.queued ? t('outbox.queued') : t('saved'), s.queued ? 'warn' : 'ok');
		if (s.queued) return;
		go(location.hash);
	});
	return h('li', { class: 'duty' },
		h('strong', null, enumLabel('duty_kind', d.kind)), ' · ', dutyTimes(d), ' · ',
		others.length ? t('duty.with', { n: others.join('、') }) : t('duty.alone'), ' · ', areas,
		d.campaign_id ? [' · ', h('a', { href: `#/campaigns/${d.campaign_id}` }, t('nav.campaigns'))] : null,
		d.note ? h('p', { class: 'muted small' }, d.note) : null,
		d.done ? h('p', { class: 'ok' }, t('duty.done'), d.summary ? '：' + d.summary : '') : done);
}

const PRESETS = {
	mask: ['口罩预约', [['booked', '已预约', 'yes_no', '', true], ['collected', '已领取', 'yes_no', '', true], ['receipt', '回执号', 'text', '', false]]],
	back: ['返沪登记', [['arrived', '抵沪日期', 'date', '', true], ['from', '从何地来', 'text', '', true], ['quarantine_until', '居家隔离至', 'date', '', false]]],
	deliver: ['物资送达', [['what', '物资', 'text', '', true], ['when', '送达日期', 'date', '', true]]],
	vaccine: ['疫苗接种', [['doses', '已接种剂次', 'number', '', true]]],
};
const TYPES = ['yes_no', 'choice', 'date', 'number', 'text'];

function fieldRow(i, [key, label, type, options, required]) {
	return h('fieldset', { class: 'card camp-field' }, h('legend', null, t('camp.field', { n: i + 1 })),
		field({ name: `fields[${i}].label`, label: t('camp.fLabel'), value: label, required: true }),
		field({ name: `fields[${i}].key`, label: t('camp.fKey'), value: key, required: true, attrs: { autocapitalize: 'off' } }),
		field({ name: `fields[${i}].type`, label: t('camp.fType'), type: 'select', value: type, options: TYPES.map((x) => [x, enumLabel('field_type', x)]) }),
		field({ name: `fields[${i}].options`, label: t('camp.fOptions'), value: options }),
		field({ name: `fields[${i}].required`, label: t('camp.fRequired'), type: 'checkbox', value: required }));
}

async function createForm() {
	const [list, tagList, comps] = await Promise.all([
		loadCommittees().catch(() => []), loadTags().catch(() => []),
		get('/api/v1/compounds' + qs({ limit: 500 })).then((r) => r.items).catch(() => []),
	]);
	const rows = h('div', { class: 'camp-fields' });
	const setRows = (defs) => rows.replaceChildren(...defs.map((d, i) => fieldRow(i, d)));
	setRows(PRESETS.mask[1]);
	const f = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'committee_code', label: t('f.committee'), type: 'select', value: list[0] && list[0].code, options: list.map((c) => [c.code, c.name]) }),
		field({ name: 'name', label: t('camp.name'), required: true, value: PRESETS.mask[0], attrs: { maxlength: 100 } }),
		field({ name: 'unit', label: t('camp.unit'), type: 'select', value: 'household', options: enumOptions('campaign_unit') }),
		field({ name: 'gate_retention_days', label: t('camp.retention'), type: 'number', attrs: { min: 1, inputmode: 'numeric' } }),
		h('fieldset', { class: 'field-wide' }, h('legend', null, t('camp.audience')),
			tagList.length ? choiceGroup({ name: 'filter.tag_all', legend: t('camp.tagAll'), chips: true, options: tagList.map((x) => [x.name, x.name]) }) : null,
			field({ name: 'filter.age_min', label: t('filter.ageMin'), type: 'number', attrs: { min: 0, max: 150, inputmode: 'numeric' } }),
			field({ name: 'filter.age_max', label: t('filter.ageMax'), type: 'number', attrs: { min: 0, max: 150, inputmode: 'numeric' } }),
			field({ name: 'filter.compound_id', label: t('f.compound'), type: 'select', options: [['', t('all')], ...comps.map((c) => [c.id, c.name])] })),
		h('fieldset', { class: 'field-wide' }, h('legend', null, t('camp.checklist')),
			h('div', { class: 'actions' }, h('span', { class: 'muted' }, t('camp.presets')), Object.entries(PRESETS).map(([k, [name, defs]]) =>
				h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => { f.name.value = name; setRows(defs); } }, name))),
			rows,
			h('div', { class: 'actions' },
				h('button', { type: 'button', class: 'btn btn-small', onclick: () => rows.append(fieldRow(rows.children.length, [`f${rows.children.length + 1}`, '', 'yes_no', '', false])) }, t('camp.addField')),
				h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => rows.lastElementChild && rows.lastElementChild.remove() }, '−'))),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('camp.create'))));
	onSubmit(f, async () => {
		const v = (n) => f.querySelector(`[name="${n}"]`).value.trim();
		const filter = {};
		const tagsAll = checkedValues(f, 'filter.tag_all');
		if (tagsAll.length) filter.tag_all = tagsAll.join(',');
		for (const k of ['age_min', 'age_max', 'compound_id']) if (v('filter.' + k)) filter[k] = Number(v('filter.' + k));
		const fields = [...rows.children].map((_, i) => {
			const o = { key: v(`fields[${i}].key`), label: v(`fields[${i}].label`), type: v(`fields[${i}].type`), required: f.querySelector(`[name="fields[${i}].required"]`).checked };
			if (o.type === 'choice') o.options = v(`fields[${i}].options`).split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
			return o;
		});
		const body = { committee_code: f.committee_code.value, name: f.name.value.trim(), unit: f.unit.value, filter, fields };
		if (f.gate_retention_days.value) body.gate_retention_days = Number(f.gate_retention_days.value);
		const c = await post('/api/v1/campaigns', body);
		toast(t('camp.created', { n: c.total }));
		go(`#/campaigns/${c.id}`);
	});
	return f;
}

// --- one campaign ------------------------------------------------------------------------

export async function campaignView({ params, query }) {
	const id = params.id;
	const head = atLeast('committee_head');
	const mine = query.has('mine') ? query.get('mine') === 'true' : !head;
	const grid = query.get('grid_id') || '';
	const [c, p, left] = await Promise.all([
		get(`/api/v1/campaigns/${id}`), get(`/api/v1/campaigns/${id}/progress`),
		get(`/api/v1/campaigns/${id}/left` + qs({ mine: mine ? 'true' : '', grid_id: grid })),
	]);
	const open = c.status === 'open';
	const figure = h('div', { id: 'camp-figure' }, progressLine(p));
	const refresh = async () => figure.replaceChildren(progressLine(await get(`/api/v1/campaigns/${id}/progress`)));
	const exp = (fmt, label) => h('a', { href: `/api/v1/campaigns/${id}/export?format=${fmt}`, download: '', class: 'btn btn-small' }, label);
	const end = head && open ? h('button', {
		type: 'button', class: 'btn btn-small btn-danger', onclick: async () => {
			if (!confirm(t('camp.endConfirm', { n: c.name }))) return;
			try {
				await post(`/api/v1/campaigns/${id}/end`, {});
				toast(t('camp.ended'));
				go(location.hash);
			} catch (err) { toast(errorText(err), 'error'); }
		},
	}, t('camp.end')) : null;

	const by = (label, list, nameOf) => h('section', { class: 'card' }, h('h2', null, label),
		table([label, t('duty.done'), '%'], list.map((x) => [nameOf(x), `${x.done}/${x.total}`, `${x.percent}%`])));
	const filt = h('form', { class: 'inline-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); go(`#/campaigns/${id}` + qs({ mine: filt.mine.checked ? 'true' : 'false', grid_id: filt.grid_id.value })); } },
		field({ name: 'grid_id', label: t('camp.grid'), type: 'select', value: grid, options: [['', t('all')], ...p.by_grid.filter((g) => g.grid_id).map((g) => [g.grid_id, g.name])] }),
		field({ name: 'mine', label: t('camp.mine'), type: 'checkbox', value: mine }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('filter.apply'))));

	// what is left, in walking order, grouped by compound and building
	const groups = [];
	for (const it of left.items) {
		const key = it.compound + ' ' + it.building;
		let g = groups[groups.length - 1];
		if (!g || g.key !== key) groups.push(g = { key, items: [] });
		g.items.push(it);
	}
	const leftList = groups.length ? groups.map((g) => h('section', { class: 'plan-group' },
		h('h3', null, g.key, h('span', { class: 'count' }, t('plan.households', { n: g.items.length }))),
		h('ul', { class: 'plain' }, g.items.map((it) => targetItem(c, it, open, refresh)))))
		: h('p', { class: 'empty' }, t('camp.allDone'));

	return h('section', { class: 'camp' },
		pageTitle(c.name, badge('campaign_status', c.status)),
		h('p', { class: 'muted' }, enumLabel('campaign_unit', c.unit), ' · ', c.fields.map((x) => x.label).join('、')),
		figure,
		h('div', { class: 'actions' }, exp('csv', t('camp.csv')), exp('xlsx', t('camp.xlsx')), end),
		h('section', { class: 'card' }, h('h2', null, t('camp.left', { n: left.count })), filt, leftList),
		h('div', { class: 'cards camp-by' },
			by(t('camp.grid'), p.by_grid, (x) => x.name || t('camp.noGrid')),
			by(t('duty.worker'), p.by_worker, (x) => x.name || t('grid.noWorker')),
			by(t('f.compound'), p.by_compound, (x) => x.name)));
}

/** The value of a checklist control as the API wants it. */
function valueOf(fd, v) {
	if (v === '') return undefined;
	if (fd.type === 'yes_no') return v === 'true';
	if (fd.type === 'number') return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v; // the API names what is wrong
	return v;
}

function targetItem(c, it, open, refresh) {
	const label = [it.room, it.resident_name].filter(Boolean).join(' ');
	if (!open) return h('li', null, it.address, it.resident_name ? ' ' + it.resident_name : '');
	const vals = it.values || {};
	const f = h('form', { class: 'form grid-form camp-entry', novalidate: true },
		formError(),
		c.fields.map((fd) => {
			const name = 'values.' + fd.key;
			const cur = vals[fd.key];
			if (fd.type === 'yes_no') return field({ name, label: fd.label, type: 'select', required: fd.required, value: cur === undefined ? '' : String(cur), options: [['', t('unset')], ['true', t('yes')], ['false', t('no')]] });
			if (fd.type === 'choice') return field({ name, label: fd.label, type: 'select', required: fd.required, value: cur ?? '', options: [['', t('unset')], ...(fd.options || []).map((o) => [o, o])] });
			if (fd.type === 'date') return field({ name, label: fd.label, type: 'date', required: fd.required, value: cur ?? '' });
			return field({ name, label: fd.label, required: fd.required, value: cur ?? '', attrs: fd.type === 'number' ? { inputmode: 'decimal' } : null });
		}),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('save'))));
	const li = h('li', { class: 'camp-target', dataset: { target: it.target_id } },
		h('details', null, h('summary', null, label, it.values ? h('span', { class: 'badge' }, t('camp.partial')) : null,
			it.worker_name ? h('span', { class: 'muted small' }, ' · ', it.worker_name) : null), f));
	onSubmit(f, async () => {
		const values = {};
		for (const fd of c.fields) {
			const x = valueOf(fd, f.querySelector(`[name="values.${fd.key}"]`).value.trim());
			if (x !== undefined) values[fd.key] = x;
		}
		// issue 18: through the outbox (the same key if it has to be sent again)
		const s = await submit({ method: 'PUT', path: `/api/v1/campaign-targets/${it.target_id}/entry`, body: { values }, kind: 'entry', label: [it.address || '', label].join(' ').trim(), fix: location.hash });
		if (s.queued) {
			toast(t('outbox.queued'), 'warn');
			li.replaceChildren(h('p', { class: 'queued' }, label, ' · ', t('outbox.waiting')));
			return;
		}
		const r = s.value;
		toast(r.done ? t('camp.targetDone', { a: label }) : t('saved'));
		if (r.done) li.replaceChildren(h('p', { class: 'ok' }, '✓ ', label, ' ', t('duty.done')));
		await refresh().catch(() => {});
	});
	return li;
}

// --- the head's day: duties in pairs and the day's summary ---------------------------------------

export async function dutiesView({ query }) {
	const date = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') || '') ? query.get('date') : todayISO();
	const [pick, code] = await committeePick('#/duties', query);
	if (!code) return h('section', null, pageTitle(t('duty.title')), h('p', { class: 'empty' }, t('admin.noCommittee')));
	const [day, workers, grids, comps, camps] = await Promise.all([
		get('/api/v1/reports/day' + qs({ committee_code: code, date })),
		workersOf(code),
		get('/api/v1/grids' + qs({ committee_code: code, limit: 500 })).then((r) => r.items).catch(() => []),
		get('/api/v1/compounds' + qs({ committee_code: code, limit: 500 })).then((r) => r.items).catch(() => []),
		get('/api/v1/campaigns' + qs({ area: code, status: 'open', limit: 200 })).then((r) => r.items).catch(() => []),
	]);
	const dateForm = h('form', { class: 'inline-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); go('#/duties' + qs({ committee_code: code, date: dateForm.date.value })); } },
		pick, field({ name: 'date', label: t('cal.date'), type: 'date', value: date }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('filter.apply'))));
	const wOpts = workers.map(([id, n]) => [id, n]);
	const f = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'kind', label: t('duty.kind'), type: 'select', options: enumOptions('duty_kind') }),
		field({ name: 'start_time', label: t('duty.start'), type: 'time', value: '08:30' }),
		field({ name: 'end_time', label: t('duty.end'), type: 'time', value: '17:00', hint: t('duty.endHint') }),
		h('div', { class: 'field-wide', dataset: { field: 'worker_ids' } },
			field({ name: 'w1', label: t('duty.worker'), type: 'select', required: true, options: [['', t('choose')], ...wOpts] }),
			field({ name: 'w2', label: t('duty.worker2'), type: 'select', options: [['', t('duty.nobody')], ...wOpts] }),
			h('p', { class: 'field-error', 'aria-live': 'polite' })),
		grids.length ? choiceGroup({ name: 'grid_ids', legend: t('duty.grids'), chips: true, options: grids.map((g) => [g.id, g.name]) }) : null,
		comps.length ? choiceGroup({ name: 'compound_ids', legend: t('duty.compounds'), chips: true, options: comps.map((x) => [x.id, x.name]) }) : null,
		field({ name: 'campaign_id', label: t('duty.campaign'), type: 'select', options: [['', t('duty.noCampaign')], ...camps.map((x) => [x.id, x.name])] }),
		field({ name: 'note', label: t('issue.note'), attrs: { maxlength: 500 } }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('duty.create'))));
	onSubmit(f, async () => {
		const ids = [f.w1.value, f.w2.value].filter(Boolean).map(Number);
		const body = { committee_code: code, date, kind: f.kind.value, worker_ids: ids, grid_ids: checkedValues(f, 'grid_ids').map(Number), compound_ids: checkedValues(f, 'compound_ids').map(Number), building_ids: [] };
		if (f.campaign_id.value) body.campaign_id = Number(f.campaign_id.value);
		if (f.note.value.trim()) body.note = f.note.value.trim();
		if (f.start_time.value) body.start_time = f.start_time.value;
		if (f.end_time.value) body.end_time = f.end_time.value;
		await post('/api/v1/duties', body);
		toast(t('saved'));
		go(location.hash);
	});
	const gName = Object.fromEntries(grids.map((g) => [g.id, g.name]));
	const cName = Object.fromEntries(comps.map((g) => [g.id, g.name]));
	const areas = (d) => [...d.areas.grid_ids.map((x) => gName[x] || '#' + x), ...d.areas.compound_ids.map((x) => cName[x] || '#' + x), ...d.areas.building_ids.map((x) => '#' + x)].join('、') || '—';
	return h('section', { class: 'camp' },
		pageTitle(t('duty.title')), dateForm,
		h('p', { class: 'summary' }, t('duty.summaryLine', { n: day.duties_total, d: day.duties_done })),
		h('section', { class: 'card' }, h('h2', null, t('duty.list')),
			day.duties.length ? table([t('duty.kind'), t('duty.hours'), t('duty.worker'), t('duty.areas'), t('status')], day.duties.map((d) => [
				enumLabel('duty_kind', d.kind), dutyTimes(d), d.workers.map((u) => u.name || u.username).join(' + '), areas(d),
				d.done ? t('duty.done') + (d.summary ? '：' + d.summary : '') : '—'])) : h('p', { class: 'empty' }, t('duty.noneDay'))),
		h('details', { class: 'card', open: !day.duties.length }, h('summary', null, t('duty.create')), f),
		h('section', { class: 'card' }, h('h2', null, t('duty.day')),
			table([t('duty.kind'), t('duty.count'), t('duty.done')], Object.entries(day.by_kind).map(([k, x]) => [enumLabel('duty_kind', k), x.duties, x.done])),
			table([t('duty.worker'), t('duty.hours'), t('duty.entries'), t('duty.visits')], day.workers.map((x) => [x.name || x.username, t('duty.hoursN', { n: x.duty_hours ?? 0 }), x.entries_done, x.visits]))));
}
