// Surveys (issue 17, docs/consultation.md "The survey pages"): the builder
// with the audience's live count, the QR sheet per building, answers at the
// door, results as charts with their tables.  Listed on #/consult/surveys.

import { t } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { h, field, pageTitle, pct, toast, dl, onSubmit, showError, errorText, dateTime } from '../ui.js';
import { go } from '../app.js';
import { committees as loadCommittees, tags as loadTags } from '../data.js';
import { chartCard, barOption } from '../charts.js';
import { qrCanvas } from '../qr.js';
import { w } from './words.js';
import './words-head.js';
import { answerForm, readAnswers, pagesCss } from './answer.js';
import '../i18n-consult.js';

const KINDS = ['single', 'multiple', 'rating', 'text', 'number'];
/** 401 室, but 501室 as it is. */
const roomName = (room) => (/室$/.test(room) ? room : w('sv.room', { room }));
const share = (x) => pct(x === null || x === undefined ? null : x * 100);

async function committeePick(code, hashFor) {
	const list = await loadCommittees().catch(() => []);
	const chosen = code || (list[0] && list[0].code) || '';
	const sel = h('select', { id: 'sv-committee', onchange: (ev) => go(hashFor(ev.target.value)) },
		list.map((c) => h('option', { value: c.code, selected: c.code === chosen }, c.name)));
	return { chosen, node: h('div', { class: 'field inline committee-pick' }, h('label', { for: 'sv-committee' }, t('f.committee')), sel) };
}

// --- the builder -----------------------------------------------------------------------

function questionCard(list, i, q = { kind: 'single', text: '', options: [], required: false }) {
	const card = h('fieldset', { class: 'card sv-builder-q' });
	const legend = h('legend', null, w('sv.question', { n: i + 1 }));
	const opts = field({ name: `questions[${i}].options`, label: w('sv.qOptions'), type: 'textarea', rows: 4, value: (q.options || []).join('\n') });
	const kind = field({ name: `questions[${i}].kind`, label: w('sv.qKind'), type: 'select', value: q.kind, options: KINDS.map((k) => [k, w('sv.kind.' + k)]) });
	const showOpts = () => { opts.hidden = !['single', 'multiple'].includes(kind.querySelector('select').value); };
	kind.querySelector('select').addEventListener('change', showOpts);
	showOpts();
	card.append(legend,
		field({ name: `questions[${i}].text`, label: w('sv.qText'), value: q.text, required: true, attrs: { maxlength: 500 } }),
		kind, opts,
		field({ name: `questions[${i}].required`, label: w('sv.qRequired'), type: 'checkbox', value: q.required }),
		h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => { card.remove(); renumber(list); } }, w('sv.removeQuestion')));
	return card;
}

/** Renumbers the cards after a removal. */
function renumber(list) {
	[...list.children].forEach((card, i) => {
		card.querySelector('legend').textContent = w('sv.question', { n: i + 1 });
		for (const el of card.querySelectorAll('[data-field]')) el.dataset.field = el.dataset.field.replace(/^questions\[\d+\]/, `questions[${i}]`);
		for (const el of card.querySelectorAll('[name]')) el.name = el.name.replace(/^questions\[\d+\]/, `questions[${i}]`);
	});
}

function readQuestions(list) {
	return [...list.children].map((card, i) => {
		const v = (n) => card.querySelector(`[name="questions[${i}].${n}"]`);
		const kind = v('kind').value;
		const q = { kind, text: v('text').value.trim() };
		if (kind === 'single' || kind === 'multiple') q.options = [...new Set(v('options').value.split('\n').map((x) => x.trim()).filter(Boolean))];
		if (v('required').checked) q.required = true;
		return q;
	});
}

function clientCheck(title, questions) {
	const bad = (field_, text) => Object.assign(new Error(text), { status: 400, field: field_, message_zh: text, message: text });
	if (!title) return bad('title', w('sv.needTitle'));
	if (!questions.length) return bad(null, w('sv.needQuestion'));
	for (const [i, q] of questions.entries()) {
		if (!q.text) return bad(`questions[${i}].text`, w('sv.needText'));
		if (q.options && q.options.length < 2) return bad(`questions[${i}].options`, w('sv.needOptions'));
	}
	return null;
}

/** #/surveys/new */
export async function surveyNewView({ query }) {
	const pick = await committeePick(query.get('committee_code'), (c) => '#/surveys/new' + qs({ committee_code: c }));
	const code = pick.chosen;
	const allTags = code ? await loadTags(code).catch(() => []) : [];
	const list = h('div', { class: 'sv-questions' });
	list.append(questionCard(list, 0));
	const tagBox = h('fieldset', { class: 'field choices chips', dataset: { field: 'audience.tag_any' } }, h('legend', null, w('sv.tags')),
		h('div', { class: 'choice-list' }, allTags.filter((x) => x.category !== 'derived' || x.name === '高龄').map((x, k) => h('span', { class: 'choice' },
			h('input', { type: 'checkbox', name: 'tag_any', id: `sv-tag-${k}`, value: x.name }), h('label', { for: `sv-tag-${k}` }, x.name)))),
		h('p', { class: 'field-error', 'aria-live': 'polite' }));
	const count = h('p', { class: 'sv-count', id: 'sv-count', role: 'status', 'aria-live': 'polite' });
	const form = h('form', { class: 'sv-new', novalidate: true },
		h('section', { class: 'card' },
			field({ name: 'title', label: w('sv.titleField'), required: true, attrs: { maxlength: 200 } }),
			field({ name: 'description', label: w('sv.description'), type: 'textarea', attrs: { maxlength: 2000 } }),
			field({ name: 'closes_on', label: w('sv.closesOn'), type: 'date' })),
		h('h2', null, w('sv.builder')), list,
		h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', onclick: () => list.append(questionCard(list, list.children.length)) }, w('sv.addQuestion'))),
		h('section', { class: 'card', dataset: { field: 'audience' } }, h('h2', null, w('sv.audience')), h('p', { class: 'muted' }, w('sv.audienceHint')),
			tagBox,
			h('div', { class: 'sv-grid' },
				field({ name: 'age_min', label: w('sv.ageMin'), type: 'number', attrs: { min: 0, max: 120, inputmode: 'numeric' } }),
				field({ name: 'age_max', label: w('sv.ageMax'), type: 'number', attrs: { min: 0, max: 120, inputmode: 'numeric' } }),
				field({ name: 'floor_min', label: w('sv.floorMin'), type: 'number', attrs: { min: 1, max: 99, inputmode: 'numeric' } })),
			field({ name: 'no_lift', label: w('sv.noLift'), type: 'checkbox' }),
			field({ name: 'party_member', label: w('sv.partyMember'), type: 'checkbox' }),
			field({ name: 'skill', label: w('pj.skill'), hint: w('pj.skillHint'), attrs: { maxlength: 20 } }),
			count, h('p', { class: 'field-error', 'aria-live': 'polite' })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, w('sv.create'))));
	const audience = () => {
		const f = form.elements;
		const a = {};
		const tagsOn = [...form.querySelectorAll('input[name=tag_any]:checked')].map((x) => x.value);
		if (tagsOn.length) a.tag_any = tagsOn;
		for (const k of ['age_min', 'age_max', 'floor_min']) if (f[k].value !== '') a[k] = Number(f[k].value);
		if (f.no_lift.checked) a.no_lift = true;
		if (f.party_member.checked) a.party_member = true;
		if (f.skill.value.trim()) a.skill = f.skill.value.trim();
		return a;
	};
	let timer = 0;
	let seq = 0;
	const recount = () => {
		clearTimeout(timer);
		count.textContent = w('sv.counting');
		timer = setTimeout(async () => {
			const my = ++seq;
			const a = audience();
			try {
				const r = await get('/api/v1/households' + qs({ committee_code: code, ...a, tag_any: a.tag_any, limit: 1 }));
				if (my === seq) count.textContent = w('sv.count', { n: r.total });
			} catch (err) {
				if (my === seq && err.code !== 'aborted') count.textContent = errorText(err);
			}
		}, 250);
	};
	form.querySelector('[data-field=audience]').addEventListener('input', recount);
	form.querySelector('[data-field=audience]').addEventListener('change', recount);
	if (code) recount();
	onSubmit(form, async () => {
		const title = form.elements.title.value.trim();
		const questions = readQuestions(list);
		const bad = clientCheck(title, questions);
		if (bad) throw bad;
		const body = { committee_code: code, title, questions, audience: audience() };
		const d = form.elements.description.value.trim();
		if (d) body.description = d;
		if (form.elements.closes_on.value) body.closes_on = form.elements.closes_on.value;
		const s = await post('/api/v1/surveys', body);
		toast(w('sv.created'));
		go(`#/surveys/${s.id}`);
	}, { 'audience.tag_any': 'audience.tag_any', 'audience.age_min': 'age_min', 'audience.age_max': 'age_max', 'audience.floor_min': 'floor_min' });
	return h('section', { class: 'surveys' }, pageTitle(w('sv.new')), pick.node, form);
}

// --- one survey: results, delivery ---------------------------------------------------------

function questionResult(q, i) {
	const title = `${i + 1}. ${q.text}`;
	const note = w('sv.answered', { n: q.answered });
	if (q.options) {
		return chartCard({
			id: `sv-q${i}`, title, note, columns: [w('sv.option'), w('sv.households'), w('sv.share')],
			rows: q.answered ? q.options.map((o) => [o.option, o.count, share(o.share)]) : [],
			option: () => barOption(q.options.map((o) => o.option), [{ name: w('sv.households'), data: q.options.map((o) => o.count) }], { horizontal: true }),
			height: 60 + 34 * q.options.length,
		});
	}
	if (q.kind === 'rating') {
		return chartCard({
			id: `sv-q${i}`, title, note: `${note} · ${w('sv.mean', { m: q.mean ?? '—' })}`, columns: [w('sv.score'), w('sv.households')],
			rows: q.answered ? q.counts.map((n, k) => [String(k + 1), n]) : [],
			option: () => barOption(['1', '2', '3', '4', '5'], [{ name: w('sv.households'), data: q.counts }]),
		});
	}
	const body = q.kind === 'number'
		? h('p', null, q.answered ? `${w('sv.mean', { m: q.mean })} · ${w('sv.minMax', { a: q.min, b: q.max })}` : w('sv.noAnswers'))
		: (q.texts && q.texts.length ? h('ul', { class: 'sv-texts' }, q.texts.map((x) => h('li', null, x))) : h('p', { class: 'empty' }, w('sv.noAnswers')));
	return h('section', { class: 'card', id: `sv-q${i}` }, h('h2', null, title), h('p', { class: 'muted small' }, note), body);
}

/** #/surveys/:id: figures, results per question, delivery, export. */
export async function surveyView({ params }) {
	const id = Number(params.id);
	const [r, aud] = await Promise.all([get(`/api/v1/surveys/${id}/results`), get(`/api/v1/surveys/${id}/audience`)]);
	const byBuilding = new Map();
	for (const x of aud.items) {
		const k = `${x.compound_name} ${x.building_label}`;
		const e = byBuilding.get(k) || { n: 0, done: 0 };
		e.n++;
		if (x.answered) e.done++;
		byBuilding.set(k, e);
	}
	return h('section', { class: 'surveys' },
		pageTitle(r.title),
		h('section', { class: 'card sv-figures' },
			dl([[w('sv.audience'), String(r.audience)], [t('consult.responses'), String(r.responses)], [w('sv.rate'), share(r.response_rate)]]),
			h('div', { class: 'actions' },
				h('a', { class: 'btn btn-primary', href: `#/surveys/${id}/sheet` }, w('sv.sheet')),
				h('a', { class: 'btn', href: `/api/v1/surveys/${id}/export?format=xlsx`, download: '' }, w('sv.export')))),
		r.questions.map((q, i) => questionResult(q, i)),
		chartCard({
			id: 'sv-buildings', title: w('sv.byBuilding'), columns: [w('sv.building'), w('sv.audience'), t('consult.responses'), w('sv.rate')],
			rows: [...byBuilding].map(([k, e]) => [k, e.n, e.done, share(e.done / e.n)]),
			option: () => barOption([...byBuilding.keys()], [{ name: t('consult.responses'), data: [...byBuilding.values()].map((e) => e.done) }, { name: w('sv.audience'), data: [...byBuilding.values()].map((e) => e.n) }], { horizontal: true }),
			height: 60 + 40 * byBuilding.size,
		}));
}

/** #/surveys/:id/sheet: a one-time link per unanswered household, a page per building. */
export async function sheetView({ params }) {
	pagesCss();
	const id = Number(params.id);
	const s = await get(`/api/v1/surveys/${id}`);
	const slot = h('div', { class: 'sv-sheets' });
	const make = h('button', {
		type: 'button', class: 'btn btn-primary', onclick: async () => {
			make.disabled = true;
			try {
				const links = (await post(`/api/v1/surveys/${id}/links`, {})).items;
				if (!links.length) {
					slot.replaceChildren(h('p', { class: 'empty' }, w('sv.noLinks')));
					return;
				}
				const places = new Map((await get(`/api/v1/surveys/${id}/audience`)).items.map((x) => [x.household_id, x]));
				const groups = new Map();
				for (const l of links) {
					const p = places.get(l.household_id);
					const k = `${p.compound_name} ${p.building_label}`;
					if (!groups.has(k)) groups.set(k, []);
					groups.get(k).push([p, l]);
				}
				const origin = location.origin;
				slot.replaceChildren(h('p', { class: 'no-print', role: 'status' }, w('sv.linksMade', { n: links.length })),
					h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, w('sv.print'))),
					...[...groups].map(([place, items]) => h('section', { class: 'sv-sheet' },
						h('h2', null, w('sv.sheetTitle', { title: s.title, place })),
						h('p', null, w('sv.scan')),
						h('div', { class: 'sv-slips' }, items.map(([p, l]) => h('div', { class: 'sv-slip' },
							h('strong', { class: 'sv-room' }, roomName(p.room)),
							qrCanvas(`${origin}/#/s/${l.token}`, 132, `${place} ${roomName(p.room)}`),
							h('span', { class: 'small' }, w('sv.validUntil', { d: dateTime(l.expires_at) }))))))));
				make.hidden = true;
			} catch (err) {
				toast(errorText(err), 'error');
			} finally {
				make.disabled = false;
			}
		},
	}, w('sv.makeLinks'));
	return h('section', { class: 'surveys' }, pageTitle(s.title),
		h('p', { class: 'muted no-print' }, w('sv.deliveryHint')),
		h('div', { class: 'actions no-print' }, make, h('a', { class: 'btn btn-quiet', href: `#/surveys/${id}` }, w('sv.back'))),
		slot);
}

// --- the door --------------------------------------------------------------------------

/** #/households/:id/surveys: the open surveys, answered at the door. */
export async function doorView({ params }) {
	pagesCss();
	const id = Number(params.id);
	const [hh, list] = await Promise.all([get(`/api/v1/households/${id}`), get(`/api/v1/households/${id}/surveys`)]);
	const cards = list.items.map((s) => {
		if (s.answered) return h('section', { class: 'card' }, h('h2', null, s.title), h('p', { class: 'ok' }, w('sv.doneAlready')));
		const form = answerForm(s.questions, w('sv.record'));
		const card = h('section', { class: 'card sv-door' }, h('h2', null, s.title), s.description ? h('p', { class: 'muted' }, s.description) : null, form);
		onSubmit(form, async () => {
			const answers = readAnswers(form, s.questions);
			if (!answers) return;
			try {
				await post(`/api/v1/surveys/${s.id}/responses`, { household_id: id, answers });
			} catch (err) {
				showError(form, err);
				return;
			}
			toast(w('sv.recorded'));
			card.replaceChildren(h('h2', null, s.title), h('p', { class: 'ok', role: 'status' }, w('sv.recorded')));
		});
		return card;
	});
	return h('section', { class: 'surveys' }, pageTitle(w('sv.door')), h('p', null, h('a', { href: `#/households/${id}` }, hh.address)),
		cards.length ? cards : h('p', { class: 'empty' }, w('sv.doorNone')));
}
