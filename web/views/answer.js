// A survey's questions as a form, for the door (surveys.js) and the
// resident (public.js); and pages.css, the issue 17 pages' styles.

import { h, nextId } from '../ui.js';
import { w } from './words.js';

/** Adds /pages.css once (kept out of the shell's style.css). */
export function pagesCss() {
	if (document.getElementById('pages-css')) return;
	document.head.append(h('link', { rel: 'stylesheet', href: '/pages.css', id: 'pages-css' }));
}

function questionField(q, i) {
	const id = nextId('q' + i);
	const errId = id + '-err';
	const legend = h('legend', { id: id + '-q' }, `${i + 1}. ${q.text}`, q.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
	let body;
	if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'rating') {
		const opts = q.kind === 'rating' ? [1, 2, 3, 4, 5].map((n) => [String(n), w('sv.ratingLabel', { n })]) : q.options.map((o) => [o, o]);
		body = h('div', { class: 'choice-list' + (q.kind === 'rating' ? ' rating' : '') }, opts.map(([v, l], k) => h('span', { class: 'choice' },
			h('input', { type: q.kind === 'multiple' ? 'checkbox' : 'radio', name: `q${i}`, id: `${id}-${k}`, value: v }),
			h('label', { for: `${id}-${k}` }, l))));
	} else if (q.kind === 'number') {
		body = h('input', { type: 'number', name: `q${i}`, id, inputmode: 'decimal', step: 'any', 'aria-labelledby': id + '-q', 'aria-describedby': errId });
	} else {
		body = h('textarea', { name: `q${i}`, id, rows: 3, maxlength: 2000, 'aria-labelledby': id + '-q', 'aria-describedby': errId });
	}
	return h('fieldset', { class: 'field choices chips sv-q', dataset: { field: `answers[${i}]` }, 'aria-describedby': errId },
		legend, body, h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }));
}

/** One value (or null) per question; null and marked when a required one is missing. */
export function readAnswers(form, questions) {
	let ok = true;
	const out = questions.map((q, i) => {
		const wrap = form.querySelector(`[data-field="answers[${i}]"]`);
		const slot = wrap.querySelector('.field-error');
		slot.textContent = '';
		wrap.classList.remove('has-error');
		let v = null;
		const checked = [...form.querySelectorAll(`input[name="q${i}"]:checked`)].map((x) => x.value);
		if (q.kind === 'multiple') v = checked.length ? checked : null;
		else if (q.kind === 'single') v = checked[0] ?? null;
		else if (q.kind === 'rating') v = checked.length ? Number(checked[0]) : null;
		else {
			const raw = form.elements[`q${i}`].value.trim();
			if (raw !== '') v = q.kind === 'number' ? Number(raw) : raw;
		}
		if (v === null && q.required) {
			ok = false;
			slot.textContent = w('sv.required');
			wrap.classList.add('has-error');
		}
		return v;
	});
	if (!ok) form.querySelector('.has-error input, .has-error textarea')?.focus();
	return ok ? out : null;
}

/** The form of QUESTIONS with a submit button labelled SUBMIT. */
export function answerForm(questions, submit) {
	return h('form', { class: 'sv-answer', novalidate: true },
		questions.map(questionField),
		h('p', { class: 'form-error', role: 'alert', hidden: true }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, submit)));
}
