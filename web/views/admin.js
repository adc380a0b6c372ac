// Administration: users (admin), grids and assignments, tags and the visit
// policy, the staffing quota, the reception roster (heads and above), issue
// categories, Open311 api keys and the working-day calendar (admin).

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, patch, put, del, qs, getAll } from '../api.js';
import { h, pageTitle, field, choiceGroup, checkedValues, onSubmit, formError, toast, todayISO, errorText, timeEl, dl } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { committees as loadCommittees, forgetTags, forgetCategories, workersOf } from '../data.js';

const TABS = [
	['grids', 'committee_head'], ['policy', 'committee_head'], ['roster', 'committee_head'],
	['categories', 'committee_head'], ['users', 'committee_head'], ['keys', 'admin'], ['calendar', 'admin'],
];

export async function adminView({ params, query }) {
	const tabs = TABS.filter(([, r]) => atLeast(r));
	const tab = tabs.some(([k]) => k === params.tab) ? params.tab : tabs[0][0];
	const nav = h('nav', { class: 'tabs', 'aria-label': t('admin.sections') }, h('ul', null, tabs.map(([k]) => h('li', null,
		h('a', { href: '#/admin/' + k, 'aria-current': k === tab ? 'page' : null }, t('admin.' + k))))));
	const body = await ({ grids, policy, roster, categories, users, keys, calendar })[tab](query);
	return h('section', { class: 'admin' }, pageTitle(t('admin.title')), nav, body);
}

/** A committee picker that reloads the tab; answers [element, code]. */
async function pickCommittee(tab, query) {
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const sel = h('select', { id: 'admin-committee', onchange: (ev) => go(`#/admin/${tab}` + qs({ committee_code: ev.target.value })) },
		list.map((c) => h('option', { value: c.code, selected: c.code === code }, c.name)));
	return [h('div', { class: 'field inline committee-pick' }, h('label', { for: 'admin-committee' }, t('f.committee')), sel), code];
}

function workerField(name, label, workers, value) {
	return workers.length
		? field({ name, label, type: 'select', required: true, value: value ?? '', options: [['', t('choose')], ...workers] })
		: field({ name, label: label + t('admin.byId'), type: 'number', required: true, hint: t('admin.workerIdHint'), attrs: { min: 1, inputmode: 'numeric' } });
}

// --- grids ------------------------------------------------------------------------

async function grids(query) {
	const [pick, code] = await pickCommittee('grids', query);
	if (!code) return h('p', { class: 'empty' }, t('admin.noCommittee'));
	const [gridList, unassigned, compounds, workers] = await Promise.all([
		get('/api/v1/grids' + qs({ committee_code: code, limit: 500 })).then((r) => r.items),
		get('/api/v1/grids/unassigned' + qs({ committee_code: code })).catch(() => ({ items: [], total: 0 })),
		get('/api/v1/compounds' + qs({ committee_code: code, limit: 500 })).then((r) => r.items),
		workersOf(code),
	]);
	const buildings = [];
	for (const c of compounds) {
		const bs = await get('/api/v1/buildings' + qs({ compound_id: c.id, limit: 500 })).then((r) => r.items).catch(() => []);
		for (const b of bs) buildings.push({ ...b, name: `${c.name} ${b.label}` });
	}
	const bName = Object.fromEntries(buildings.map((b) => [b.id, b.name]));

	const gridCards = gridList.map((g) => {
		const edit = h('form', { class: 'form', novalidate: true },
			formError(),
			field({ name: 'name', label: t('grid.name'), value: g.name, required: true }),
			choiceGroup({ name: 'building_ids', legend: t('grid.buildings'), chips: true, options: buildings.map((b) => [b.id, b.name]), value: g.building_ids }),
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
		onSubmit(edit, async () => {
			await patch(`/api/v1/grids/${g.id}`, { name: edit.name.value.trim(), building_ids: checkedValues(edit, 'building_ids').map(Number) });
			toast(t('saved'));
			go(location.hash);
		});
		const assign = h('form', { class: 'form grid-form', novalidate: true },
			formError(),
			workerField('worker_id', t('grid.worker'), workers),
			field({ name: 'start_on', label: t('grid.startOn'), type: 'date', value: todayISO(), required: true }),
			field({ name: 'end_on', label: t('grid.endOn'), type: 'date' }),
			field({ name: 'end_previous', label: t('grid.endPrevious'), type: 'checkbox', value: true }),
			h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, t('grid.assign'))));
		onSubmit(assign, async () => {
			const body = { worker_id: Number(assign.worker_id.value) || 0, start_on: assign.start_on.value, end_previous: assign.end_previous.checked };
			if (assign.end_on.value) body.end_on = assign.end_on.value;
			await post(`/api/v1/grids/${g.id}/assignments`, body);
			toast(t('saved'));
			go(location.hash);
		});
		const hist = h('details', {
			ontoggle: async (ev) => {
				const d = ev.target;
				if (!d.open || d.dataset.loaded) return;
				d.dataset.loaded = '1';
				const r = await get(`/api/v1/grids/${g.id}/assignments`).catch(() => ({ items: [] }));
				d.append(h('ul', { class: 'plain' }, r.items.map((a) => h('li', null, `${a.worker_name} · ${a.start_on} → ${a.end_on || t('grid.open')}`))));
			},
		}, h('summary', null, t('grid.history')));
		return h('section', { class: 'card' },
			h('h2', null, g.name),
			dl([
				[t('grid.workers'), g.workers.map((w) => w.name || w.username).join('、') || t('grid.noWorker')],
				[t('grid.buildings'), g.building_ids.map((id) => bName[id] || '#' + id).join('、') || '—'],
				g.household_ids && g.household_ids.length ? [t('grid.single'), t('plan.households', { n: g.household_ids.length })] : null,
				[t('grid.households'), t('grid.counts', { h: g.households, r: g.residents })],
			]),
			h('details', null, h('summary', null, t('grid.assign')), assign),
			h('details', null, h('summary', null, t('grid.edit')), edit),
			hist);
	});

	const create = h('form', { class: 'form', novalidate: true },
		formError(),
		field({ name: 'name', label: t('grid.name'), required: true, attrs: { maxlength: 100 } }),
		choiceGroup({ name: 'building_ids', legend: t('grid.buildings'), chips: true, options: buildings.map((b) => [b.id, b.name]), value: [] }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('grid.create'))));
	onSubmit(create, async () => {
		await post('/api/v1/grids', { committee_code: code, name: create.name.value.trim(), building_ids: checkedValues(create, 'building_ids').map(Number), household_ids: [] });
		toast(t('saved'));
		go(location.hash);
	});

	const quota = h('form', { class: 'form inline-form', novalidate: true },
		formError(),
		field({ name: 'households_per_worker', label: t('admin.quota'), type: 'number', required: true, hint: t('admin.quotaHint'), attrs: { min: 10, max: 5000, inputmode: 'numeric' } }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
	get('/api/v1/reports/workload' + qs({ committee_code: code })).then((r) => { quota.households_per_worker.value = r.households_per_worker; }, () => {});
	onSubmit(quota, async () => {
		await put(`/api/v1/committees/${code}/quota`, { households_per_worker: Number(quota.households_per_worker.value) });
		toast(t('saved'));
	});

	return h('div', null, pick,
		h('div', { class: 'cards' }, gridCards.length ? gridCards : h('p', { class: 'empty' }, t('grid.none'))),
		h('section', { class: 'card' }, h('h2', null, t('grid.unassigned', { n: unassigned.total ?? unassigned.items.length })),
			unassigned.items.length ? h('ul', { class: 'plain place-list' }, unassigned.items.slice(0, 50).map((x) => placeRow(x, gridList))) : h('p', { class: 'empty' }, t('grid.allAssigned'))),
		h('details', { class: 'card' }, h('summary', null, t('grid.create')), create),
		h('section', { class: 'card' }, h('h2', null, t('admin.quotaTitle')), quota));
}

/** An unassigned household with a picker that places it in a grid (a lane
 * house split between grids is placed household by household). */
function placeRow(x, gridList) {
	const id = 'place-' + x.id;
	const sel = h('select', { id }, h('option', { value: '' }, t('choose')), gridList.map((g) => h('option', { value: g.id }, g.name)));
	const f = h('form', { class: 'place-row', novalidate: true },
		h('a', { href: `#/households/${x.id}` }, x.address),
		h('label', { for: id, class: 'sr-only' }, t('grid.placeIn', { a: x.address })),
		sel,
		h('button', { type: 'submit', class: 'btn btn-small' }, t('grid.place')),
		h('p', { class: 'field-error', 'aria-live': 'polite' }));
	f.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const g = gridList.find((y) => String(y.id) === sel.value);
		if (!g) return;
		try {
			await patch(`/api/v1/grids/${g.id}`, { household_ids: [...(g.household_ids || []), x.id] });
			toast(t('saved'));
			go(location.hash);
		} catch (err) {
			f.querySelector('.field-error').textContent = errorText(err);
		}
	});
	return h('li', null, f);
}

// --- tags and the visit policy -----------------------------------------------------------

async function policy(query) {
	const [pick, code] = await pickCommittee('policy', query);
	if (!code) return h('p', { class: 'empty' }, t('admin.noCommittee'));
	const [pol, tagList] = await Promise.all([
		get('/api/v1/visit-policy' + qs({ committee_code: code })),
		get('/api/v1/tags' + qs({ committee_code: code, limit: 500 })).then((r) => r.items),
	]);
	const rows = pol.items.map((p) => {
		const id = 'pol-' + (p.tag === '*' ? 'all' : p.tag);
		const f = h('form', { class: 'policy-row', novalidate: true },
			h('div', { class: 'policy-name' },
				h('label', { for: id }, p.tag === '*' ? t('policy.everyone') : p.tag),
				h('span', { id: id + '-src', class: 'muted small' + (p.source === 'committee' ? ' own' : '') }, enumLabel('policy_source', p.source))),
			h('span', { class: 'with-unit' },
				h('input', { id, name: 'interval_days', type: 'number', min: 1, max: 3650, value: p.interval_days, inputmode: 'numeric', 'aria-describedby': id + '-src' }),
				h('span', { 'aria-hidden': 'true' }, t('policy.days'))),
			h('button', { type: 'submit', class: 'btn btn-small' }, t('save')),
			p.source === 'committee' ? h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => setPolicy(null) }, t('policy.reset')) : null,
			h('p', { class: 'field-error', 'aria-live': 'polite' }));
		const setPolicy = async (v) => {
			try {
				await put('/api/v1/visit-policy', { committee_code: code, tag: p.tag, interval_days: v });
				toast(t('saved'));
				go(location.hash);
			} catch (err) {
				f.querySelector('.field-error').textContent = errorText(err);
			}
		};
		f.addEventListener('submit', (ev) => {
			ev.preventDefault();
			setPolicy(Number(f.interval_days.value));
		});
		return f;
	});

	const newTag = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'name', label: t('tag.name'), required: true, attrs: { maxlength: 30 } }),
		field({ name: 'category', label: t('tag.category'), type: 'select', value: 'custom', options: [['custom', enumLabel('tag_category', 'custom')], ['team', enumLabel('tag_category', 'team')]] }),
		field({ name: 'visit_interval_days', label: t('tag.interval'), type: 'number', hint: t('tag.intervalHint'), attrs: { min: 1, max: 3650, inputmode: 'numeric' } }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('tag.add'))));
	onSubmit(newTag, async () => {
		const body = { name: newTag.name.value.trim(), category: newTag.category.value, committee_code: code };
		if (newTag.visit_interval_days.value) body.visit_interval_days = Number(newTag.visit_interval_days.value);
		await post('/api/v1/tags', body);
		forgetTags();
		toast(t('saved'));
		go(location.hash);
	});

	const due = h('div');
	get('/api/v1/tags/due').then((r) => due.replaceChildren(r.items.length
		? h('ul', { class: 'plain' }, r.items.map((x) => h('li', null,
			h('a', { href: `#/${x.entity === 'household' ? 'households' : 'residents'}/${x.entity_id}` }, t(x.entity === 'household' ? 'tag.dueHousehold' : 'tag.dueResident', { n: x.entity_id })),
			` · ${x.name} · ${t('tag.reviewOn', { d: x.review_on })}`)))
		: h('p', { class: 'empty' }, t('tag.noneDue'))), () => {});

	return h('div', null, pick,
		h('section', { class: 'card' }, h('h2', null, t('policy.title')), h('p', { class: 'muted' }, t('policy.hint')), h('div', { class: 'policy-table' }, rows)),
		h('section', { class: 'card' }, h('h2', null, t('tag.list')),
			h('table', { class: 'table' },
				h('thead', null, h('tr', null, [t('tag.name'), t('tag.category'), t('tag.interval'), t('tag.scope')].map((x) => h('th', { scope: 'col' }, x)))),
				h('tbody', null, tagList.map((tg) => h('tr', null,
					h('td', { 'data-label': t('tag.name') }, tg.name), h('td', { 'data-label': t('tag.category') }, enumLabel('tag_category', tg.category)),
					h('td', { 'data-label': t('tag.interval') }, tg.visit_interval_days ?? '—'), h('td', { 'data-label': t('tag.scope') }, tg.committee_code ? t('tag.own') : t('tag.builtin'))))))),
		h('details', { class: 'card' }, h('summary', null, t('tag.add')), newTag),
		h('section', { class: 'card' }, h('h2', null, t('tag.due')), due));
}

// --- the reception roster ----------------------------------------------------------------

async function roster(query) {
	const [pick, code] = await pickCommittee('roster', query);
	if (!code) return h('p', { class: 'empty' }, t('admin.noCommittee'));
	const month = query.get('month') || todayISO().slice(0, 7);
	const [r, workers] = await Promise.all([
		get('/api/v1/reception/roster' + qs({ committee_code: code, month })),
		workersOf(code),
	]);
	const monthForm = h('form', { class: 'form inline-form' },
		h('div', { class: 'field' }, h('label', { for: 'roster-month' }, t('roster.month')), h('input', { id: 'roster-month', name: 'month', type: 'month', value: month })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('roster.show'))));
	monthForm.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/admin/roster' + qs({ committee_code: code, month: monthForm.month.value }));
	});
	const gen = h('form', { class: 'form inline-form', novalidate: true },
		formError(),
		h('p', { class: 'hint' }, t('roster.generateHint')),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('roster.generate'))));
	onSubmit(gen, async () => {
		if ((r.items || []).some((d) => d.edited) && !confirm(t('roster.replaceConfirm'))) return;
		await post('/api/v1/reception/roster', { committee_code: code, month });
		toast(t('saved'));
		go(location.hash);
	});
	const today = todayISO();
	const rows = (r.items || []).map((d) => {
		const id = 'roster-' + d.date;
		const sel = workers.length
			? h('select', { id, name: 'worker_id' }, workers.map(([wid, n]) => h('option', { value: wid, selected: wid === d.worker_id }, n)))
			: h('input', { id, name: 'worker_id', type: 'number', value: d.worker_id, inputmode: 'numeric' });
		const f = h('form', { class: 'roster-row' + (d.date === today ? ' today' : ''), novalidate: true },
			h('label', { for: id }, d.date, ' ', h('span', { class: 'muted small' }, weekday(d.date))),
			sel,
			d.edited ? h('span', { class: 'badge' }, t('roster.edited')) : h('span'),
			h('button', { type: 'submit', class: 'btn btn-small' }, t('save')),
			h('p', { class: 'field-error', 'aria-live': 'polite' }));
		f.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			try {
				await put(`/api/v1/reception/roster/${d.date}`, { committee_code: code, worker_id: Number(sel.value) });
				toast(t('saved'));
				go(location.hash);
			} catch (err) {
				f.querySelector('.field-error').textContent = errorText(err);
			}
		});
		return f;
	});
	return h('div', null, pick, monthForm,
		h('section', { class: 'card' }, h('h2', null, t('roster.title', { m: month })),
			rows.length ? h('div', { class: 'roster' }, rows) : h('p', { class: 'empty' }, t('roster.none')), gen));
}

function weekday(date) {
	return new Intl.DateTimeFormat(document.documentElement.lang, { weekday: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(date + 'T12:00:00+08:00'));
}

// --- issue categories ----------------------------------------------------------------------

async function categories() {
	let cats;
	try {
		cats = await get('/api/v1/issue-categories');
	} catch (err) {
		return h('p', { class: 'muted' }, err.status === 404 ? t('issue.unavailable') : errorText(err));
	}
	const items = cats.items || cats;
	const editable = atLeast('admin');
	return h('section', { class: 'card' }, h('h2', null, t('cat.title')), h('p', { class: 'muted' }, t('cat.hint')),
		h('div', { class: 'cards' }, items.map((c) => {
			const f = h('form', { class: 'form grid-form cat-form', novalidate: true },
				formError(),
				field({ name: 'name', label: t('cat.name'), value: c.name, attrs: { maxlength: 50, readOnly: !editable } }),
				field({ name: 'name_en', label: t('cat.nameEn'), value: c.name_en, attrs: { maxlength: 100, readOnly: !editable } }),
				...['days_committee', 'days_street', 'days_district', 'days_urgent'].map((k) => field({ name: k, label: t('cat.' + k), type: 'number', value: c[k], attrs: { min: 1, max: 250, inputmode: 'numeric', readOnly: !editable } })),
				field({ name: 'active', label: t('cat.active'), type: 'checkbox', value: c.active, attrs: { disabled: !editable } }),
				editable ? h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))) : null);
			onSubmit(f, async () => {
				const body = { name: f.name.value.trim(), name_en: f.name_en.value.trim(), active: f.active.checked };
				for (const k of ['days_committee', 'days_street', 'days_district', 'days_urgent']) body[k] = Number(f[k].value);
				await patch(`/api/v1/issue-categories/${c.code}`, body);
				forgetCategories();
				toast(t('saved'));
			});
			return h('section', { class: 'card cat-card' + (c.active ? '' : ' row-muted') },
				h('h3', null, c.name, ' ', h('span', { class: 'muted small mono' }, c.code), c.active ? null : h('span', { class: 'badge' }, t('cat.inactive'))),
				h('p', { class: 'muted small' }, t('cat.summary', { c: c.days_committee, s: c.days_street, d: c.days_district, u: c.days_urgent })),
				editable ? h('details', null, h('summary', null, t('edit')), f) : null);
		})));
}

// --- users -----------------------------------------------------------------------------------

/** Hand-over (docs/accounts.md): a worker's grids, open issues, duties and
 * reception days go to a colleague of the committee, named by name (issue 19). */
function handOverForm(u, list) {
	if (u.role !== 'worker' || u.disabled) return null;
	const others = list.filter((x) => x.id !== u.id && !x.disabled && (x.role === 'worker' || x.role === 'committee_head') && x.scope.some((s) => u.scope.includes(s)));
	if (!others.length) return null;
	const f = h('form', { class: 'form', novalidate: true },
		formError(),
		field({ name: 'to_user_id', label: t('ho.to'), type: 'select', required: true, options: [['', t('choose')], ...others.map((x) => [x.id, x.name || x.username])] }),
		field({ name: 'disable', label: t('ho.disable'), type: 'checkbox' }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('ho.go'))));
	onSubmit(f, async () => {
		if (!f.to_user_id.value) throw Object.assign(new Error('to'), { status: 400, code: 'bad_field', field: 'to_user_id', message: t('ho.pick'), message_zh: t('ho.pick') });
		const r = await post(`/api/v1/users/${u.id}/hand-over`, { to_user_id: Number(f.to_user_id.value), disable: f.disable.checked });
		toast(t('ho.done', { g: (r.grids || []).length, i: (r.issue_ids || []).length, d: r.duties ?? 0, r: r.reception_days ?? 0 }));
		go(location.hash);
	});
	return h('details', { class: 'hand-over' }, h('summary', null, t('ho.title')), f);
}

async function users(query) {
	const q = query.get('q') || '';
	const list = await getAll('/api/v1/users' + qs({ q }), 2000);
	const search = h('form', { class: 'form inline-form', role: 'search' },
		h('div', { class: 'field' }, h('label', { for: 'user-q' }, t('users.search')), h('input', { id: 'user-q', name: 'q', type: 'search', value: q })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('counter.search'))));
	search.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/admin/users' + qs({ q: search.q.value.trim() }));
	});
	const roles = enumOptions('role');
	// issue 19: a helper's buildings, chosen among the committee's (a head's one committee)
	const committee = session.me.scope.length === 1 && session.me.scope[0].length === 12 ? session.me.scope[0] : null;
	const buildingOptions = committee ? (await Promise.all((await getAll('/api/v1/compounds' + qs({ committee_code: committee })).catch(() => []))
		.map((c) => getAll('/api/v1/buildings' + qs({ compound_id: c.id })).then((bs) => bs.map((b) => [b.id, `${c.name} ${b.label}`])).catch(() => [])))).flat() : [];
	const buildingsField = (value) => (buildingOptions.length
		? choiceGroup({ name: 'buildings', legend: t('user.buildings'), options: buildingOptions, value, chips: true })
		: field({ name: 'buildings', label: t('user.buildings'), hint: t('user.buildingsHint'), value: value.join(','), attrs: { inputmode: 'numeric' } }));
	const buildingsOf = (form) => (buildingOptions.length ? checkedValues(form, 'buildings') : form.buildings.value.split(/[,，\s]+/).filter(Boolean)).map(Number);
	const create = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'username', label: t('login.username'), required: true, attrs: { autocomplete: 'off', maxlength: 64 } }),
		field({ name: 'password', label: t('login.password'), type: 'password', required: true, hint: t('account.rule'), attrs: { autocomplete: 'new-password' } }),
		field({ name: 'role', label: t('role'), type: 'select', value: 'worker', options: roles }),
		field({ name: 'scope', label: t('scope'), required: true, hint: t('users.scopeHint'), value: committee || '', attrs: { inputmode: 'numeric' } }),
		field({ name: 'display_name', label: t('user.name'), attrs: { maxlength: 32 } }),
		buildingsField([]),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.create'))));
	onSubmit(create, async () => {
		const helper = create.role.value === 'helper';
		const name = create.display_name.value.trim();
		await post('/api/v1/users', {
			username: create.username.value.trim(), password: create.password.value, role: create.role.value,
			scope: create.scope.value.split(/[,，\s]+/).filter(Boolean),
			...(name ? { display_name: name } : {}),
			...(helper ? { buildings: buildingsOf(create), title: 'building_leader' } : {}),
		});
		toast(t('saved'));
		go(location.hash);
	});
	const rows = list.map((u) => {
		const f = h('form', { class: 'form grid-form', novalidate: true },
			formError(),
			field({ name: 'role', label: t('role'), type: 'select', value: u.role, options: roles }),
			field({ name: 'scope', label: t('scope'), value: u.scope.join(','), hint: t('users.scopeHint') }),
			field({ name: 'password', label: t('users.newPassword'), type: 'password', hint: t('users.passwordHint'), attrs: { autocomplete: 'new-password' } }),
			field({ name: 'disabled', label: t('users.disabled'), type: 'checkbox', value: u.disabled }),
			u.role === 'helper' ? buildingsField((u.buildings || []).map(String)) : null,
			h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
		onSubmit(f, async () => {
			const body = {};
			if (f.role.value !== u.role) body.role = f.role.value;
			const scope = f.scope.value.split(/[,，\s]+/).filter(Boolean);
			if (scope.join(',') !== u.scope.join(',')) body.scope = scope;
			if (f.password.value) body.password = f.password.value;
			if (f.disabled.checked !== u.disabled) body.disabled = f.disabled.checked;
			if (u.role === 'helper') {
				const bs = buildingsOf(f);
				if (bs.join(',') !== (u.buildings || []).join(',')) body.buildings = bs;
			}
			if (!Object.keys(body).length) return toast(t('nothingChanged'));
			await patch(`/api/v1/users/${u.id}`, body);
			toast(t('saved'));
			go(location.hash);
		});
		return h('tr', { class: u.disabled ? 'row-muted' : '' },
			h('td', { 'data-label': t('login.username') }, u.username),
			h('td', { 'data-label': t('user.name') }, u.name),
			h('td', { 'data-label': t('role') }, enumLabel('role', u.role)),
			h('td', { 'data-label': t('scope'), class: 'mono' }, u.scope.join(', ')),
			h('td', { 'data-label': t('status') }, u.disabled ? t('users.disabled') : t('users.active')),
			h('td', { 'data-label': t('edit') }, h('details', null, h('summary', null, t('edit')), f), handOverForm(u, list)));
	});
	return h('div', null, search,
		h('table', { class: 'table users-table' },
			h('thead', null, h('tr', null, [t('login.username'), t('user.name'), t('role'), t('scope'), t('status'), t('edit')].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', null, rows)),
		h('details', { class: 'card' }, h('summary', null, t('users.create')), create));
}

// --- Open311 api keys ---------------------------------------------------------------------------

async function keys() {
	let list;
	try {
		list = await get('/api/v1/open311/keys');
	} catch (err) {
		return h('p', { class: 'muted' }, err.status === 404 ? t('issue.unavailable') : errorText(err));
	}
	const shown = h('div', { 'aria-live': 'polite' });
	const create = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'name', label: t('keys.name'), required: true, attrs: { maxlength: 60 } }),
		field({ name: 'street_code', label: t('keys.street'), required: true, hint: t('keys.streetHint'), attrs: { inputmode: 'numeric', maxlength: 12 } }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('keys.create'))));
	onSubmit(create, async () => {
		const k = await post('/api/v1/open311/keys', { name: create.name.value.trim(), street_code: create.street_code.value.trim() });
		shown.replaceChildren(h('div', { class: 'callout', role: 'status' },
			h('p', null, t('keys.once')),
			h('p', null, h('label', { for: 'new-key', class: 'sr-only' }, t('keys.key')), h('input', { id: 'new-key', class: 'mono', readOnly: true, value: k.key, onfocus: (e) => e.target.select() }))));
		create.reset();
	});
	const items = list.items || [];
	return h('div', null,
		h('section', { class: 'card' }, h('h2', null, t('keys.title')), h('p', { class: 'muted' }, t('keys.hint')),
			items.length ? h('table', { class: 'table' },
				h('thead', null, h('tr', null, [t('keys.name'), t('keys.street'), t('keys.created'), t('keys.lastUsed'), t('status'), ''].map((x) => h('th', { scope: 'col' }, x)))),
				h('tbody', null, items.map((k) => h('tr', { class: k.disabled ? 'row-muted' : '' },
					h('td', { 'data-label': t('keys.name') }, k.name), h('td', { 'data-label': t('keys.street'), class: 'mono' }, k.street_code),
					h('td', { 'data-label': t('keys.created') }, timeEl(k.created_at)), h('td', { 'data-label': t('keys.lastUsed') }, k.last_used_at ? timeEl(k.last_used_at) : '—'),
					h('td', { 'data-label': t('status') }, k.disabled ? t('users.disabled') : t('users.active')),
					h('td', null, k.disabled ? null : h('button', {
						type: 'button', class: 'btn btn-small btn-quiet', onclick: async () => {
							if (!confirm(t('keys.disableConfirm', { n: k.name }))) return;
							try {
								await del(`/api/v1/open311/keys/${k.id}`);
								toast(t('saved'));
								go(location.hash);
							} catch (err) {
								toast(errorText(err), 'error');
							}
						},
					}, t('keys.disable')))))))
				: h('p', { class: 'empty' }, t('keys.none'))),
		shown,
		h('details', { class: 'card' }, h('summary', null, t('keys.create')), create));
}

// --- the working-day calendar --------------------------------------------------------------------

async function calendar(query) {
	const year = query.get('year') || todayISO().slice(0, 4);
	const r = await get('/api/v1/calendar' + qs({ from: `${year}-01-01`, to: `${year}-12-31`, limit: 500 }));
	const form = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'date', label: t('cal.date'), type: 'date', required: true }),
		field({ name: 'kind', label: t('cal.kind'), type: 'select', options: [['holiday', t('cal.holiday')], ['workday', t('cal.workday')], ['', t('cal.clear')]] }),
		field({ name: 'name', label: t('cal.name'), attrs: { maxlength: 50 } }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save'))));
	onSubmit(form, async () => {
		await put(`/api/v1/calendar/${form.date.value}`, { kind: form.kind.value || null, name: form.name.value.trim() || null });
		toast(t('saved'));
		go(location.hash);
	});
	return h('div', null,
		h('section', { class: 'card' }, h('h2', null, t('cal.title', { y: year })),
			h('p', null, h('a', { href: '#/admin/calendar' + qs({ year: Number(year) - 1 }) }, '‹ ', Number(year) - 1), ' · ', h('a', { href: '#/admin/calendar' + qs({ year: Number(year) + 1 }) }, Number(year) + 1, ' ›')),
			r.items.length ? h('ul', { class: 'plain cal-list' }, r.items.map((d) => h('li', null, h('span', { class: 'mono' }, d.date), ' ', d.kind === 'holiday' ? t('cal.holiday') : t('cal.workday'), d.name ? ` · ${d.name}` : '')))
				: h('p', { class: 'empty' }, t('cal.none'))),
		h('details', { class: 'card' }, h('summary', null, t('cal.edit')), form));
}
