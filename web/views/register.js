// The register (知百家情): the filter with its total, the list, export of
// the filter; places (compounds and buildings); a new household; import of
// a CSV or XLSX file with its line report.

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, patch, api, qs } from '../api.js';
import { h, pageTitle, field, onSubmit, formError, toast, tagChips, moreButton, nextId, showError } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { tags as loadTags, committees as loadCommittees } from '../data.js';
import { tagPicker, pickedTags, fieldLabel } from './resident.js';

const FILTER_KEYS = ['committee_code', 'tag_all', 'tag_any', 'tag_none', 'age_min', 'age_max', 'gender', 'compound_id', 'building_id',
	'floor_min', 'no_lift', 'residence_kind', 'party_member', 'status', 'not_visited_days', 'q', 'sort', 'skill', 'team_id'];

/** A select of the committees in scope (or a fixed value when there is one). */
export async function committeeField(name, value, { required = false, any = true, label } = {}) {
	const list = await loadCommittees().catch(() => []);
	const opts = list.map((c) => [c.code, c.name]);
	if (list.length === 1 && !any) value = list[0].code;
	return field({ name, label: label || t('f.committee'), type: 'select', value: value || '', required, options: any ? [['', t('all')], ...opts] : [['', t('choose')], ...opts] });
}

export async function registerView({ query }) {
	const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k) || '']));
	const [allTags, compounds] = await Promise.all([
		loadTags(f.committee_code || undefined).catch(() => []),
		get('/api/v1/compounds' + qs({ committee_code: f.committee_code, limit: 500 })).then((r) => r.items).catch(() => []),
	]);
	const buildings = f.compound_id
		? await get('/api/v1/buildings' + qs({ compound_id: f.compound_id, limit: 500 })).then((r) => r.items).catch(() => [])
		: [];

	// per-tag condition: any of "no condition", all, any, none
	const modeOf = (name) => (f.tag_all.split(',').includes(name) ? 'all' : f.tag_any.split(',').includes(name) ? 'any' : f.tag_none.split(',').includes(name) ? 'none' : '');
	const tagRows = allTags.map((tg) => {
		const id = nextId('tagmode');
		return h('div', { class: 'tag-mode' },
			h('label', { for: id }, tg.name),
			h('select', { id, name: 'tagmode', dataset: { tag: tg.name } },
				[['', t('filter.tagIgnore')], ['all', t('filter.tagAll')], ['any', t('filter.tagAny')], ['none', t('filter.tagNone')]]
					.map(([v, l]) => h('option', { value: v, selected: modeOf(tg.name) === v }, l))));
	});
	const nTagConds = [f.tag_all, f.tag_any, f.tag_none].join(',').split(',').filter(Boolean).length;

	const nMore = ['committee_code', 'compound_id', 'building_id', 'age_min', 'age_max', 'floor_min', 'not_visited_days', 'gender', 'residence_kind', 'party_member', 'status', 'no_lift', 'skill']
		.filter((k) => f[k]).length + nTagConds;
	const form = h('form', { class: 'form filter-form card', role: 'search', 'aria-label': t('filter.title') },
		formError(),
		h('div', { class: 'search-row' },
			h('div', { class: 'field grow', dataset: { field: 'q' } },
				h('label', { for: 'reg-q' }, t('filter.q')),
				h('input', { id: 'reg-q', name: 'q', type: 'search', value: f.q, 'aria-describedby': 'reg-q-hint reg-q-err' }),
				h('p', { class: 'hint', id: 'reg-q-hint' }, t('filter.qHint')),
				h('p', { class: 'field-error', id: 'reg-q-err', 'aria-live': 'polite' }))),
		h('details', { class: 'more-filters', open: nMore > 0 || window.matchMedia('(min-width: 700px)').matches },
			h('summary', null, t('filter.more'), nMore ? ` (${nMore})` : ''),
			h('div', { class: 'filter-grid' },
				await committeeField('committee_code', f.committee_code),
				field({ name: 'compound_id', label: t('f.compound'), type: 'select', value: f.compound_id, options: [['', t('all')], ...compounds.map((c) => [c.id, c.name])] }),
				field({ name: 'building_id', label: t('f.building'), type: 'select', value: f.building_id, options: [['', f.compound_id ? t('all') : t('filter.pickCompound')], ...buildings.map((b) => [b.id, b.label])], attrs: { disabled: !f.compound_id } }),
				field({ name: 'age_min', label: t('filter.ageMin'), type: 'number', value: f.age_min, attrs: { min: 0, max: 150, inputmode: 'numeric' } }),
				field({ name: 'age_max', label: t('filter.ageMax'), type: 'number', value: f.age_max, attrs: { min: 0, max: 150, inputmode: 'numeric' } }),
				field({ name: 'floor_min', label: t('filter.floorMin'), type: 'number', value: f.floor_min, attrs: { min: -5, max: 200, inputmode: 'numeric' } }),
				field({ name: 'not_visited_days', label: t('filter.notVisitedDays'), type: 'number', value: f.not_visited_days, hint: t('filter.notVisitedHint'), attrs: { min: 1, max: 3660, inputmode: 'numeric' } }),
				field({ name: 'gender', label: t('f.gender'), type: 'select', value: f.gender, options: [['', t('all')], ...enumOptions('gender')] }),
				field({ name: 'residence_kind', label: t('f.residence_kind'), type: 'select', value: f.residence_kind, options: [['', t('all')], ...enumOptions('residence_kind')] }),
				field({ name: 'party_member', label: t('f.party_member'), type: 'select', value: f.party_member, options: [['', t('all')], ['true', t('yes')], ['false', t('no')]] }),
				field({ name: 'status', label: t('f.status'), type: 'select', value: f.status, options: [['', enumLabel('resident_status', 'living')], ['moved_out', enumLabel('resident_status', 'moved_out')], ['deceased', enumLabel('resident_status', 'deceased')], ['any', t('all')]] }),
				field({ name: 'skill', label: t('filter.skill'), value: f.skill, hint: t('filter.skillHint'), attrs: { maxlength: 20 } }),
				field({ name: 'no_lift', label: t('filter.noLift'), type: 'checkbox', value: f.no_lift === 'true' })),
			h('details', { class: 'tag-modes', open: nTagConds > 0 },
				h('summary', null, t('filter.tags'), nTagConds ? ` (${nTagConds})` : ''),
				h('p', { class: 'hint' }, t('filter.tagsHint')),
				h('div', { class: 'tag-mode-grid' }, tagRows))),
		h('div', { class: 'actions' },
			h('button', { type: 'submit', class: 'btn btn-primary' }, t('filter.apply')),
			h('a', { href: '#/register', class: 'btn btn-quiet' }, t('filter.reset'))));

	const readForm = () => {
		const o = {};
		for (const k of ['q', 'committee_code', 'compound_id', 'building_id', 'age_min', 'age_max', 'floor_min', 'not_visited_days', 'gender', 'residence_kind', 'party_member', 'status', 'skill']) {
			const el = form.elements[k];
			if (el && !el.disabled && el.value.trim() !== '') o[k] = el.value.trim();
		}
		if (form.elements.no_lift.checked) o.no_lift = 'true';
		const modes = { all: [], any: [], none: [] };
		for (const s of form.querySelectorAll('select[name=tagmode]')) if (s.value) modes[s.value].push(s.dataset.tag);
		if (modes.all.length) o.tag_all = modes.all.join(',');
		if (modes.any.length) o.tag_any = modes.any.join(',');
		if (modes.none.length) o.tag_none = modes.none.join(',');
		if (f.sort) o.sort = f.sort;
		if (f.team_id) o.team_id = f.team_id;
		return o;
	};
	// a changed committee or compound reloads the choices that depend on it
	form.elements.committee_code.addEventListener('change', () => {
		const o = readForm();
		delete o.compound_id;
		delete o.building_id;
		go('#/register' + qs(o));
	});
	form.elements.compound_id.addEventListener('change', () => {
		const o = readForm();
		delete o.building_id;
		go('#/register' + qs(o));
	});
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/register' + qs(readForm()));
	});

	// the results
	const filter = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
	const results = h('div', { class: 'results', 'aria-live': 'polite' });
	const total = h('p', { class: 'total', role: 'status' });
	let page;
	try {
		page = await get('/api/v1/residents' + qs({ ...filter, limit: 50 }));
	} catch (err) {
		// a bad filter value: show it next to its field
		if (err.status === 401) throw err;
		showError(form, err);
		page = { items: [], next_cursor: null, total: 0 };
	}
	total.textContent = t('filter.total', { n: page.total ?? page.items.length });
	const table = h('table', { class: 'table residents-table' },
		h('caption', { class: 'sr-only' }, t('filter.results')),
		h('thead', null, h('tr', null, [t('f.name'), t('f.address'), t('f.age'), t('f.gender'), t('f.phone'), t('tags'), t('filter.lastVisit')].map((x) => h('th', { scope: 'col' }, x)))),
		h('tbody', null, page.items.map(row)));
	results.append(total, page.items.length ? table : h('p', { class: 'empty' }, t('filter.none')));
	if (page.next_cursor) {
		let cursor = page.next_cursor;
		results.append(moreButton(async () => {
			const p = await get('/api/v1/residents' + qs({ ...filter, limit: 50, cursor }));
			table.tBodies[0].append(...p.items.map(row));
			cursor = p.next_cursor;
			return !!cursor;
		}));
	}

	const exportQ = { ...filter };
	delete exportQ.sort;
	const revealBox = atLeast('committee_head') ? h('span', { class: 'field-check inline' },
		h('input', { type: 'checkbox', id: 'export-reveal', onchange: (ev) => { for (const a of exportLinks) a.href = exportHref(a.dataset.format, ev.target.checked); } }),
		h('label', { for: 'export-reveal' }, t('export.reveal'))) : null;
	const exportHref = (format, reveal) => '/api/v1/residents/export' + qs({ format, ...exportQ, reveal: reveal ? 'true' : '' });
	const exportLinks = ['xlsx', 'csv'].map((fm) => h('a', { class: 'btn btn-small', href: exportHref(fm, false), download: '', dataset: { format: fm } }, t('export.' + fm)));

	return h('section', { class: 'register' },
		pageTitle(t('register.title'),
			h('div', { class: 'actions' },
				h('a', { href: '#/households/new', class: 'btn btn-small' }, t('household.new')),
				h('a', { href: '#/register/key-persons', class: 'btn btn-small btn-quiet' }, t('key.title')),
				h('a', { href: '#/register/places', class: 'btn btn-small btn-quiet' }, t('places.title')),
				h('a', { href: '#/register/import', class: 'btn btn-small btn-quiet' }, t('import.title')))),
		form,
		h('div', { class: 'export-bar' }, h('span', null, t('export.title'), '：'), exportLinks, revealBox),
		results);
}

function row(r) {
	return h('tr', null,
		h('td', { 'data-label': t('f.name'), class: 'cell-name' }, h('a', { href: `#/residents/${r.id}` }, r.name),
			h('span', { class: 'm-only muted' }, ' ', [r.gender ? enumLabel('gender', r.gender) : null, r.age !== null && r.age !== undefined ? t('age.n', { n: r.age }) : null].filter(Boolean).join(' · '))),
		h('td', { 'data-label': t('f.address') }, h('a', { href: `#/households/${r.household_id}` }, r.address || '')),
		h('td', { 'data-label': t('f.age'), class: 'd-only' }, r.age ?? '—'),
		h('td', { 'data-label': t('f.gender'), class: 'd-only' }, r.gender ? enumLabel('gender', r.gender) : '—'),
		h('td', { 'data-label': t('f.phone'), class: 'mono' }, r.phone || '—'),
		h('td', { 'data-label': t('tags') }, tagChips(r.tags) || '—'),
		h('td', { 'data-label': t('filter.lastVisit') }, r.last_visit_on === undefined ? '—' : r.last_visit_on || t('plan.never')));
}

// --- key persons (一口清) ------------------------------------------------------

export async function keyPersonsView({ query, me }) {
	const mine = query.get('mine') !== null ? query.get('mine') === 'true' : me.role === 'worker';
	const r = await get('/api/v1/residents/key-persons' + qs({ mine: mine ? 'true' : '' }));
	const items = r.items || [];
	// counts per tag, for the one-line summary a worker recites
	const counts = new Map();
	for (const p of items) for (const tg of p.tags || []) if (tg.category === 'vulnerable' || tg.category === 'veteran') counts.set(tg.name, (counts.get(tg.name) || 0) + 1);
	const SHOW = 200;
	const table = h('table', { class: 'table residents-table' },
		h('caption', { class: 'sr-only' }, t('key.title')),
		h('thead', null, h('tr', null, [t('f.name'), t('f.address'), t('f.age'), t('f.gender'), t('f.phone'), t('tags'), t('filter.lastVisit')].map((x) => h('th', { scope: 'col' }, x)))),
		h('tbody', null, items.slice(0, SHOW).map(row)));
	let shown = SHOW;
	return h('section', { class: 'key-persons' },
		pageTitle(t('key.title')),
		h('nav', { class: 'tabs', 'aria-label': t('key.which') }, h('ul', null,
			h('li', null, h('a', { href: '#/register/key-persons?mine=true', 'aria-current': mine ? 'page' : null }, t('key.mine'))),
			h('li', null, h('a', { href: '#/register/key-persons?mine=false', 'aria-current': mine ? null : 'page' }, t('key.all'))))),
		h('p', { class: 'total', role: 'status' }, t('key.total', { n: r.total ?? items.length })),
		counts.size ? h('ul', { class: 'stats' }, [...counts].sort((a, b) => b[1] - a[1]).map(([n, c]) => h('li', { class: 'stat' }, h('strong', null, String(c)), ' ', n))) : null,
		items.length ? table : h('p', { class: 'empty' }, t('filter.none')),
		items.length > SHOW ? moreButton(async () => {
			table.tBodies[0].append(...items.slice(shown, shown + SHOW).map(row));
			shown += SHOW;
			return shown < items.length;
		}) : null);
}

// --- places -------------------------------------------------------------------

export async function placesView({ query }) {
	const list = await loadCommittees().catch(() => []);
	const cc = query.get('committee_code') || (list[0] && list[0].code) || '';
	const compounds = cc ? await get('/api/v1/compounds' + qs({ committee_code: cc, limit: 500 })).then((r) => r.items) : [];
	const cf = await committeeField('committee_code', cc, { any: false, required: true });
	const pick = h('form', { class: 'form inline-form' }, cf);
	pick.elements.committee_code.addEventListener('change', (ev) => go('#/register/places' + qs({ committee_code: ev.target.value })));

	const compoundFields = (c = {}) => [
		field({ name: 'name', label: t('compound.name'), value: c.name, required: true, attrs: { maxlength: 100 } }),
		field({ name: 'kind', label: t('compound.kind'), type: 'select', value: c.kind || 'other', options: enumOptions('compound_kind') }),
		field({ name: 'built_year', label: t('compound.built'), type: 'number', value: c.built_year ?? '', attrs: { min: 1900, max: 2100, inputmode: 'numeric' } }),
		field({ name: 'property_manager', label: t('compound.pm'), value: c.property_manager || '', attrs: { maxlength: 100 } }),
	];
	const compoundBody = (f) => ({
		name: f.name.value.trim(), kind: f.kind.value,
		built_year: f.built_year.value ? Number(f.built_year.value) : null,
		property_manager: f.property_manager.value.trim() || null,
	});
	const newCompound = h('form', { class: 'form grid-form', novalidate: true },
		formError(), compoundFields(),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('compound.add'))));
	onSubmit(newCompound, async () => {
		const code = pick.elements.committee_code.value;
		if (!code) throw { field: 'committee_code', message: t('choose'), message_zh: t('choose'), status: 400 };
		await post('/api/v1/compounds', { committee_code: code, ...compoundBody(newCompound) });
		toast(t('saved'));
		go('#/register/places' + qs({ committee_code: code }));
	});

	const buildingFields = (b = {}) => [
		field({ name: 'label', label: t('building.label'), value: b.label, required: true, attrs: { maxlength: 50, placeholder: '20号' } }),
		field({ name: 'floors', label: t('building.floors'), type: 'number', value: b.floors ?? '', attrs: { min: 1, max: 200, inputmode: 'numeric' } }),
		field({ name: 'has_lift', label: t('building.lift'), type: 'checkbox', value: b.has_lift }),
	];
	const buildingBody = (f) => ({ label: f.label.value.trim(), floors: f.floors.value ? Number(f.floors.value) : null, has_lift: f.has_lift.checked });

	const places = h('div', { class: 'places cards' });
	const lists = await Promise.all(compounds.map((c) => get('/api/v1/buildings' + qs({ compound_id: c.id, limit: 500 })).then((r) => r.items).catch(() => [])));
	compounds.forEach((c, n) => {
		const bs = lists[n];
		const addB = h('form', { class: 'form inline-form', novalidate: true },
			formError(), buildingFields(),
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('building.add'))));
		onSubmit(addB, async () => {
			await post('/api/v1/buildings', { compound_id: c.id, ...buildingBody(addB) });
			toast(t('saved'));
			go(location.hash);
		});
		const editC = h('form', { class: 'form grid-form', novalidate: true },
			formError(), compoundFields(c),
			h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
		onSubmit(editC, async () => {
			await patch(`/api/v1/compounds/${c.id}`, compoundBody(editC));
			toast(t('saved'));
			go(location.hash);
		});
		places.append(h('section', { class: 'card' },
			h('h2', null, c.name, ' ', h('span', { class: 'muted small' }, enumLabel('compound_kind', c.kind), c.built_year ? ` · ${c.built_year}` : '', c.property_manager ? ` · ${c.property_manager}` : '')),
			bs.length ? h('ul', { class: 'building-list' }, bs.map((b) => {
				const editB = h('form', { class: 'form inline-form', novalidate: true },
					formError(), buildingFields(b),
					h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
				onSubmit(editB, async () => {
					await patch(`/api/v1/buildings/${b.id}`, buildingBody(editB));
					toast(t('saved'));
					go(location.hash);
				});
				return h('li', null,
					h('a', { href: '#/register' + qs({ committee_code: cc, compound_id: c.id, building_id: b.id }) }, b.label), ' ',
					h('span', { class: 'muted small' }, [b.floors ? t('building.nFloors', { n: b.floors }) : null, b.has_lift ? t('building.hasLift') : t('building.noLift')].filter(Boolean).join(' · ')),
					h('details', { class: 'inline-details' }, h('summary', null, h('span', { class: 'sr-only' }, b.label), t('edit')), editB));
			})) : h('p', { class: 'empty' }, t('building.none')),
			h('details', null, h('summary', null, t('building.add')), addB),
			h('details', null, h('summary', null, t('compound.edit')), editC)));
	});
	return h('section', null,
		pageTitle(t('places.title')),
		pick,
		compounds.length ? places : h('p', { class: 'empty' }, t('compound.none')),
		h('details', { class: 'card' }, h('summary', null, t('compound.add')), newCompound));
}

// --- a new household ------------------------------------------------------------------

export async function householdNewView({ query }) {
	const compounds = await get('/api/v1/compounds?limit=500').then((r) => r.items);
	const cid = query.get('compound_id') || (compounds[0] && String(compounds[0].id)) || '';
	const buildings = cid ? await get('/api/v1/buildings' + qs({ compound_id: cid, limit: 500 })).then((r) => r.items) : [];
	const committee = compounds.find((c) => String(c.id) === cid)?.committee_code;
	const allTags = await loadTags(committee).catch(() => []);
	const form = h('form', { class: 'form grid-form card', novalidate: true },
		formError(),
		field({ name: 'compound_id', label: t('f.compound'), type: 'select', value: cid, options: compounds.map((c) => [c.id, c.name]), required: true }),
		field({ name: 'building_id', label: t('f.building'), type: 'select', value: query.get('building_id') || '', options: [['', t('choose')], ...buildings.map((b) => [b.id, b.label])], required: true }),
		field({ name: 'room', label: t('household.room'), required: true, hint: t('household.roomHint'), attrs: { maxlength: 20 } }),
		field({ name: 'housing_kind', label: t('household.housing'), type: 'select', options: [['', t('unset')], ...enumOptions('housing_kind')] }),
		tagPicker('tags', t('household.tags'), allTags.filter((x) => x.category !== 'derived'), []),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save')),
			h('a', { href: '#/register/places', class: 'btn btn-quiet' }, t('places.title'))));
	form.compound_id.addEventListener('change', (ev) => go('#/households/new' + qs({ compound_id: ev.target.value })));
	onSubmit(form, async () => {
		const body = { building_id: form.building_id.value ? Number(form.building_id.value) : null, room: form.room.value.trim() };
		if (form.housing_kind.value) body.housing_kind = form.housing_kind.value;
		const tg = pickedTags(form, 'tags');
		if (tg.length) body.tags = tg;
		if (body.building_id === null) throw { status: 400, field: 'building_id', message: t('choose'), message_zh: t('choose') };
		const made = await post('/api/v1/households', body);
		toast(t('saved'));
		go(`#/households/${made.id}`);
	});
	return h('section', null, pageTitle(t('household.new')),
		compounds.length ? form : h('p', { class: 'empty' }, t('compound.none'), ' ', h('a', { href: '#/register/places' }, t('places.title'))));
}

// --- import ------------------------------------------------------------------------------

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function importView() {
	const cf = await committeeField('committee_code', session.me.scope.length === 1 && session.me.scope[0].length === 12 ? session.me.scope[0] : '', { any: false, required: true });
	const report = h('div', { class: 'import-report', 'aria-live': 'polite' });
	// issue 16: the mapping step (views/checks.js): a field chosen per column, remembered
	const mapSlot = h('div', { class: 'field-wide' });
	let step = null;
	const form = h('form', { class: 'form grid-form card', novalidate: true },
		formError(),
		cf,
		field({ name: 'kind', label: t('import.kind'), type: 'select', value: 'residents', options: [['residents', t('import.residents')], ['visits', t('import.visits')]] }),
		field({ name: 'file', label: t('import.file'), type: 'file', required: true, hint: t('import.fileHint'), attrs: { accept: '.csv,.xlsx,text/csv,' + XLSX_TYPE } }),
		mapSlot,
		field({ name: 'dry_run', label: t('import.dryRun'), type: 'checkbox', value: true, hint: t('import.dryRunHint') }),
		field({ name: 'all_or_nothing', label: t('import.allOrNothing'), type: 'checkbox', value: false }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('import.go'))));
	onSubmit(form, async () => {
		const file = form.file.files[0];
		const code = form.committee_code.value;
		if (!code) throw { status: 400, field: 'committee_code', message: t('choose'), message_zh: t('choose') };
		if (!file) throw { status: 400, field: 'file', message: t('import.noFile'), message_zh: t('import.noFile') };
		const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
		const path = form.kind.value === 'visits' ? '/api/v1/imports/visits' : '/api/v1/imports';
		if (step) await step.ready.catch(() => {});
		const m = form.kind.value === 'residents' && step ? step.mapping() : null;
		const r = await api('POST', path + qs({ committee_code: code, dry_run: form.dry_run.checked ? 'true' : '', all_or_nothing: form.all_or_nothing.checked ? 'true' : '', mapping: m ? JSON.stringify(m) : '' }),
			undefined, { raw: await file.arrayBuffer(), type });
		if (m) await step.remember();
		report.replaceChildren(importReport(r));
	}, { committee_code: 'committee_code', mapping: 'file' });
	const preview = async () => {
		const file = form.file.files[0];
		const code = form.committee_code.value;
		step = null;
		mapSlot.replaceChildren();
		if (!file || !code || form.kind.value !== 'residents') return;
		const { mappingStep } = await import('./checks.js');
		step = mappingStep(file, code);
		mapSlot.replaceChildren(step.el);
	};
	for (const n of ['file', 'committee_code', 'kind']) form[n].addEventListener('change', preview);
	return h('section', null,
		pageTitle(t('import.title')),
		h('p', null, t('import.intro')),
		h('details', { class: 'card' }, h('summary', null, t('import.template')),
			h('h3', null, t('import.residents')),
			h('pre', { class: 'template' }, '小区,楼号,室号,姓名,性别,出生日期,身份证号,手机,与户主关系,户籍类型,标签\n普雄馨苑,20号,1201室,王秀英,女,1942-05-01,,13800000001,户主,户籍,独居老人'),
			h('h3', null, t('import.visits')),
			h('pre', { class: 'template' }, '小区,楼号,室号,走访时间,方式,社工,望,闻,问,切,跟进日期,服务\n普雄馨苑,20号,1201室,2026-11-18 10:00,入户,,家中整洁,,腿脚不便,需要助餐,2026-11-25,送餐、配药')),
		form, report);
}

/** The line-by-line report of an import. */
export function importReport(r) {
	const lines = r.lines || [];
	const rejected = lines.filter((l) => l.status === 'rejected');
	const sorted = [...rejected, ...lines.filter((l) => l.status !== 'rejected')];
	const written = r.dry_run ? t('import.wasDry') : (r.written === false ? t('import.notWritten') : t('import.written'));
	return h('section', { class: 'card' },
		h('h2', null, t('import.report')),
		h('p', { class: r.rejected ? 'warn' : 'ok' }, written),
		h('ul', { class: 'stats' },
			[['inserted', r.inserted], ['updated', r.updated], ['unchanged', r.unchanged], ['rejected', r.rejected]]
				.filter(([, n]) => n !== undefined).map(([k, n]) => h('li', { class: 'stat stat-' + k }, h('strong', null, String(n)), ' ', enumLabel('line_status', k)))),
		r.created ? h('p', { class: 'muted' }, t('import.created', r.created)) : null,
		h('table', { class: 'table' },
			h('caption', null, t('import.lines')),
			h('thead', null, h('tr', null, [t('import.line'), t('status'), t('import.field'), t('import.reason')].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', null, sorted.slice(0, 500).map((l) => h('tr', { class: l.status === 'rejected' ? 'row-bad' : '' },
				h('td', { 'data-label': t('import.line') }, String(l.line)),
				h('td', { 'data-label': t('status') }, enumLabel('line_status', l.status)),
				h('td', { 'data-label': t('import.field') }, l.field ? `${fieldLabel(l.field)}${l.column ? `（${t('import.col', { n: l.column })}）` : ''}` : '—'),
				h('td', { 'data-label': t('import.reason') }, (document.documentElement.lang === 'en' ? l.reason : (l.reason_zh || l.reason)) || '—'))))));
}
