// A resident: the details, the form (new and change) with errors next to
// their fields, tags, the change history with rollback, reveal of the
// numbers with a reason (committee heads and above).

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, patch, qs } from '../api.js';
import { h, pageTitle, tagChips, dl, timeEl, field, onSubmit, formError, toast, errorText, nextId, badge } from '../ui.js';
import { go, atLeast } from '../app.js';
import { tags as loadTags } from '../data.js';

/** Checkboxes for tags (chips), grouped by category. */
export function tagPicker(name, legend, allTags, selected) {
	const id = nextId(name);
	const sel = new Set(selected || []);
	const cats = [];
	for (const tg of allTags) {
		let c = cats.find((x) => x.cat === tg.category);
		if (!c) cats.push(c = { cat: tg.category, tags: [] });
		c.tags.push(tg);
	}
	return h('fieldset', { class: 'field choices chips tag-picker field-wide', dataset: { field: name }, 'aria-describedby': id + '-err' },
		h('legend', null, legend),
		cats.map((c) => h('div', { class: 'tag-cat' },
			h('span', { class: 'tag-cat-name' }, enumLabel('tag_category', c.cat)),
			h('div', { class: 'choice-list' }, c.tags.map((tg, i) => {
				const cid = `${id}-${c.cat}-${i}`;
				return h('span', { class: 'choice' },
					h('input', { type: 'checkbox', name, id: cid, value: tg.name, checked: sel.has(tg.name) }),
					h('label', { for: cid }, tg.name));
			})))),
		h('p', { class: 'field-error', id: id + '-err', 'aria-live': 'polite' }));
}

/** The picked tags of a tagPicker, keeping the review dates of EXISTING tags. */
export function pickedTags(form, name, existing = []) {
	const keep = new Map(existing.filter((x) => x.review_on && !x.derived).map((x) => [x.name, x.review_on]));
	return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) =>
		keep.has(i.value) ? { name: i.value, review_on: keep.get(i.value) } : i.value);
}

/** The change history at PATH, with a rollback button for heads. */
export async function historyList(path) {
	const r = await get(path);
	if (!r.items.length) return h('p', { class: 'empty' }, t('history.none'));
	return h('ol', { class: 'history' }, r.items.map((c) => h('li', null,
		h('p', { class: 'history-head' }, timeEl(c.at), ' · ', c.name || c.username || '—', ' · ', enumLabel('change_action', c.action)),
		h('table', { class: 'changes' },
			h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('history.field')), h('th', { scope: 'col' }, t('history.old')), h('th', { scope: 'col' }, t('history.new')))),
			h('tbody', null, Object.entries(c.changes || {}).map(([k, v]) => h('tr', null,
				h('th', { scope: 'row' }, fieldLabel(k)), h('td', null, show(v.old)), h('td', null, show(v.new)))))),
		atLeast('committee_head') && c.action !== 'create' ? h('button', {
			type: 'button', class: 'btn btn-small btn-quiet', onclick: async (ev) => {
				if (!confirm(t('history.rollbackConfirm'))) return;
				try {
					await post(`/api/v1/changes/${c.id}/rollback`);
					toast(t('history.rolledBack'));
					go(location.hash);
				} catch (err) {
					ev.target.after(h('span', { class: 'inline-error', role: 'alert' }, errorText(err)));
				}
			},
		}, t('history.rollback')) : null)));
}

function show(v) {
	if (v === null || v === undefined) return '—';
	if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? x.name : x)).join('、') || '—';
	if (typeof v === 'boolean') return v ? t('yes') : t('no');
	return String(v);
}

/** The label of an API field name (the name itself when there is none). */
export function fieldLabel(k) {
	const key = 'f.' + k;
	const s = t(key);
	return s === key ? k : s;
}

/** The resident form's fields (new or change). */
function residentFields(r, allTags) {
	const opt = (kind) => [['', t('unset')], ...enumOptions(kind)];
	return [
		field({ name: 'name', label: t('f.name'), value: r.name, required: true, attrs: { maxlength: 50 } }),
		field({ name: 'gender', label: t('f.gender'), type: 'select', value: r.gender || '', options: opt('gender') }),
		field({ name: 'birth_date', label: t('f.birth_date'), type: 'date', value: r.birth_date || '' }),
		field({ name: 'id_number', label: t('f.id_number'), value: '', hint: r.id ? t('resident.idHintEdit', { m: r.id_number || '—' }) : t('resident.idHint'), attrs: { autocomplete: 'off', inputmode: 'text', maxlength: 18 } }),
		field({ name: 'phone', label: t('f.phone'), type: 'tel', value: '', hint: r.id ? t('resident.phoneHintEdit', { m: r.phone || '—' }) : t('resident.phoneHint'), attrs: { autocomplete: 'off' } }),
		field({ name: 'relation', label: t('f.relation'), type: 'select', value: r.relation || '', options: opt('relation') }),
		field({ name: 'residence_kind', label: t('f.residence_kind'), type: 'select', value: r.residence_kind || '', options: opt('residence_kind') }),
		field({ name: 'status', label: t('f.status'), type: 'select', value: r.status || 'living', options: enumOptions('resident_status') }),
		field({ name: 'status_date', label: t('f.status_date'), type: 'date', value: r.status_date || '', hint: t('resident.statusDateHint') }),
		field({ name: 'work', label: t('f.work'), value: r.work || '' }),
		field({ name: 'work_background', label: t('f.work_background'), value: r.work_background || '' }),
		field({ name: 'health', label: t('f.health'), value: r.health || '' }),
		field({ name: 'hobbies', label: t('f.hobbies'), value: r.hobbies || '' }),
		field({ name: 'skills', label: t('f.skills'), value: r.skills || '' }),
		h('div', { class: 'checks field-wide' },
			field({ name: 'party_member', label: t('f.party_member'), type: 'checkbox', value: r.party_member ?? false }),
			field({ name: 'lives_here', label: t('f.lives_here'), type: 'checkbox', value: r.lives_here ?? true }),
			field({ name: 'registered_here', label: t('f.registered_here'), type: 'checkbox', value: r.registered_here ?? true }),
			field({ name: 'owns', label: t('f.owns'), type: 'checkbox', value: r.owns ?? false })),
		tagPicker('tags', t('tags'), allTags.filter((x) => x.category !== 'derived'), (r.tags || []).filter((x) => !x.derived).map((x) => x.name)),
	];
}

/** The body of the resident form: every field for a new one, only the
 * changed ones for an existing one. */
function residentBody(form, r) {
	const txt = (n) => (form[n].value.trim() === '' ? null : form[n].value.trim());
	const b = {
		name: form.name.value.trim(),
		gender: txt('gender'), birth_date: txt('birth_date'), relation: txt('relation'),
		residence_kind: txt('residence_kind'), status: form.status.value, status_date: txt('status_date'),
		work: txt('work'), work_background: txt('work_background'), health: txt('health'), hobbies: txt('hobbies'), skills: txt('skills'),
		party_member: form.party_member.checked, lives_here: form.lives_here.checked,
		registered_here: form.registered_here.checked, owns: form.owns.checked,
		tags: pickedTags(form, 'tags', r.tags || []),
	};
	if (txt('id_number')) b.id_number = txt('id_number');
	if (txt('phone')) b.phone = txt('phone');
	if (!r.id) {
		// a new resident: leave out what was not given, so the server derives
		// birth date and gender from the ID number
		for (const k of Object.keys(b)) if (b[k] === null) delete b[k];
		if (b.status === 'living') delete b.status;
		return b;
	}
	const out = {};
	for (const [k, v] of Object.entries(b)) {
		if (k === 'tags') {
			const before = (r.tags || []).filter((x) => !x.derived).map((x) => x.name).sort().join(',');
			const after = v.map((x) => (typeof x === 'string' ? x : x.name)).sort().join(',');
			if (before !== after) out.tags = v;
		} else if (k === 'id_number' || k === 'phone') out[k] = v;
		else if ((r[k] ?? null) !== v) out[k] = v;
	}
	return out;
}

export async function residentNewView({ query }) {
	const hid = query.get('household_id');
	if (!hid) {
		return h('section', null, pageTitle(t('resident.new')), h('p', null, t('resident.pickHousehold'), ' ', h('a', { href: '#/register' }, t('nav.register'))));
	}
	const hh = await get(`/api/v1/households/${hid}`);
	const allTags = await loadTags(hh.committee_code).catch(() => []);
	const form = h('form', { class: 'form grid-form card', novalidate: true },
		formError(),
		residentFields({}, allTags),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save')),
			h('a', { href: `#/households/${hid}`, class: 'btn btn-quiet' }, t('cancel'))));
	onSubmit(form, async () => {
		const body = { household_id: Number(hid), ...residentBody(form, {}) };
		const made = await post('/api/v1/residents', body);
		toast(t('resident.created', { n: made.name }));
		go(`#/residents/${made.id}`);
	});
	return h('section', null, pageTitle(t('resident.new')), h('p', { class: 'muted' }, hh.address), form);
}

export async function residentView({ params }) {
	const r = await get(`/api/v1/residents/${params.id}`);
	const allTags = await loadTags(r.committee_code).catch(() => []);
	const numbers = h('dd', { class: 'mono', id: 'numbers' }, `${r.id_number || '—'} · ${r.phone || '—'}`);

	const info = h('div', { class: 'card' },
		dl([
			[t('f.address'), h('a', { href: `#/households/${r.household_id}` }, r.address || '')],
			[t('f.gender'), r.gender ? enumLabel('gender', r.gender) : null],
			[t('f.birth_date'), r.birth_date ? `${r.birth_date}（${t('age.n', { n: r.age })}）` : null],
			[t('f.relation'), r.relation ? enumLabel('relation', r.relation) : null],
			[t('f.residence_kind'), r.residence_kind ? enumLabel('residence_kind', r.residence_kind) : null],
			[t('f.status'), enumLabel('resident_status', r.status) + (r.status_date ? ` ${r.status_date}` : '')],
			[t('f.party_member'), r.party_member ? t('yes') : t('no')],
			[t('f.health'), r.health], [t('f.work'), r.work], [t('f.skills'), r.skills], [t('f.hobbies'), r.hobbies],
		]),
		h('dl', { class: 'kv' }, h('dt', null, t('resident.numbers')), numbers),
		tagChips(r.tags));

	let reveal = null;
	if (atLeast('committee_head')) {
		const form = h('form', { class: 'form inline-form', novalidate: true },
			formError(),
			field({ name: 'reason', label: t('reveal.reason'), required: true, hint: t('reveal.hint'), attrs: { maxlength: 200 } }),
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('reveal.do'))));
		onSubmit(form, async () => {
			const x = await post(`/api/v1/residents/${r.id}/reveal`, { reason: form.reason.value.trim() });
			numbers.textContent = `${x.id_number || '—'} · ${x.phone || '—'}`;
			numbers.classList.add('revealed');
			form.replaceWith(h('p', { class: 'muted', role: 'status' }, t('reveal.done')));
		});
		reveal = h('details', { class: 'card' }, h('summary', null, t('reveal.title')), form);
	}

	const form = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		residentFields(r, allTags),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save'))));
	onSubmit(form, async () => {
		const body = residentBody(form, r);
		if (!Object.keys(body).length) {
			toast(t('nothingChanged'));
			return;
		}
		await patch(`/api/v1/residents/${r.id}`, body);
		toast(t('saved'));
		go(`#/residents/${r.id}`);
	});

	const history = h('details', {
		class: 'card', ontoggle: async (ev) => {
			const d = ev.target;
			if (!d.open || d.dataset.loaded) return;
			d.dataset.loaded = '1';
			d.appendChild(await historyList(`/api/v1/residents/${r.id}/history`));
		},
	}, h('summary', null, t('history')));

	return h('section', { class: 'resident' },
		pageTitle(r.name, r.status !== 'living' ? badge('resident_status', r.status) : null),
		h('div', { class: 'actions' },
			h('a', { href: `#/households/${r.household_id}/issue${qs({ resident_id: r.id })}`, class: 'btn' }, t('issue.new')),
			h('a', { href: `#/households/${r.household_id}`, class: 'btn btn-quiet' }, t('household.open'))),
		info, reveal,
		h('details', { class: 'card', open: false }, h('summary', null, t('resident.edit')), form),
		history);
}
