// A household: its members (tags, masked numbers), its own tags, the last
// visits, open issues; record a visit, take in an issue, add a member,
// change the household, its history.

import { t, enumLabel, enumOptions } from '../i18n.js';
import { get, post, patch, qs } from '../api.js';
import { h, pageTitle, tagChips, dl, timeEl, field, onSubmit, formError, toast, badge, errorText } from '../ui.js';
import { go } from '../app.js';
import { tags as loadTags } from '../data.js';
import { historyList, tagPicker, pickedTags } from './resident.js';
import { issueList, issuesAvailable } from './issues.js';
import { w } from './words.js';
import '../i18n-phone.js';

export async function householdView({ params }) {
	const id = params.id;
	const [hh, visits] = await Promise.all([
		get(`/api/v1/households/${id}`),
		get(`/api/v1/visits${qs({ household_id: id, limit: 5 })}`).catch(() => ({ items: [] })),
	]);
	const members = hh.members || [];
	const living = members.filter((m) => m.status === 'living');

	const actions = h('div', { class: 'actions sticky-actions' },
		h('a', { href: `#/households/${id}/visit`, class: 'btn btn-primary' }, t('visit.record')),
		h('a', { href: `#/households/${id}/issue`, class: 'btn' }, t('issue.new')),
		h('a', { href: `#/residents/new${qs({ household_id: id })}`, class: 'btn btn-quiet' }, t('resident.add')),
		h('a', { href: `#/households/${id}/surveys`, class: 'btn btn-quiet' }, w('sv.door')), // issue 17: the door
		h('a', { href: `#/households/${id}/sheet`, class: 'btn btn-quiet' }, t('print.sheet'))); // issue 18: on paper

	const memberList = h('ul', { class: 'members' }, members.map((m) => h('li', { class: 'member' + (m.status !== 'living' ? ' gone' : '') },
		h('a', { href: `#/residents/${m.id}`, class: 'member-name' }, m.name),
		h('span', { class: 'member-meta' },
			[enumLabel('relation', m.relation), m.gender ? enumLabel('gender', m.gender) : null, m.age !== null && m.age !== undefined ? t('age.n', { n: m.age }) : null]
				.filter(Boolean).join(' · ')),
		m.status !== 'living' ? badge('resident_status', m.status) : null,
		h('span', { class: 'mono phone' }, m.phone || ''),
		m.phone && m.status === 'living' ? h('button', { type: 'button', class: 'btn btn-small call', 'aria-label': t('call') + ' ' + m.name, onclick: () => call(m) }, t('call')) : null,
		tagChips(m.tags))));

	const visitList = visits.items.length
		? h('ol', { class: 'visits' }, visits.items.map((v) => visitCard(v)))
		: h('p', { class: 'empty' }, t('visit.none'));

	const issuesSection = h('section', { class: 'card' }, h('h2', null, t('issue.open')), h('p', { class: 'muted' }, t('loading')));
	issuesAvailable().then(async (ok) => {
		if (!ok) {
			issuesSection.replaceChildren(h('h2', null, t('issue.open')), h('p', { class: 'muted' }, t('issue.unavailable')));
			return;
		}
		try {
			const r = await get(`/api/v1/issues${qs({ household_id: id, status: 'open', limit: 20 })}`);
			issuesSection.replaceChildren(h('h2', null, t('issue.open')), r.items.length ? issueList(r.items) : h('p', { class: 'empty' }, t('issue.noneOpen')));
		} catch (err) {
			issuesSection.replaceChildren(h('h2', null, t('issue.open')), h('p', { class: 'muted' }, errorText(err)));
		}
	});

	// issue 16: the open items of the checking list (核查) for this household
	const checksSection = h('div');
	import('./checks.js').then((m) => m.householdChecks(id, checksSection)).catch(() => {});

	const editForm = await householdForm(hh);

	return h('section', { class: 'household' },
		pageTitle(hh.address, hh.status !== 'active' ? badge('household_status', hh.status) : null),
		h('p', { class: 'muted' }, t('household.summary', { n: living.length }), ' · ',
			hh.floor !== null ? t('floor.n', { n: hh.floor }) : t('floor.unknown'), ' · ',
			hh.housing_kind ? enumLabel('housing_kind', hh.housing_kind) : t('housing.unknown')),
		tagChips(hh.tags),
		actions,
		h('div', { class: 'two-col' },
			h('div', null,
				h('section', { class: 'card' }, h('h2', null, t('household.members')), members.length ? memberList : h('p', { class: 'empty' }, t('household.noMembers'))),
				h('section', { class: 'card' }, h('h2', null, t('visit.last')), visitList)),
			h('div', null,
				checksSection,
				issuesSection,
				h('details', { class: 'card' }, h('summary', null, t('household.edit')), editForm),
		h('details', {
			class: 'card', ontoggle: async (ev) => {
				const d = ev.target;
				if (!d.open || d.dataset.loaded) return;
				d.dataset.loaded = '1';
				d.appendChild(await historyList(`/api/v1/households/${id}/history`));
			},
		}, h('summary', null, t('history'))))));
}

/** Calls M (issue 18): the number revealed for the call (audited by the
 * server), then tel:.  Without the route (an older server): said so. */
async function call(m) {
	try {
		const r = await post(`/api/v1/residents/${m.id}/call`, {});
		location.href = 'tel:' + String(r.phone || '').replace(/[^\d+]/g, '');
	} catch (err) {
		toast(err.status === 404 || err.status === 405 ? t('call.none') : errorText(err), 'error');
	}
}

/** One visit, compact: when, who, channel, the four notes. */
export function visitCard(v) {
	const notes = [['observed', 'visit.observed'], ['heard', 'visit.heard'], ['asked', 'visit.asked'], ['needs', 'visit.needs']]
		.filter(([k]) => v[k]).map(([k, label]) => [t(label), v[k]]);
	return h('li', { class: 'visit' },
		h('p', { class: 'visit-head' }, timeEl(v.visited_at), ' · ', enumLabel('channel', v.channel), ' · ', v.worker_name || ''),
		notes.length ? dl(notes) : null,
		v.services && v.services.length ? h('p', { class: 'muted' }, t('visit.services'), '：', v.services.join('、')) : null,
		v.follow_up_on ? h('p', { class: 'muted' }, t('visit.followUp'), '：', v.follow_up_on) : null,
		v.issue_ids && v.issue_ids.length ? h('p', null, t('visit.issues'), '：', v.issue_ids.map((i) => h('a', { href: `#/issues/${i}` }, '#' + i, ' '))) : null);
}

async function householdForm(hh) {
	const allTags = await loadTags(hh.committee_code).catch(() => []);
	const form = h('form', { class: 'form grid-form', novalidate: true },
		formError(),
		field({ name: 'room', label: t('household.room'), value: hh.room, required: true }),
		field({ name: 'floor', label: t('household.floor'), type: 'number', value: hh.floor ?? '', hint: t('household.floorHint') }),
		field({ name: 'housing_kind', label: t('household.housing'), type: 'select', value: hh.housing_kind || '', options: [['', t('unset')], ...enumOptions('housing_kind')] }),
		field({ name: 'status', label: t('status'), type: 'select', value: hh.status, options: enumOptions('household_status') }),
		tagPicker('tags', t('household.tags'), allTags.filter((x) => x.category !== 'derived'), (hh.tags || []).map((x) => x.name)),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save'))));
	onSubmit(form, async () => {
		const body = {
			room: form.room.value.trim(),
			housing_kind: form.housing_kind.value || null,
			status: form.status.value,
			tags: pickedTags(form, 'tags'),
		};
		if (form.floor.value !== '' && Number(form.floor.value) !== hh.floor) body.floor = Number(form.floor.value);
		await patch(`/api/v1/households/${hh.id}`, body);
		toast(t('saved'));
		go(`#/households/${hh.id}`);
	});
	return form;
}
