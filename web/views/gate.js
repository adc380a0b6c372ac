// The gate log (门岗登记), issue 9: a gate account sees its gate only; a
// head sees the committee's gates, creates one, binds an account.

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { h, pageTitle, field, choiceGroup, onSubmit, formError, toast, todayISO, dateTime, localToISO } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { table } from './campaigns.js';
import { workersOf } from '../data.js';

export async function gateView({ query }) {
	const me = session.me;
	if (me.gate_id) return gatePage(me.gate_id, todayISO(), false);
	const gates = (await get('/api/v1/gates')).items;
	const id = Number(query.get('id')) || (gates[0] && gates[0].id);
	const date = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') || '') ? query.get('date') : todayISO();
	const nav = gates.length > 1 || atLeast('committee_head')
		? h('nav', { class: 'tabs', 'aria-label': t('nav.gate') }, h('ul', null, gates.map((g) => h('li', null,
			h('a', { href: '#/gate' + qs({ id: g.id }), 'aria-current': g.id === id ? 'page' : null }, `${g.compound} ${g.name}`)))))
		: null;
	const page = id ? await gatePage(id, date, true) : h('div', null, pageTitle(t('nav.gate')), h('p', { class: 'empty' }, t('gate.none')));
	return h('section', { class: 'gate' }, nav, page, atLeast('committee_head') ? await headForms(id) : null);
}

async function gatePage(id, date, other) {
	const [g, counts, log] = await Promise.all([
		get(`/api/v1/gates/${id}`),
		get(`/api/v1/gates/${id}/counts` + qs({ date })),
		get('/api/v1/gate-entries' + qs({ gate_id: id, date, limit: 500 })),
	]);
	const f = h('form', { class: 'form grid-form gate-form', novalidate: true },
		formError(),
		choiceGroup({ name: 'direction', legend: t('gate.direction'), type: 'radio', chips: true, options: enumOptions('gate_direction'), value: 'in' }),
		choiceGroup({ name: 'person', legend: t('gate.person'), type: 'radio', chips: true, options: enumOptions('gate_person'), value: 'visitor' }),
		field({ name: 'name', label: t('gate.name'), attrs: { maxlength: 50 } }),
		// a resident is found by name or room among the gate compound's residents
		h('div', { class: 'field gate-resident', dataset: { field: 'resident_id' } },
			h('label', { for: 'gate-resident-q' }, t('gate.residentId')),
			h('input', { id: 'gate-resident-q', name: 'resident_q', type: 'search', autocomplete: 'off', maxlength: 60 }),
			h('div', { class: 'pick-list gate-picks', role: 'radiogroup', 'aria-label': t('gate.residentId') }),
			h('p', { class: 'field-error', 'aria-live': 'polite' })),
		field({ name: 'from_place', label: t('gate.from'), attrs: { maxlength: 100 } }),
		field({ name: 'purpose', label: t('gate.purpose'), attrs: { maxlength: 200 } }),
		field({ name: 'at', label: t('gate.at'), type: 'datetime-local' }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('gate.record'))));
	const picks = f.querySelector('.gate-picks');
	const showPerson = () => {
		const resident = f.querySelector('input[name=person]:checked').value === 'resident';
		f.querySelector('[data-field=resident_id]').hidden = !resident;
		f.name.closest('.field').hidden = resident;
	};
	f.querySelectorAll('input[name=person]').forEach((i) => i.addEventListener('change', showPerson));
	showPerson();
	let timer = null;
	f.resident_q.addEventListener('input', () => {
		clearTimeout(timer);
		timer = setTimeout(async () => {
			const q = f.resident_q.value.trim();
			if (!q) return picks.replaceChildren();
			const r = await get(`/api/v1/gates/${id}/residents` + qs({ q })).catch(() => ({ items: [] }));
			picks.replaceChildren(...r.items.map((p, i) => h('label', { class: 'pick' },
				h('input', { type: 'radio', name: 'resident_id', value: p.id, checked: i === 0 && r.items.length === 1 }),
				` ${p.name} · ${p.building} ${p.room}`)));
		}, 250);
	});
	onSubmit(f, async () => {
		const person = f.querySelector('input[name=person]:checked').value;
		const body = { gate_id: id, direction: f.querySelector('input[name=direction]:checked').value, person };
		if (person === 'resident') body.resident_id = Number(f.querySelector('input[name=resident_id]:checked')?.value) || 0;
		else if (f.name.value.trim()) body.name = f.name.value.trim();
		for (const k of ['from_place', 'purpose']) if (f[k].value.trim()) body[k] = f[k].value.trim();
		if (f.at.value) body.at = localToISO(f.at.value);
		await post('/api/v1/gate-entries', body);
		toast(t('gate.recorded'));
		go(location.hash);
	});
	const busy = counts.hours.filter((x) => x.in || x.out);
	return h('div', null,
		pageTitle(t('gate.title', { g: `${g.compound} ${g.name}` })),
		h('p', { class: 'summary', id: 'gate-counts' }, t('gate.counts', { d: counts.date, i: counts.in, o: counts.out })),
		date === todayISO() ? h('section', { class: 'card' }, h('h2', null, t('gate.new')), f) : null,
		h('section', { class: 'card' }, h('h2', null, t('gate.hours')),
			busy.length ? table([t('gate.at'), enumLabel('gate_direction', 'in'), enumLabel('gate_direction', 'out')], busy.map((x) => [`${String(x.hour).padStart(2, '0')}:00`, x.in, x.out])) : h('p', { class: 'empty' }, '—')),
		h('section', { class: 'card' }, h('h2', null, t('gate.log')),
			log.items.length ? table([t('gate.at'), t('gate.direction'), t('gate.person'), t('gate.name'), t('gate.from'), t('gate.purpose')], log.items.map((e) => [
				dateTime(e.at).slice(11), enumLabel('gate_direction', e.direction), enumLabel('gate_person', e.person),
				e.erased ? t('gate.erased') : (e.name || (e.resident_id ? '#' + e.resident_id : '—')), e.from_place || '—', e.purpose || '—'])) : h('p', { class: 'empty' }, '—')),
		other ? h('p', { class: 'muted small' }, t('gate.guards'), (g.guards || []).map((u) => u.name || u.username).join('、') || '—') : null);
}

async function headForms(id) {
	const comps = await get('/api/v1/compounds' + qs({ limit: 500 })).then((r) => r.items).catch(() => []);
	const create = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'compound_id', label: t('f.compound'), type: 'select', required: true, options: [['', t('choose')], ...comps.map((c) => [c.id, c.name])] }),
		field({ name: 'name', label: t('gate.gateName'), required: true, attrs: { maxlength: 50 } }),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('gate.create'))));
	onSubmit(create, async () => {
		const g = await post('/api/v1/gates', { compound_id: Number(create.compound_id.value) || 0, name: create.name.value.trim() });
		toast(t('saved'));
		go('#/gate' + qs({ id: g.id }));
	});
	let bind = null;
	if (id) {
		const g = await get(`/api/v1/gates/${id}`);
		const workers = await workersOf(g.committee_code);
		bind = h('form', { class: 'form grid-form', novalidate: true },
			formError(),
			h('div', { class: 'field-wide', dataset: { field: 'user_id' } },
				field({ name: 'pick', label: t('gate.account'), type: 'select', options: [['', t('choose')], ...workers] }),
				field({ name: 'other', label: t('gate.accountId'), type: 'number', attrs: { min: 1, inputmode: 'numeric' } }),
				h('p', { class: 'field-error', 'aria-live': 'polite' })),
			h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn' }, t('gate.bind'))));
		onSubmit(bind, async () => {
			await post(`/api/v1/gates/${id}/guards`, { user_id: Number(bind.other.value || bind.pick.value) || 0 });
			toast(t('saved'));
			go(location.hash);
		});
	}
	return h('div', { class: 'cards' },
		bind ? h('details', { class: 'card' }, h('summary', null, t('gate.bind')), bind) : null,
		h('details', { class: 'card' }, h('summary', null, t('gate.create')), create));
}
