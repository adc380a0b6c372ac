// Projects (议事项目, docs/consultation.md "Projects"): the list and a new
// project (#/projects), and one project (#/projects/ID): its six stages with
// planned and actual dates and an owner, the signing tracker per building
// (households ticked by a worker, progress against the threshold), and one
// timeline with its issues, surveys, meetings, motions and decisions.

import { get, post, patch, put, qs, getAll } from '../api.js';
import { h, field, pageTitle, pct, toast, onSubmit, dateTime } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { w } from './words.js';
import './words-head.js';
import { pagesCss } from './answer.js';
import { notesCss } from './notice-page.js';

const STAGES = ['proposal', 'research', 'deliberation', 'vote', 'implementation', 'acceptance'];
const THRESHOLDS = [['', 'pj.noSigning'], ['1/2', 'pj.half'], ['2/3', 'pj.twoThirds'], ['3/4', 'pj.threeQuarters']];
const fail = (f, text) => Object.assign(new Error(text), { status: 400, field: f, message_zh: text, message: text });
const frac = (t) => (t ? `${t.numerator}/${t.denominator}` : '');

/** The buildings of a committee as [id, "小区 楼"]. */
async function buildingsOf(code) {
	const compounds = await getAll('/api/v1/compounds' + qs({ committee_code: code }));
	return (await Promise.all(compounds.map((c) => getAll('/api/v1/buildings' + qs({ compound_id: c.id }))
		.then((bs) => bs.map((b) => [b.id, `${c.name} ${b.label}`]))))).flat();
}

/** #/projects?committee_code= */
export async function projectsView({ query }) {
	pagesCss();
	notesCss();
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const items = code ? (await get('/api/v1/projects' + qs({ committee_code: code, limit: 100 }))).items : [];
	const rows = items.map((p) => h('li', { class: 'card pj-item' },
		h('a', { href: `#/projects/${p.id}` }, p.name), ' ',
		h('span', { class: 'badge' }, w('pj.stage.' + p.stage)),
		p.funding_source ? h('span', { class: 'muted' }, ` · ${p.funding_source}`) : null));
	const parts = [pageTitle(w('pj.title')), items.length ? h('ul', { class: 'pj-list' }, rows) : h('p', { class: 'empty' }, w('pj.none'))];
	if (atLeast('committee_head') && code) parts.push(await newForm(code));
	return h('section', { class: 'pj' }, parts);
}

async function newForm(code) {
	const buildings = await buildingsOf(code).catch(() => []);
	const form = h('form', { class: 'card pj-new', novalidate: true },
		h('h2', null, w('pj.new')),
		field({ name: 'name', label: w('pj.name'), required: true, attrs: { maxlength: 200 } }),
		field({ name: 'description', label: w('pj.description'), type: 'textarea', attrs: { maxlength: 2000 } }),
		field({ name: 'funding_source', label: w('pj.funding'), attrs: { maxlength: 200 } }),
		field({ name: 'threshold', label: w('pj.threshold'), type: 'select', options: THRESHOLDS.map(([v, k]) => [v, w(k)]) }),
		h('fieldset', { class: 'pj-buildings', dataset: { field: 'building_ids' } }, h('legend', null, w('pj.buildings')),
			buildings.map(([id, name]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'building', value: String(id) }), ' ', name)),
			h('p', { class: 'field-error', 'aria-live': 'polite' })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, w('pj.create'))));
	onSubmit(form, async () => {
		const name = form.elements.name.value.trim();
		if (!name) throw fail('name', w('pj.needName'));
		const th = form.elements.threshold.value;
		const ids = [...form.querySelectorAll('input[name=building]:checked')].map((x) => Number(x.value));
		if (th && !ids.length) throw fail('building_ids', w('pj.needBuildings'));
		const [n, d] = th ? th.split('/').map(Number) : [];
		const p = await post('/api/v1/projects', {
			committee_code: code, name, description: form.elements.description.value.trim() || null,
			funding_source: form.elements.funding_source.value.trim() || null,
			signing_threshold: th ? { numerator: n, denominator: d } : null, building_ids: ids,
		});
		go(`#/projects/${p.id}`);
	});
	return form;
}

/** #/projects/ID */
export async function projectView({ params }) {
	pagesCss();
	notesCss();
	const id = params.id;
	const [p, signing, timeline] = await Promise.all([
		get(`/api/v1/projects/${id}`), get(`/api/v1/projects/${id}/signing`), get(`/api/v1/projects/${id}/timeline`)]);
	let people = [];
	if (atLeast('committee_head')) people = await getAll('/api/v1/users').catch(() => []);
	people = people.filter((u) => (u.role === 'worker' || u.role === 'committee_head') && !u.disabled);
	if (session.me && !people.some((u) => u.id === session.me.id)) people.unshift(session.me);
	const stagesBox = h('ol', { class: 'pj-stages' });
	const trackBox = h('div', { class: 'pj-track' });
	const timeBox = h('div', { class: 'pj-time' }, timelineList(timeline.items));
	// a stage saved: the stages again, and the timeline that shows them
	const drawStages = (proj, again = false) => {
		stagesBox.replaceChildren(...proj.stages.map((s) => stageItem(id, s, proj, people, (np) => drawStages(np, true))));
		if (again) get(`/api/v1/projects/${id}/timeline`).then((t) => timeBox.replaceChildren(timelineList(t.items))).catch(() => {});
	};
	const drawTrack = (t) => trackBox.replaceChildren(...tracker(id, t, drawTrack));
	drawStages(p);
	drawTrack(signing);
	return h('section', { class: 'pj' },
		pageTitle(p.name),
		p.description ? h('p', { class: 'pub-desc' }, p.description) : null,
		h('p', null, w('pj.fundingIs', { f: p.funding_source || '—' }), ' · ',
			p.signing_threshold ? w('pj.thresholdIs', { t: frac(p.signing_threshold) }) : w('pj.noSigning')),
		h('h2', null, w('pj.stages')), stagesBox,
		signing.buildings.length ? h('h2', null, w('pj.signing')) : null, signing.buildings.length ? trackBox : null,
		h('h2', null, w('pj.timeline')), timeBox);
}

function stageItem(id, s, proj, people, redraw) {
	const state = s.actual_end ? 'done' : s.actual_start ? 'now' : proj.stage === s.stage ? 'next' : 'later';
	const form = h('form', { class: 'pj-stage-form', novalidate: true },
		h('div', { class: 'sv-grid' },
			field({ name: 'planned_start', label: w('pj.plannedStart'), type: 'date', value: s.planned_start || '' }),
			field({ name: 'planned_end', label: w('pj.plannedEnd'), type: 'date', value: s.planned_end || '' }),
			field({ name: 'actual_start', label: w('pj.actualStart'), type: 'date', value: s.actual_start || '' }),
			field({ name: 'actual_end', label: w('pj.actualEnd'), type: 'date', value: s.actual_end || '' }),
			field({ name: 'owner_id', label: w('pj.owner'), type: 'select', value: s.owner ? String(s.owner.id) : '',
				options: [['', '—'], ...people.map((u) => [String(u.id), u.name || u.display_name || u.username])] })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, w('pj.save'))));
	onSubmit(form, async () => {
		const v = (k) => form.elements[k].value || null;
		const body = { stage: s.stage, planned_start: v('planned_start'), planned_end: v('planned_end'), actual_start: v('actual_start'), actual_end: v('actual_end') };
		body.owner_id = v('owner_id') ? Number(v('owner_id')) : null;
		try {
			const np = await patch(`/api/v1/projects/${id}/stages`, body);
			toast(w('pj.saved'));
			redraw(np);
		} catch (err) {
			if (err.status === 409) throw fail('actual_start', w('pj.inOrder'));
			if (err.status === 400 && /end/.test(err.field || '')) throw fail(err.field, w('pj.endBeforeStart'));
			throw err;
		}
	});
	return h('li', { class: `pj-stage pj-${state}`, dataset: { stage: s.stage } },
		h('h3', null, w('pj.stage.' + s.stage), ' ', h('span', { class: 'badge' }, w('pj.state.' + state))),
		h('p', { class: 'muted' }, w('pj.plan', { a: s.planned_start || '—', b: s.planned_end || '—' }), ' · ',
			w('pj.actual', { a: s.actual_start || '—', b: s.actual_end || '—' }), ' · ',
			w('pj.ownerIs', { n: s.owner ? s.owner.name : '—' })),
		h('details', null, h('summary', null, w('pj.edit')), form));
}

function tracker(id, t, redraw) {
	return t.buildings.map((b) => {
		const need = t.threshold ? Math.ceil((b.households * t.threshold.numerator) / t.threshold.denominator) : null;
		const bar = h('progress', { max: String(b.households || 1), value: String(b.signed), 'aria-label': `${b.compound} ${b.label}` });
		const boxes = b.items.map((it) => {
			const box = h('input', { type: 'checkbox', checked: it.signed, 'aria-label': w('pj.signedRoom', { r: it.room }) });
			box.addEventListener('change', async () => {
				box.disabled = true;
				try {
					redraw(await put(`/api/v1/projects/${id}/signatures`, { household_id: it.household_id, signed: box.checked }));
				} catch (err) {
					box.checked = !box.checked;
					box.disabled = false;
					toast(err.message_zh || String(err), 'error');
				}
			});
			return h('label', { class: 'check pj-room', title: it.signed_by ? w('pj.tickedBy', { n: it.signed_by.name }) : '' }, box, ' ', it.room);
		});
		return h('section', { class: `card pj-building${b.reached ? ' pj-reached' : ''}`, dataset: { building: String(b.building_id) } },
			h('h3', null, `${b.compound} ${b.label}`),
			h('p', { class: 'pj-count' }, w('pj.countOf', { s: b.signed, n: b.households, p: pct(b.share === null ? null : b.share * 100) }),
				need !== null ? ` · ${b.reached ? w('pj.reached') : w('pj.need', { n: need })}` : ''),
			bar, h('div', { class: 'pj-rooms' }, boxes));
	});
}

function timelineList(items) {
	if (!items.length) return h('p', { class: 'empty' }, w('pj.noTimeline'));
	return h('ol', { class: 'pj-timeline' }, items.map((i) => h('li', null,
		// a stage's day is a day, not a time
		h('time', { datetime: i.at }, i.stage ? dateTime(i.at).slice(0, 10) : dateTime(i.at)), ' ',
		h('span', { class: 'badge' }, w('pj.kind.' + i.kind)), ' ',
		i.stage ? w('pj.stage.' + i.stage) + (i.title ? ` · ${i.title}` : '') : (i.title || ''))));
}
