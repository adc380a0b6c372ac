// DOM helpers shared by the views: element building (text is always text,
// never HTML), form fields with labels and error slots, API errors shown
// next to their field, times in Asia/Shanghai.

import { t, lang, enumLabel } from './i18n.js';

/** Creates an element: h('a', {href, class, onclick}, child, …).  Strings
 * become text nodes; null/false children are skipped; arrays are flattened. */
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === undefined || v === null || v === false) continue;
			if (k === 'class') el.className = v;
			else if (k === 'dataset') Object.assign(el.dataset, v);
			else if (k === 'style') el.style.cssText = v; // CSSOM: allowed by the CSP, an attribute is not
			else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
			else if (k === 'value' && (tag === 'input' || tag === 'textarea' || tag === 'select')) el.value = v;
			else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'multiple' || k === 'required' || k === 'hidden' || k === 'open' || k === 'readOnly') el[k] = !!v;
			else el.setAttribute(k, v === true ? '' : String(v));
		}
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else if (c instanceof Node) el.appendChild(c);
		else el.appendChild(document.createTextNode(String(c)));
	}
}

let uid = 0;
/** A fresh element id. */
export function nextId(stem = 'f') {
	return `${stem}-${++uid}`;
}

/**
 * A labelled form field: {name, label, type (text, number, date, select,
 * textarea, checkbox, password, search, tel, datetime-local), value, options
 * ([[value, label]…]), required, hint, attrs}.  The error slot (filled by
 * showError) is tied to the control by aria-describedby.
 */
export function field(o) {
	const id = o.id || nextId(o.name || 'f');
	const errId = id + '-err';
	const hintId = o.hint ? id + '-hint' : null;
	const describedBy = [hintId, errId].filter(Boolean).join(' ');
	let control;
	const common = { id, name: o.name, 'aria-describedby': describedBy, required: o.required, ...(o.attrs || {}) };
	if (o.type === 'select') {
		control = h('select', common, (o.options || []).map(([v, l]) => h('option', { value: v, selected: String(o.value ?? '') === String(v) }, l)));
	} else if (o.type === 'textarea') {
		control = h('textarea', { ...common, rows: o.rows || 3 });
		control.value = o.value ?? '';
	} else if (o.type === 'checkbox') {
		control = h('input', { ...common, type: 'checkbox', checked: !!o.value });
		return h('div', { class: 'field field-check', dataset: { field: o.name } },
			control, h('label', { for: id }, o.label),
			o.hint && h('p', { class: 'hint', id: hintId }, o.hint),
			h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }));
	} else {
		control = h('input', { ...common, type: o.type || 'text' });
		if (o.value !== undefined && o.value !== null) control.value = o.value;
	}
	return h('div', { class: 'field' + (o.wide ? ' field-wide' : ''), dataset: { field: o.name } },
		h('label', { for: id }, o.label, o.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
		control,
		o.hint && h('p', { class: 'hint', id: hintId }, o.hint),
		h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }));
}

/** A group of checkboxes or radios in a fieldset with a legend:
 * {name, legend, type: checkbox|radio, options [[value, label]…], value (a
 * value or a list), chips (big tap targets)}. */
export function choiceGroup(o) {
	const id = nextId(o.name);
	const errId = id + '-err';
	const values = Array.isArray(o.value) ? o.value.map(String) : [String(o.value ?? '')];
	return h('fieldset', { class: 'field choices' + (o.chips ? ' chips' : ''), dataset: { field: o.name }, 'aria-describedby': errId },
		h('legend', null, o.legend),
		h('div', { class: 'choice-list' }, o.options.map(([v, l], i) => {
			const cid = `${id}-${i}`;
			return h('span', { class: 'choice' },
				h('input', { type: o.type || 'checkbox', name: o.name, id: cid, value: v, checked: values.includes(String(v)) }),
				h('label', { for: cid }, l));
		})),
		h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }));
}

/** The checked values of a checkbox group. */
export function checkedValues(form, name) {
	return [...form.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`)].map((i) => i.value);
}

// issue 18: codes whose server text is for programmers, in people's words (err.* in i18n-phone.js)
const OWN = { http_502: 'down', http_503: 'down', http_504: 'timeout' };

/** The message of an error in the UI language: never an exception's text,
 * nor the field's name the server puts first ("household_id：…"). */
export function errorText(err) {
	if (!err) return '';
	const own = t('err.' + (OWN[err.code] || err.code));
	if (!own.startsWith('err.')) return own;
	if (typeof err !== 'object' || !('status' in err || err.message_zh)) return t('err.unexpected');
	const msg = (lang() === 'zh' && err.message_zh) || err.message || t('err.unexpected');
	return err.field && msg.startsWith(err.field) ? msg.slice(err.field.length).replace(/^\s*[:：]\s*/, '') : msg;
}

/** Clears the errors shown in FORM. */
export function clearErrors(form) {
	for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
	for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
	for (const f of form.querySelectorAll('.field.has-error')) f.classList.remove('has-error');
	const top = form.querySelector('.form-error');
	if (top) {
		top.textContent = '';
		top.hidden = true;
	}
}

/**
 * Shows ERR (an ApiError) in FORM: next to the field it names (a control
 * with that name, or a [data-field] wrapper), else at the top of the form.
 * FIELDMAP renames API fields to form names.  Focuses the field.
 */
export function showError(form, err, fieldMap = {}) {
	clearErrors(form);
	const msg = errorText(err);
	const name = err && err.field ? (fieldMap[err.field] || err.field) : null;
	let wrap = null;
	if (name) wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
	if (wrap) {
		wrap.classList.add('has-error');
		const slot = wrap.querySelector('.field-error');
		// named as the form names the field
		const lab = wrap.querySelector('label, legend')?.textContent.replace(/\s*\*$/, '');
		slot.textContent = lab && !msg.includes(lab) ? `${lab}${lang() === 'zh' ? '：' : ': '}${msg}` : msg;
		const ctl = wrap.querySelector('input, select, textarea');
		if (ctl) {
			ctl.setAttribute('aria-invalid', 'true');
			ctl.focus();
		}
		return;
	}
	let top = form.querySelector('.form-error');
	if (!top) {
		top = h('p', { class: 'form-error', role: 'alert' });
		form.prepend(top);
	}
	top.hidden = false;
	top.textContent = msg;
	// by the save button (in its sticky bar), not under the sticky top bar (issue 18)
	const btn = form.querySelector('button[type=submit]');
	if (btn) btn.closest('.actions')?.prepend(top) ?? btn.before(top);
	top.scrollIntoView?.({ block: 'nearest' });
}

/** A form-level error paragraph (role alert), hidden until used. */
export function formError() {
	return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

/**
 * Runs ACTION (async) when FORM is submitted, with the submit button
 * disabled meanwhile; an ApiError is shown in the form (see showError).
 */
export function onSubmit(form, action, fieldMap) {
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const btns = form.querySelectorAll('button[type=submit]');
		btns.forEach((b) => { b.disabled = true; });
		clearErrors(form);
		try {
			await action(ev);
		} catch (err) {
			if (err && err.status === 401 && err.code !== 'invalid_credentials') return; // going to the login page
			if (!(err && 'status' in err)) console.error(err);
			showError(form, err, fieldMap);
		} finally {
			btns.forEach((b) => { b.disabled = false; });
		}
	});
	return form;
}

/** A short message in the banner (role status) that goes away by itself. */
export function toast(msg, kind = 'ok') {
	const b = document.getElementById('banner');
	b.replaceChildren(h('p', { class: 'toast toast-' + kind, role: kind === 'error' ? 'alert' : null }, msg));
	clearTimeout(toast.timer);
	toast.timer = setTimeout(() => b.replaceChildren(), 6000);
}

/** An error box for a view that could not load. */
export function errorBox(err) {
	return h('div', { class: 'error-box', role: 'alert' }, h('p', null, errorText(err)));
}

// --- time, Asia/Shanghai --------------------------------------------------------

const TZ = 'Asia/Shanghai';
const fmtCache = new Map();
function fmt(key, opts) {
	const k = lang() + key;
	if (!fmtCache.has(k)) fmtCache.set(k, new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: TZ, ...opts }));
	return fmtCache.get(k);
}

/** An RFC 3339 time as "2026-11-23 09:05" in Asia/Shanghai. */
export function dateTime(iso) {
	if (!iso) return '—';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const p = Object.fromEntries(fmt('dt', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
		.formatToParts(d).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A `<time>` element for an RFC 3339 time. */
export function timeEl(iso) {
	return h('time', { datetime: iso || '' }, dateTime(iso));
}

/** Today (or NOW) in Asia/Shanghai as YYYY-MM-DD. */
export function todayISO(now = new Date()) {
	const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
		.formatToParts(now).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day}`;
}

/** DATE (YYYY-MM-DD) plus N days. */
export function addDays(date, n) {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** A date "2026-11-23" as "11月23日 周一" / "Mon 23 Nov". */
export function longDate(date) {
	const d = new Date(date + 'T12:00:00+08:00');
	return fmt('ld', { month: 'long', day: 'numeric', weekday: 'short' }).format(d);
}

/** A datetime-local input value (Asia/Shanghai) as RFC 3339. */
export function localToISO(v) {
	if (!v) return null;
	return new Date(v + (v.length === 16 ? ':00' : '') + '+08:00').toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Now as a datetime-local value in Asia/Shanghai. */
export function nowLocal() {
	return dateTime(new Date().toISOString()).replace(' ', 'T');
}

/** A percent with one decimal, or — */
export function pct(x) {
	return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(Math.round(x * 10) / 10).toFixed(1)}%`;
}

// --- small pieces ------------------------------------------------------------------

/** Tag chips for a list of tags (names or {name, category, derived}). */
export function tagChips(tags) {
	if (!tags || !tags.length) return null;
	return h('ul', { class: 'tags', 'aria-label': t('tags') }, tags.map((tg) => {
		const name = typeof tg === 'string' ? tg : tg.name;
		const cat = typeof tg === 'string' ? '' : tg.category;
		return h('li', { class: 'tag tag-' + (cat || 'x') }, name);
	}));
}

/** A status badge for an enumeration value. */
export function badge(kind, value, extra = '') {
	return h('span', { class: `badge badge-${kind}-${value} ${extra}` }, enumLabel(kind, value));
}

/** A page heading; the router focuses it after a navigation. */
export function pageTitle(text, ...extra) {
	return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, text), ...extra);
}

/** A key-value description list from [[label, value]…] (null values skipped). */
export function dl(pairs) {
	return h('dl', { class: 'kv' }, pairs.filter((p) => p && p[1] !== undefined).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === '' ? '—' : v)]));
}

/** A "load more" button that calls MORE() and hides itself when it answers false. */
export function moreButton(more) {
	const b = h('button', {
		type: 'button', class: 'btn btn-quiet more', onclick: async () => {
			b.disabled = true;
			const again = await more();
			b.disabled = false;
			if (!again) b.remove();
		},
	}, t('more'));
	return b;
}

/** Triggers a download of TEXT as FILENAME. */
export function download(filename, text, type = 'text/csv;charset=utf-8') {
	const blob = new Blob([text], { type });
	const a = h('a', { href: URL.createObjectURL(blob), download: filename });
	document.body.appendChild(a);
	a.click();
	setTimeout(() => {
		URL.revokeObjectURL(a.href);
		a.remove();
	}, 1000);
}

/** Rows as CSV text with a byte-order mark (Excel reads UTF-8 then). */
export function toCSV(rows) {
	const cell = (v) => {
		const s = v === null || v === undefined ? '' : String(v);
		return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
	};
	return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

// drafts are per user (issue 18): web/offline.js sets the owner
let draftOwner = 'x';
export const setDraftOwner = (id) => { draftOwner = id ?? 'x'; };
export const draftKey = (key) => `sibai.draft.${draftOwner}.${key}`;

/** Saves and restores a form's draft in localStorage (KEY), so that an
 * expired session or a lost connection does not lose what was typed. */
export function keepDraft(form, key) {
	const k = draftKey(key);
	try {
		const saved = JSON.parse(localStorage.getItem(k) || 'null');
		if (saved) {
			for (const [name, v] of Object.entries(saved)) {
				const els = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
				for (const el of els) {
					if (el.type === 'checkbox' || el.type === 'radio') el.checked = Array.isArray(v) ? v.includes(el.value) : el.value === v;
					else el.value = v;
				}
			}
		}
	} catch { /* a broken draft is ignored */ }
	const save = () => {
		const o = {};
		for (const el of form.elements) {
			if (!el.name || el.type === 'file' || el.type === 'password') continue;
			if (el.type === 'checkbox') {
				o[el.name] = o[el.name] || [];
				if (el.checked) o[el.name].push(el.value);
			} else if (el.type === 'radio') {
				if (el.checked) o[el.name] = el.value;
			} else o[el.name] = el.value;
		}
		try { localStorage.setItem(k, JSON.stringify(o)); } catch { /* full or blocked */ }
	};
	form.addEventListener('input', save);
	form.addEventListener('change', save);
	// snapshot: the form as typed, kept with an outbox entry for "fix"
	return { clear: () => localStorage.removeItem(k), had: () => localStorage.getItem(k) !== null, snapshot: () => (save(), JSON.parse(localStorage.getItem(k))) };
}
