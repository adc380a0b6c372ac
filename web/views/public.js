// The residents' pages, no login (issue 17): a survey by its one-time link
// (#/s/TOKEN), an issue's progress by receipt and phone (#/track).  Large
// type, Chinese first; what cannot be shown is said in words.

import { get, post } from '../api.js';
import { h, onSubmit, dl, dateTime } from '../ui.js';
import { enumLabel, categoryName } from '../i18n.js';
import { w } from './words.js';
import { answerForm, readAnswers, pagesCss } from './answer.js';

/** The words for an error of a link or lookup. */
function why(err) {
	if (!err || err.status === 0) return w('pub.offline');
	if (err.status === 429) return w('pub.busy');
	if (err.status === 404) return w('pub.unknown');
	// 409 for every reason; the English message tells which
	if (err.status === 409) return /used|answered/.test(err.message || '') ? w('pub.used') : w('pub.expired');
	return w('pub.offline');
}

/** #/s/TOKEN: the survey of a one-time link. */
export async function residentSurveyView({ params }) {
	pagesCss();
	const page = h('section', { class: 'resident-page' });
	let s;
	try {
		s = await get(`/api/v1/survey-links/${encodeURIComponent(params.token)}`);
	} catch (err) {
		page.append(h('h1', { tabindex: '-1' }, w('pub.survey')), h('p', { class: 'pub-note', role: 'alert' }, why(err)));
		return page;
	}
	const form = answerForm(s.questions, w('pub.submit'));
	onSubmit(form, async () => {
		const answers = readAnswers(form, s.questions);
		if (!answers) {
			const top = form.querySelector('.form-error');
			top.hidden = false;
			top.textContent = w('pub.fixBelow');
			return;
		}
		try {
			await post(`/api/v1/survey-links/${encodeURIComponent(params.token)}`, { answers });
		} catch (err) {
			if (err.status === 400 && err.field) throw err; // shown next to its question
			page.replaceChildren(h('h1', { tabindex: '-1' }, s.title), h('p', { class: 'pub-note', role: 'alert' }, why(err)));
			return;
		}
		page.replaceChildren(h('h1', { tabindex: '-1' }, s.title), h('p', { class: 'pub-done', role: 'status' }, w('pub.thanks')), h('p', null, w('pub.thanksMore')));
		page.querySelector('h1').focus();
	});
	page.append(...[h('h1', { tabindex: '-1' }, s.title),
		s.description ? h('p', { class: 'pub-desc' }, s.description) : null,
		s.closes_on ? h('p', { class: 'muted' }, w('sv.validUntil', { d: s.closes_on })) : null,
		form].filter(Boolean));
	return page;
}

/** #/track?r=RECEIPT: an issue's progress. */
export async function trackView({ query }) {
	pagesCss();
	const out = h('div', { id: 'track-result', 'aria-live': 'polite' });
	const form = h('form', { class: 'track-form', novalidate: true },
		h('div', { class: 'field', dataset: { field: 'receipt_no' } },
			h('label', { for: 'trk-receipt' }, w('trk.receipt')),
			h('input', { id: 'trk-receipt', name: 'receipt_no', value: query.get('r') || '', autocomplete: 'off', maxlength: 40, 'aria-describedby': 'trk-receipt-err', class: 'mono' }),
			h('p', { class: 'field-error', id: 'trk-receipt-err', 'aria-live': 'polite' })),
		h('div', { class: 'field', dataset: { field: 'phone_last4' } },
			h('label', { for: 'trk-last4' }, w('trk.last4')),
			h('input', { id: 'trk-last4', name: 'phone_last4', inputmode: 'numeric', maxlength: 4, autocomplete: 'off', 'aria-describedby': 'trk-last4-err', 'data-autofocus': query.get('r') ? '' : null }),
			h('p', { class: 'field-error', id: 'trk-last4-err', 'aria-live': 'polite' })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, w('trk.go'))));
	const fail = (field, text) => {
		const e = new Error(text);
		Object.assign(e, { status: 400, field, message_zh: text });
		return e;
	};
	onSubmit(form, async () => {
		out.replaceChildren();
		const receipt = form.elements.receipt_no.value.trim();
		const last4 = form.elements.phone_last4.value.trim();
		if (!receipt) throw fail('receipt_no', w('trk.needReceipt'));
		if (!/^[0-9]{4}$/.test(last4)) throw fail('phone_last4', w('trk.needLast4'));
		let r;
		try {
			r = await post('/api/v1/receipt-lookup', { receipt_no: receipt, phone_last4: last4 });
		} catch (err) {
			if (err.status === 404) throw fail('receipt_no', w('trk.notFound'));
			if (err.status === 400) throw fail(err.field === 'phone_last4' ? 'phone_last4' : 'receipt_no', err.field === 'phone_last4' ? w('trk.needLast4') : w('trk.needReceipt'));
			throw fail(null, why(err));
		}
		out.replaceChildren(h('section', { class: 'card track-card' },
			h('h2', null, h('span', { class: 'mono' }, r.receipt_no)),
			h('p', { class: 'track-status' }, enumLabel('issue_status', r.status)),
			r.overdue ? h('p', { class: 'pub-note' }, w('trk.overdue')) : null,
			dl([
				[w('trk.category'), categoryName(r.category)],
				[w('trk.level'), enumLabel('issue_level', r.level)],
				[w('trk.due'), r.due_date],
				[w('trk.received'), dateTime(r.received_at)],
				r.resolved_at ? [w('trk.resolved'), dateTime(r.resolved_at)] : null,
				r.committee_name ? [w('trk.committee'), r.committee_name] : null,
				r.committee_phone ? [w('trk.phone'), r.committee_phone] : null,
			].filter(Boolean))));
	});
	return h('section', { class: 'resident-page' }, h('h1', { tabindex: '-1' }, w('trk.title')), h('p', null, w('trk.intro')), form, out);
}
