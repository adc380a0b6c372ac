// Volunteers, teams and activities (暖百家心, issue 17, docs/consultation.md
// "The network page"): a volunteer registered from a resident of the
// register with skills and availability, found again by a skill; teams with
// their members; an activity with its volunteers, their hours and the
// residents served, picked from the register.

import { get, post, qs, getAll } from '../api.js';
import { h, field, pageTitle, toast, onSubmit, todayISO } from '../ui.js';
import { go } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { w } from './words.js';
import './words-head.js';
import { pagesCss } from './answer.js';

const fail = (f, text) => Object.assign(new Error(text), { status: 400, field: f, message_zh: text, message: text });
const skillsOf = (text) => [...new Set(text.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean))];

/** A register name search that adds residents to PICKED (a Map id → name). */
function residentPicker(code, id, label, picked, single = false) {
	const list = h('ul', { class: 'mt-picked' });
	const found = h('ul', { class: 'mt-found' });
	const input = h('input', { type: 'search', id, autocomplete: 'off' });
	const redraw = () => list.replaceChildren(...[...picked].map(([rid, name]) => h('li', null, name, ' ',
		h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': `${w('nw.remove')} ${name}`, onclick: () => { picked.delete(rid); redraw(); } }, '×'))));
	let seq = 0;
	input.addEventListener('input', async () => {
		const my = ++seq;
		const q = input.value.trim();
		if (!q) return found.replaceChildren();
		const r = await get('/api/v1/residents' + qs({ committee_code: code, q, limit: 8 })).catch(() => ({ items: [] }));
		if (my !== seq) return;
		found.replaceChildren(...r.items.map((x) => h('li', null, h('button', {
			type: 'button', class: 'btn btn-small', onclick: () => {
				if (single) picked.clear();
				picked.set(x.id, x.name);
				input.value = '';
				found.replaceChildren();
				redraw();
			},
		}, `${w('mt.add')} ${x.name}`))));
	});
	return h('div', { class: 'field', dataset: { field: id } }, h('label', { for: id }, label), input, found, list, h('p', { class: 'field-error', 'aria-live': 'polite' }));
}

/** #/network?committee_code=&skill= */
export async function networkView({ query }) {
	pagesCss();
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const skill = (query.get('skill') || '').trim();
	const here = (o) => '#/network' + qs({ committee_code: code, ...o });
	const [vols, teams, acts] = await Promise.all([
		getAll('/api/v1/volunteers' + qs({ committee_code: code })),
		getAll('/api/v1/teams' + qs({ committee_code: code })),
		get('/api/v1/activities' + qs({ committee_code: code, limit: 20 })),
	]);
	const shown = skill ? vols.filter((v) => (v.skills || []).some((s) => s.includes(skill))) : vols;

	// a volunteer from a resident
	const who = new Map();
	const volForm = h('form', { class: 'card', id: 'nw-volunteer', novalidate: true }, h('h2', null, w('nw.register')),
		residentPicker(code, 'resident_id', w('nw.resident'), who, true),
		field({ name: 'skills', label: w('nw.skills'), hint: w('nw.skillsHint'), attrs: { maxlength: 400 } }),
		field({ name: 'availability', label: w('nw.availability'), attrs: { maxlength: 500 } }),
		h('button', { type: 'submit', class: 'btn btn-primary' }, w('nw.register')));
	onSubmit(volForm, async () => {
		if (!who.size) throw fail('resident_id', w('nw.needResident'));
		await post('/api/v1/volunteers', { resident_id: [...who.keys()][0], skills: skillsOf(volForm.elements.skills.value), availability: volForm.elements.availability.value.trim() || null });
		toast(w('nw.saved'));
		go(here({}));
	});

	// a team
	const volBoxes = (name) => h('div', { class: 'choice-list' }, vols.map((v, k) => h('span', { class: 'choice' },
		h('input', { type: 'checkbox', name, id: `${name}-${k}`, value: v.id }), h('label', { for: `${name}-${k}` }, v.name))));
	const teamForm = h('form', { class: 'card', id: 'nw-team', novalidate: true }, h('h2', null, w('nw.newTeam')),
		field({ name: 'name', label: w('nw.teamName'), attrs: { maxlength: 100 } }),
		field({ name: 'kind', label: w('nw.teamKind'), attrs: { maxlength: 50 } }),
		h('fieldset', { class: 'field choices chips' }, h('legend', null, w('nw.members')), volBoxes('team_member')),
		h('button', { type: 'submit', class: 'btn' }, w('nw.newTeam')));
	onSubmit(teamForm, async () => {
		const name = teamForm.elements.name.value.trim();
		if (!name) throw fail('name', w('nw.needName'));
		const member_ids = [...teamForm.querySelectorAll('input[name=team_member]:checked')].map((x) => Number(x.value));
		await post('/api/v1/teams', { committee_code: code, name, kind: teamForm.elements.kind.value.trim() || null, member_ids });
		toast(w('nw.saved'));
		go(here({}));
	});

	// an activity
	const served = new Map();
	const actForm = h('form', { class: 'card', id: 'nw-activity', novalidate: true }, h('h2', null, w('nw.newActivity')),
		field({ name: 'title', label: w('nw.actTitle'), attrs: { maxlength: 200 } }),
		h('div', { class: 'sv-grid' },
			field({ name: 'date', label: w('nw.date'), type: 'date', value: todayISO() }),
			field({ name: 'place', label: w('mt.place'), attrs: { maxlength: 200 } }),
			field({ name: 'team_id', label: w('nw.team'), type: 'select', options: [['', '—'], ...teams.map((t) => [t.id, t.name])] })),
		h('fieldset', { class: 'field', dataset: { field: 'volunteers' } }, h('legend', null, w('nw.hoursOf')),
			h('div', { class: 'sv-grid' }, vols.map((v) => field({ name: `hours-${v.id}`, label: v.name, type: 'number', attrs: { min: 0, max: 24, step: 0.5, inputmode: 'decimal' } }))),
			h('p', { class: 'field-error', 'aria-live': 'polite' })),
		residentPicker(code, 'served_resident_ids', w('nw.served'), served),
		h('button', { type: 'submit', class: 'btn' }, w('nw.record')));
	onSubmit(actForm, async () => {
		const f = actForm.elements;
		if (!f.title.value.trim()) throw fail('title', w('nw.needTitle'));
		const volunteers = vols.filter((v) => f[`hours-${v.id}`].value !== '').map((v) => ({ volunteer_id: v.id, hours: Number(f[`hours-${v.id}`].value) }));
		await post('/api/v1/activities', {
			committee_code: code, title: f.title.value.trim(), date: f.date.value, place: f.place.value.trim() || null,
			team_id: f.team_id.value ? Number(f.team_id.value) : null, volunteers, served_resident_ids: [...served.keys()],
		});
		toast(w('nw.saved'));
		go(here({}));
	}, { 'volunteers[0].hours': 'volunteers' });

	const search = h('form', { class: 'actions', role: 'search', onsubmit: (ev) => { ev.preventDefault(); go(here({ skill: ev.target.elements.skill.value.trim() })); } },
		h('label', { for: 'nw-skill' }, w('nw.bySkill')), h('input', { type: 'search', id: 'nw-skill', name: 'skill', value: skill }),
		h('button', { type: 'submit', class: 'btn btn-small' }, w('nw.find')));
	return h('section', { class: 'network' }, pageTitle(w('nw.title')),
		h('section', { class: 'card', id: 'nw-volunteers' }, h('h2', null, w('nw.volunteers')), search,
			shown.length ? h('ul', { class: 'sv-list' }, shown.map((v) => h('li', null, h('strong', null, v.name), ' · ', (v.skills || []).join('、') || '—',
				h('span', { class: 'muted' }, ` · ${w('nw.hoursN', { n: v.hours })}${v.teams.length ? ' · ' + v.teams.map((t) => t.name).join('、') : ''}`))))
				: h('p', { class: 'empty' }, w('nw.none'))),
		h('section', { class: 'card', id: 'nw-teams' }, h('h2', null, w('nw.teams')),
			teams.length ? h('ul', { class: 'sv-list' }, teams.map((t) => h('li', null, h('strong', null, t.name), t.kind ? ` (${t.kind})` : '', ' · ', t.members.map((m) => m.name).join('、') || '—')))
				: h('p', { class: 'empty' }, w('nw.none'))),
		h('section', { class: 'card', id: 'nw-activities' }, h('h2', null, w('nw.activities')),
			acts.items.length ? h('ul', { class: 'sv-list' }, acts.items.map((a) => h('li', null, `${a.date} `, h('strong', null, a.title),
				` · ${w('nw.hoursN', { n: a.hours })} · ${w('nw.servedN', { n: a.served })}`)))
				: h('p', { class: 'empty' }, w('nw.none'))),
		volForm, teamForm, actForm);
}
