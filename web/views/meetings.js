// Meetings (议事会, issue 17, docs/consultation.md "The meeting pages"): the
// head calls one, inviting by building and tag (a team such as 红袖章 is a
// tag) plus people picked by name with a role; the printable sign-in sheet;
// at the table, on a tablet: attendance by tapping names, motions, a vote
// one tap per participant, the live tally with the quorum rule, minutes and
// decisions.

import { get, post, put, patch, qs, getAll } from '../api.js';
import { h, field, pageTitle, pct, toast, dl, onSubmit, dateTime, localToISO, errorText } from '../ui.js';
import { go } from '../app.js';
import { committees as loadCommittees, tags as loadTags } from '../data.js';
import { w } from './words.js';
import './words-head.js';
import { pagesCss } from './answer.js';
import { attachmentsSection } from './attachments.js';

const ROLES = ['resident', 'building_leader', 'party_member', 'resident_rep', 'owners_committee', 'expert', 'property'];
const fail = (f, text) => Object.assign(new Error(text), { status: 400, field: f, message_zh: text, message: text });

/** #/meetings/new?committee_code= */
export async function meetingNewView({ query }) {
	pagesCss();
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const [allTags, compounds, teams] = await Promise.all([loadTags(code).catch(() => []), getAll('/api/v1/compounds' + qs({ committee_code: code })),
		getAll('/api/v1/teams' + qs({ committee_code: code })).catch(() => [])]);
	const buildings = (await Promise.all(compounds.map((c) => getAll('/api/v1/buildings' + qs({ compound_id: c.id })).then((bs) => bs.map((b) => [b.id, `${c.name} ${b.label}`]))))).flat();
	const picked = new Map(); // resident id → [name, role select]
	const pickedList = h('ul', { class: 'mt-picked' });
	const pickedNote = h('p', { class: 'muted' }, w('mt.picked', { n: 0 }));
	const found = h('ul', { class: 'mt-found' });
	const search = h('input', { type: 'search', id: 'mt-search', autocomplete: 'off' });
	const redraw = () => {
		pickedNote.textContent = w('mt.picked', { n: picked.size });
		pickedList.replaceChildren(...[...picked].map(([id, [name, sel]]) => h('li', null, h('span', null, name), ' ', sel,
			h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => { picked.delete(id); redraw(); } }, '×'))));
	};
	let seq = 0;
	search.addEventListener('input', async () => {
		const my = ++seq;
		const q = search.value.trim();
		if (!q) return found.replaceChildren();
		try {
			const r = await get('/api/v1/residents' + qs({ committee_code: code, q, limit: 8 }));
			if (my !== seq) return;
			found.replaceChildren(...r.items.map((x) => h('li', null, h('button', {
				type: 'button', class: 'btn btn-small', onclick: () => {
					const sel = h('select', { 'aria-label': `${w('mt.role')} ${x.name}` }, ROLES.filter((k) => k !== 'property').map((k) => h('option', { value: k }, w('mt.r.' + k))));
					picked.set(x.id, [x.name, sel]);
					search.value = '';
					found.replaceChildren();
					redraw();
				},
			}, `${w('mt.add')} ${x.name}`))));
		} catch { /* typing on */ }
	});
	const form = h('form', { class: 'mt-new', novalidate: true },
		h('section', { class: 'card' },
			field({ name: 'topic', label: w('mt.topic'), required: true, attrs: { maxlength: 200 } }),
			field({ name: 'held_at', label: w('mt.heldAt'), type: 'datetime-local', required: true }),
			field({ name: 'place', label: w('mt.place'), value: '红色议事厅', attrs: { maxlength: 200 } }),
			h('div', { class: 'sv-grid' },
				field({ name: 'min_present', label: w('mt.minPresent'), type: 'number', value: 0, attrs: { min: 0 } }),
				field({ name: 'present_pct', label: w('mt.presentPct'), type: 'number', value: 50, attrs: { min: 0, max: 100 } }),
				field({ name: 'pass_pct', label: w('mt.passPct'), type: 'number', value: 50, attrs: { min: 0, max: 100 } }))),
		h('section', { class: 'card' }, h('h2', null, w('mt.invite')), h('p', { class: 'muted' }, w('mt.inviteHint')),
			field({ name: 'building_id', label: w('mt.building'), type: 'select', options: [['', w('mt.anyBuilding')], ...buildings] }),
			h('fieldset', { class: 'field choices chips', dataset: { field: 'invite_filter.tag_any' } }, h('legend', null, w('sv.tags')),
				h('div', { class: 'choice-list' }, allTags.filter((x) => x.category !== 'derived').map((x, k) => h('span', { class: 'choice' },
					h('input', { type: 'checkbox', name: 'tag_any', id: `mt-tag-${k}`, value: x.name }), h('label', { for: `mt-tag-${k}` }, x.name)))),
				h('p', { class: 'field-error', 'aria-live': 'polite' })),
			// 社区能人 by skill, and a volunteer team as a whole (docs/consultation.md)
			h('div', { class: 'sv-grid' },
				field({ name: 'team_id', label: w('pj.team'), type: 'select', options: [['', w('pj.noTeam')], ...teams.map((x) => [x.id, x.name])] }),
				field({ name: 'skill', label: w('pj.skill'), hint: w('pj.skillHint'), attrs: { maxlength: 20 } })),
			h('div', { class: 'field', dataset: { field: 'invitees' } }, h('label', { for: 'mt-search' }, w('mt.search')), search, found, pickedNote, pickedList,
				h('p', { class: 'field-error', 'aria-live': 'polite' }))),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, w('mt.create'))));
	onSubmit(form, async () => {
		const f = form.elements;
		if (!f.topic.value.trim()) throw fail('topic', w('mt.needTopic'));
		if (!f.held_at.value) throw fail('held_at', w('mt.needTime'));
		const filter = {};
		if (f.building_id.value) filter.building_id = Number(f.building_id.value);
		const tagsOn = [...form.querySelectorAll('input[name=tag_any]:checked')].map((x) => x.value);
		if (tagsOn.length) filter.tag_any = tagsOn;
		if (f.team_id.value) filter.team_id = Number(f.team_id.value);
		if (f.skill.value.trim()) filter.skill = f.skill.value.trim();
		const body = {
			committee_code: code, topic: f.topic.value.trim(), held_at: localToISO(f.held_at.value), place: f.place.value.trim() || null,
			quorum: { min_present: Number(f.min_present.value || 0), present_pct: Number(f.present_pct.value || 0), pass_pct: Number(f.pass_pct.value || 50) },
			invitees: [...picked].map(([id, [, sel]]) => ({ resident_id: id, role: sel.value })),
		};
		if (Object.keys(filter).length) body.invite_filter = filter;
		const m = await post('/api/v1/meetings', body);
		toast(w('mt.created'));
		go(`#/meetings/${m.id}`);
	}, { 'quorum.min_present': 'min_present', 'quorum.present_pct': 'present_pct', 'quorum.pass_pct': 'pass_pct', 'invite_filter.building_id': 'building_id', 'invite_filter.team_id': 'team_id', 'invite_filter.skill': 'skill' });
	return h('section', { class: 'meetings' }, pageTitle(w('mt.new')), form);
}

function tallyText(v) {
	const share = v.approval_share === null || v.approval_share === undefined ? '—' : pct(v.approval_share * 100);
	return w('mt.tally', { f: v.for, a: v.against, b: v.abstain, s: share });
}

/** #/meetings/:id: attendance, motions and votes, minutes, decisions. */
export async function meetingView({ params, me }) {
	pagesCss();
	const id = Number(params.id);
	const root = h('section', { class: 'meetings' });
	const head = me && ['committee_head', 'street', 'district', 'admin'].includes(me.role);
	const files = attachmentsSection('meeting', id); // the sign-in sheet photo, the minutes
	const draw = async () => {
		const m = await get(`/api/v1/meetings/${id}`);
		const people = m.participants;
		const attendance = h('div', { class: 'mt-grid', role: 'group', 'aria-label': w('mt.attendance') }, people.map((p) => h('button', {
			type: 'button', class: 'btn mt-person', 'aria-pressed': String(p.present), onclick: async (ev) => {
				ev.currentTarget.disabled = true;
				const present = people.filter((x) => (x.id === p.id ? !x.present : x.present)).map((x) => x.id);
				try {
					await put(`/api/v1/meetings/${id}/attendance`, { present });
				} catch (err) {
					toast(errorText(err), 'error');
				}
				await draw();
			},
		}, p.name, h('span', { class: 'small muted' }, ' ' + w('mt.r.' + p.role)))));
		const motions = m.motions.map((v) => {
			const voted = new Set(v.voted || []);
			const verdict = !v.quorum_met ? w('mt.noQuorum') : v.passed ? w('mt.passed') : w('mt.notPassed');
			return h('section', { class: 'card mt-motion', dataset: { motion: v.id } }, h('h3', null, v.text),
				h('p', { class: 'mt-tally', role: 'status' }, tallyText(v), ' · ', h('strong', { class: v.passed ? 'ok' : '' }, verdict)),
				h('ul', { class: 'mt-votes' }, people.map((p) => h('li', null, h('span', { class: 'mt-who' }, p.name),
					voted.has(p.id) ? h('span', { class: 'muted' }, w('mt.voted')) : h('span', { class: 'mt-choices' }, ['for', 'against', 'abstain'].map((c) => h('button', {
						type: 'button', class: 'btn btn-small', 'aria-label': `${p.name} ${w('mt.' + c)}`, onclick: async (ev) => {
							ev.currentTarget.parentNode.querySelectorAll('button').forEach((b) => { b.disabled = true; });
							try {
								await post(`/api/v1/meetings/${id}/votes`, { motion_id: v.id, participant_id: p.id, choice: c });
							} catch (err) {
								toast(errorText(err), 'error');
							}
							await draw();
						},
					}, w('mt.' + c))))))));
		});
		const motionForm = h('form', { class: 'mt-add', novalidate: true }, field({ name: 'text', label: w('mt.motionText'), attrs: { maxlength: 2000 } }),
			h('button', { type: 'submit', class: 'btn' }, w('mt.putMotion')));
		onSubmit(motionForm, async () => {
			const text = motionForm.elements.text.value.trim();
			if (!text) throw fail('text', w('mt.motionText'));
			await post(`/api/v1/meetings/${id}/motions`, { text });
			await draw();
		});
		const minutes = h('form', { novalidate: true }, field({ name: 'minutes', label: w('mt.minutes'), type: 'textarea', rows: 5, value: m.minutes || '', attrs: { maxlength: 20000 } }),
			h('button', { type: 'submit', class: 'btn' }, w('mt.saveMinutes')));
		onSubmit(minutes, async () => {
			await patch(`/api/v1/meetings/${id}`, { minutes: minutes.elements.minutes.value });
			toast(w('mt.saved'));
		});
		const decision = h('form', { novalidate: true }, field({ name: 'text', label: w('mt.decisions'), attrs: { maxlength: 2000 } }),
			h('button', { type: 'submit', class: 'btn' }, w('mt.addDecision')));
		onSubmit(decision, async () => {
			const text = decision.elements.text.value.trim();
			if (!text) throw fail('text', w('mt.decisions'));
			await post(`/api/v1/meetings/${id}/decisions`, { text });
			await draw();
		});
		const q = m.quorum;
		// replaceChildren prints a null as "null": the parts a worker does not get are left out
		root.replaceChildren(...[pageTitle(m.topic),
			dl([[w('mt.heldAt'), dateTime(m.held_at)], [w('mt.place'), m.place], [w('mt.invite'), w('mt.presentN', { p: m.present, n: m.invited })],
				[w('mt.passPct'), `${q.pass_pct}% · ${w('mt.minPresent')} ${q.min_present} · ${w('mt.presentPct')} ${q.present_pct}%`]]),
			h('div', { class: 'actions' }, h('a', { class: 'btn', href: `#/meetings/${id}/signin` }, w('mt.signin'))),
			h('section', { class: 'card' }, h('h2', null, w('mt.attendance')), attendance),
			h('h2', null, w('mt.motions')), ...motions, head ? motionForm : null,
			h('section', { class: 'card' }, head ? minutes : (m.minutes ? h('p', null, m.minutes) : null),
				h('h3', null, w('mt.decisions')), h('ul', { class: 'mt-decisions' }, m.decisions.map((d) => h('li', null, d.text))), head ? decision : null),
			files].filter(Boolean));
	};
	await draw();
	return root;
}

/** #/meetings/:id/signin: the sign-in sheet to print. */
export async function signinView({ params }) {
	const m = await get(`/api/v1/meetings/${Number(params.id)}`);
	return h('section', { class: 'meetings mt-signin' }, pageTitle(m.topic),
		h('p', null, `${dateTime(m.held_at)} · ${m.place || ''}`),
		h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, w('sv.print')),
			h('a', { class: 'btn btn-quiet', href: `#/meetings/${m.id}` }, w('mt.back'))),
		h('table', { class: 'table mt-sheet' }, h('thead', null, h('tr', null, ['#', w('mt.name'), w('mt.role'), w('mt.signature')].map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', null, m.participants.map((p, i) => h('tr', null, h('td', null, String(i + 1)), h('td', null, p.name), h('td', null, w('mt.r.' + p.role)), h('td', { class: 'mt-sign' }))))));
}
