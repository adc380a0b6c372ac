// Record a visit (望闻问切) in a few taps: channel, who was met, quick
// phrases for each of the four notes, services, a follow-up date; then
// "new issue" from it, or on to the next household of the plan.

import { t, lang, enumOptions } from '../i18n.js';
import { get, qs } from '../api.js';
import { submit } from '../outbox.js';
import { h, pageTitle, field, choiceGroup, checkedValues, onSubmit, formError, keepDraft, todayISO, addDays, localToISO, nowLocal, toast } from '../ui.js';

// quick phrases for the visit form (tap to add); here, not in i18n.js, which every page loads first (issue 18)
const PHRASES = {
	observed: [['家中整洁', 'Home tidy'], ['行动不便', 'Limited mobility'], ['独自在家', 'Alone at home'], ['楼道堆物', 'Stairwell cluttered'], ['飞线充电', 'Charging cable from a window'], ['燃气隐患', 'Gas hazard']],
	heard: [['身体还好', 'Feels well'], ['子女很少来', 'Children rarely visit'], ['邻里有矛盾', 'Trouble with neighbours'], ['反映噪声', 'Complains of noise']],
	asked: [['有无就医困难', 'Trouble seeing a doctor?'], ['用餐是否方便', 'Meals manageable?'], ['有无经济困难', 'Money worries?'], ['是否愿意参加活动', 'Join activities?']],
	needs: [['需要助餐', 'Needs meals'], ['需要配药', 'Needs medicine'], ['需要上门维修', 'Needs a repair'], ['申请困难补助', 'Apply for hardship aid'], ['加装电梯意愿', 'Wants a lift']],
	services: [['配药', 'Medicine'], ['送餐', 'Meals'], ['助浴', 'Bathing'], ['政策宣传', 'Policy advice'], ['陪同就医', 'Escort to a doctor'], ['代购', 'Shopping']],
};

/** The quick phrases for a visit field. Chinese phrases are kept as the
 * stored text in both languages when the UI is Chinese; English otherwise. */
function phrases(name) {
	return (PHRASES[name] || []).map((p) => p[lang() === 'zh' ? 0 : 1]);
}

const NOTES = [
	['observed', 'visit.observed', 'visit.observedHint'],
	['heard', 'visit.heard', 'visit.heardHint'],
	['asked', 'visit.asked', 'visit.askedHint'],
	['needs', 'visit.needs', 'visit.needsHint'],
];

export async function visitView({ params }) {
	const id = params.id;
	const hh = await get(`/api/v1/households/${id}`);
	const living = (hh.members || []).filter((m) => m.status === 'living');

	const noteFields = NOTES.map(([name, label, hint]) => {
		const f = field({ name, label: t(label), type: 'textarea', rows: 2, hint: t(hint), wide: true, attrs: { maxlength: 2000 } });
		const ta = f.querySelector('textarea');
		const quick = h('div', { class: 'quick', role: 'group', 'aria-label': t('visit.quick', { f: t(label) }) },
			phrases(name).map((p) => h('button', {
				type: 'button', class: 'chip', onclick: () => {
					ta.value = ta.value ? (ta.value.includes(p) ? ta.value : ta.value + '；' + p) : p;
					ta.dispatchEvent(new Event('input', { bubbles: true }));
				},
			}, p)));
		f.insertBefore(quick, ta.nextSibling);
		return f;
	});

	const follow = field({ name: 'follow_up_on', label: t('visit.followUp'), type: 'date', hint: t('visit.followUpHint'), attrs: { min: todayISO() } });
	const fInput = follow.querySelector('input');
	follow.insertBefore(h('div', { class: 'quick', role: 'group', 'aria-label': t('visit.followUp') },
		[[7, 'visit.in7'], [14, 'visit.in14'], [30, 'visit.in30']].map(([n, k]) => h('button', {
			type: 'button', class: 'chip', onclick: () => {
				fInput.value = addDays(todayISO(), n);
				fInput.dispatchEvent(new Event('input', { bubbles: true }));
			},
		}, t(k)))), fInput.nextSibling);

	const form = h('form', { class: 'form visit-form', novalidate: true },
		formError(),
		choiceGroup({ name: 'channel', legend: t('visit.channel'), type: 'radio', chips: true, options: enumOptions('channel'), value: 'home' }),
		living.length ? choiceGroup({ name: 'residents_met', legend: t('visit.met'), chips: true, options: living.map((m) => [m.id, m.name]), value: living.length === 1 ? [living[0].id] : [] }) : null,
		noteFields,
		choiceGroup({ name: 'services', legend: t('visit.services'), chips: true, options: phrases('services').map((s) => [s, s]), value: [] }),
		follow,
		h('details', { class: 'field-wide' }, h('summary', null, t('visit.when')),
			field({ name: 'visited_at', label: t('visit.visitedAt'), type: 'datetime-local', value: nowLocal(), hint: t('visit.visitedAtHint') })),
		h('div', { class: 'actions sticky-actions' },
			h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('visit.save'))));
	const draft = keepDraft(form, 'visit-' + id);

	onSubmit(form, async () => {
		const body = { household_id: Number(id), channel: form.querySelector('input[name=channel]:checked')?.value || 'home' };
		const met = checkedValues(form, 'residents_met').map(Number);
		if (met.length) body.residents_met = met;
		for (const [name] of NOTES) if (form[name].value.trim()) body[name] = form[name].value.trim();
		const sv = checkedValues(form, 'services');
		if (sv.length) body.services = sv;
		if (form.follow_up_on.value) body.follow_up_on = form.follow_up_on.value;
		const at = form.visited_at.value;
		// only send a time when it was changed by hand (the server's now is better)
		if (at && Math.abs(new Date(localToISO(at)) - Date.now()) > 5 * 60000) body.visited_at = localToISO(at);
		// issue 18: through the outbox, with its idempotency key from this tap on
		const r = await submit({ method: 'POST', path: '/api/v1/visits', body, kind: 'visit', label: hh.address, fix: `#/households/${id}/visit`, draftKey: 'visit-' + id, draft: draft.snapshot() });
		draft.clear();
		toast(r.queued ? t('outbox.queued') : t('visit.saved'), r.queued ? 'warn' : 'ok');
		form.replaceWith(await afterVisit(hh, r.value, !!r.queued));
	}, { residents_met: 'residents_met' });

	return h('section', { class: 'visit-page' },
		pageTitle(t('visit.title')),
		h('p', { class: 'lead' }, h('a', { href: `#/households/${id}` }, hh.address)),
		draft.had() ? h('p', { class: 'notice' }, t('visit.draftRestored')) : null,
		form);
}

async function afterVisit(hh, v, queued) {
	let next = null;
	try {
		// the server's walking order says where next (issue 18: `next` after this one); else the plan's first other
		const plan = await get('/api/v1/me/plan' + qs({ after: hh.id })).catch(() => get('/api/v1/me/plan' + qs({ date: todayISO() })));
		next = plan.items.find((i) => i.household_id === plan.next && i.household_id !== hh.id) || plan.items.find((i) => i.household_id !== hh.id) || null;
	} catch { /* no plan: fine */ }
	return h('div', { class: 'card done' + (queued ? ' queued' : ''), role: 'status' },
		h('h2', null, queued ? t('outbox.queuedTitle') : t('visit.savedTitle')),
		h('p', null, queued ? t('outbox.queuedText', { a: hh.address }) : t('visit.savedText', { a: hh.address })),
		h('div', { class: 'actions' },
			// a visit not sent yet has no number to tie an issue to: the issue is the household's
			h('a', { href: `#/households/${hh.id}/issue${queued ? '' : qs({ visit_id: v.id })}`, class: 'btn btn-primary' }, t('issue.fromVisit')),
			next ? h('a', { href: `#/households/${next.household_id}`, class: 'btn' }, t('visit.next', { a: next.address })) : null,
			h('a', { href: '#/plan', class: 'btn btn-quiet' }, t('plan.back'))));
}
