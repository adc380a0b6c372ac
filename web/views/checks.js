// The checking list (核查; docs/checking.md): a street's or a head's upload
// of population data sent down, the batches with their progress per
// committee, a committee's items marked at the door (on a phone), a head's
// acceptance of the rest; and the mapping step shared with the import view
// (a preview of the first rows, a field chosen per column, remembered).

import { t, enumLabel } from '../i18n.js';
import '../i18n-checks.js';
import { get, api, patch, post, put, qs } from '../api.js';
import { h, pageTitle, field, onSubmit, formError, toast, timeEl, errorText, nextId, moreButton } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { areaName } from '../data.js';
import { fieldLabel } from './resident.js';


/** Adds /checks.css once (kept out of the shell's style.css). */
function checksCss() {
	if (document.getElementById('checks-css')) return;
	document.head.append(h('link', { rel: 'stylesheet', href: '/checks.css', id: 'checks-css' }));
}
checksCss();

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileType = (file) => (/\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv');
const FIELDS = ['compound', 'building', 'room', 'floor', 'name', 'gender', 'birth_date', 'id_number', 'phone',
	'relation', 'residence_kind', 'work', 'work_background', 'health', 'hobbies', 'skills', 'party_member',
	'lives_here', 'registered_here', 'owns', 'status', 'status_date', 'tags'];
const STATES = ['confirmed', 'not_found', 'moved_away', 'corrected'];

/**
 * The mapping step: previews FILE for AREA and shows a select per column,
 * filled with the remembered mapping, else the detected field ("ignore" for
 * an unknown column).  {committee}: the 居委会 column may be chosen (a
 * checking file).  Returns {el, ready (a promise), mapping() → the object or
 * null before the preview, remember() → saves it for AREA}.
 */
export function mappingStep(file, area, { committee = false } = {}) {
	const el = h('div', { class: 'card mapping', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('map.reading')));
	let selects = [];
	const choices = [['ignore', t('map.ignore')], ...(committee ? [['committee', t('f.committee')]] : []), ...FIELDS.map((f) => [f, fieldLabel(f)])];
	const ready = (async () => {
		const p = await api('POST', '/api/v1/imports/preview' + qs({ area }), undefined, { raw: await file.arrayBuffer(), type: fileType(file) });
		const known = new Set(choices.map(([v]) => v));
		const rows = p.rows || [];
		selects = p.columns.map((c) => {
			const id = nextId('map');
			let v = p.remembered?.mapping?.[c.header] ?? c.field ?? 'ignore';
			if (!known.has(v)) v = 'ignore';
			const sel = h('select', { id, dataset: { header: c.header }, 'aria-label': t('map.fieldOf', { h: c.header }) },
				choices.map(([value, label]) => h('option', { value, selected: value === v }, label)));
			const sample = rows.map((r) => r[c.column - 1]).filter((x) => x).slice(0, 3).join('、');
			return { c, sel, sample };
		});
		el.replaceChildren(...[
			h('h3', null, t('map.title')),
			h('p', { class: 'hint' }, p.header_found ? t('map.intro') : t('map.noHeader')),
			p.remembered ? h('p', { class: 'muted' }, t('map.remembered', { who: p.remembered.updated_by_name || '' })) : null,
			h('ul', { class: 'mapping-list' }, selects.map(({ c, sel, sample }) => h('li', { class: 'mapping-row' },
				h('span', { class: 'mapping-header' }, c.header),
				sel,
				sample ? h('span', { class: 'muted mapping-sample' }, sample) : null)))].filter(Boolean));
	})().catch((err) => { el.replaceChildren(h('p', { class: 'field-error' }, errorText(err))); throw err; });
	ready.catch(() => {});
	const mapping = () => (selects.length ? Object.fromEntries(selects.map(({ c, sel }) => [c.header, sel.value])) : null);
	const remember = async () => {
		const m = mapping();
		if (m) await put('/api/v1/import-mappings', { area, mapping: m }).catch(() => {});
	};
	return { el, ready, mapping, remember };
}

// --- the list of batches ---------------------------------------------------------

function countsLine(c) {
	return h('p', { class: 'check-counts' }, t('chk.counts', c));
}

function progressList(b) {
	return h('ul', { class: 'check-progress' }, b.committees.map((c) => h('li', { dataset: { committee: c.committee_code } },
		h('strong', null, c.name), ' ', h('span', { class: 'muted' }, t('chk.kinds', c)), countsLine(c))));
}

export async function checksView() {
	const list = await get('/api/v1/checks' + qs({ limit: 50 }));
	const report = h('div', { 'aria-live': 'polite' });
	let upload = null;
	if (atLeast('committee_head')) {
		const scope = session.me.scope || [];
		const names = await Promise.all(scope.map((c) => areaName(c)));
		const slot = h('div', { class: 'field-wide' });
		let step = null;
		const form = h('form', { class: 'form grid-form card', novalidate: true },
			h('h2', { class: 'field-wide' }, t('chk.upload')),
			formError(),
			field({ name: 'area', label: t('chk.area'), type: 'select', value: scope[0] || '', options: scope.map((c, i) => [c, names[i]]) }),
			field({ name: 'file', label: t('chk.file'), type: 'file', required: true, hint: t('chk.fileHint'), attrs: { accept: '.csv,.xlsx,text/csv,' + XLSX_TYPE } }),
			slot,
			field({ name: 'dry_run', label: t('chk.dryRun'), type: 'checkbox', value: false }),
			h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('chk.go'))));
		const preview = () => {
			const file = form.file.files[0];
			step = file ? mappingStep(file, form.area.value, { committee: true }) : null;
			slot.replaceChildren(step ? step.el : '');
		};
		form.file.addEventListener('change', preview);
		form.area.addEventListener('change', preview);
		onSubmit(form, async () => {
			const file = form.file.files[0];
			if (!file) throw { status: 400, field: 'file', message: t('chk.noFile'), message_zh: t('chk.noFile') };
			if (step) await step.ready.catch(() => {});
			const m = step?.mapping();
			const r = await api('POST', '/api/v1/checks' + qs({
				area: form.area.value, dry_run: form.dry_run.checked ? 'true' : '', file_name: file.name, mapping: m ? JSON.stringify(m) : '',
			}), undefined, { raw: await file.arrayBuffer(), type: fileType(file) });
			if (step) await step.remember();
			report.replaceChildren(h('div', { class: 'card' },
				h('p', null, t('chk.report', r)),
				r.check ? h('a', { href: `#/checks/${r.check.id}`, class: 'btn btn-primary' }, t('chk.open')) : null));
			if (r.check) toast(t('chk.made'));
		}, { file: 'file', area: 'area', mapping: 'file' });
		upload = form;
	}
	return h('section', { class: 'checks' },
		pageTitle(t('chk.title')),
		h('p', { class: 'muted' }, t('chk.intro')),
		upload, report,
		list.items.length ? h('ol', { class: 'check-batches' }, list.items.map((b) => h('li', { class: 'card check-batch' },
			h('h2', null, h('a', { href: `#/checks/${b.id}` }, b.file_name || b.area_name)),
			h('p', { class: 'muted' }, t('chk.batch', { file: b.area_name, who: b.created_by_name || '' }), ' · ', timeEl(b.created_at)),
			countsLine(b),
			progressList(b))))
			: h('p', { class: 'empty' }, t('chk.none')));
}

// --- items -------------------------------------------------------------------------

// the enumerated fields, shown by their Chinese (or English) names
const ENUM_OF = { gender: 'gender', relation: 'relation', residence_kind: 'residence_kind', status: 'resident_status' };

function shown(v, k) {
	if (v === null || v === undefined || v === '') return '—';
	if (v === true) return t('yes');
	if (v === false) return t('no');
	if (ENUM_OF[k]) return enumLabel(ENUM_OF[k], String(v));
	return String(v);
}

/** One item, with its mark buttons while open; ONCHANGE after a mark. */
export function itemCard(it, onchange) {
	const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
	const noteId = nextId('note');
	const note = h('input', { id: noteId, name: 'note', type: 'text', maxlength: 500 });
	const changes = it.changes ? Object.entries(it.changes) : [];
	const card = h('li', { class: `check-item card kind-${it.kind} state-${it.state}`, dataset: { item: String(it.id) } },
		h('p', { class: 'check-item-head' },
			h('span', { class: `badge check-kind` }, t('chk.kind.' + it.kind)), ' ',
			it.resident_id ? h('a', { href: `#/residents/${it.resident_id}` }, it.name) : h('strong', null, it.name),
			' ', h('span', { class: 'muted' }, it.address)),
		changes.length ? h('ul', { class: 'check-changes' }, changes.map(([k, v]) => h('li', null,
			h('span', { class: 'muted' }, fieldLabel(k), '：'), h('del', null, shown(v.old, k)), ' → ', h('ins', null, shown(v.new, k))))) : null,
		it.kind === 'new' && it.proposed ? h('p', { class: 'muted' }, Object.entries(it.proposed).filter(([k]) => k !== 'name')
			.map(([k, v]) => `${fieldLabel(k)} ${shown(v, k)}`).join(' · ')) : null,
		it.state === 'open'
			? h('div', { class: 'check-mark' },
				h('div', { class: 'field' }, h('label', { for: noteId }, t('chk.note')), note),
				h('div', { class: 'actions' }, STATES.filter((s) => s !== 'moved_away' || it.kind === 'missing').map((s) => h('button', {
					type: 'button', class: 'btn btn-small' + (s === 'confirmed' ? ' btn-primary' : ''),
					onclick: async (ev) => {
						ev.target.disabled = true;
						try {
							const done = await patch(`/api/v1/check-items/${it.id}`, { state: s, note: note.value.trim() || null });
							card.replaceWith(itemCard(done, onchange));
							toast(t('chk.state.' + s));
							if (onchange) onchange(done);
						} catch (e) {
							ev.target.disabled = false;
							err.textContent = errorText(e);
						}
					},
				}, t('chk.mark.' + s)))), err)
			: h('p', { class: 'check-marked' }, h('span', { class: 'badge' }, t('chk.state.' + it.state)), ' ',
				it.marked_by_name || '', ' ', it.marked_at ? timeEl(it.marked_at) : '', it.note ? ` · ${it.note}` : ''));
	return card;
}

export async function checkView({ params, query }) {
	const id = params.id;
	const b = await get(`/api/v1/checks/${id}`);
	const committee = query.get('committee_code') || (b.committees.length === 1 ? b.committees[0].committee_code : '');
	const state = query.get('state') ?? 'open';
	const page = (cursor) => get(`/api/v1/checks/${id}/items` + qs({ committee_code: committee, state, limit: 100, cursor }));
	const r = await page();
	const progress = h('div', null, countsLine(b), progressList(b));
	const refresh = async () => {
		const nb = await get(`/api/v1/checks/${id}`).catch(() => null);
		if (nb) progress.replaceChildren(countsLine(nb), progressList(nb));
	};
	const list = h('ul', { class: 'check-items' }, r.items.map((it) => itemCard(it, refresh)));
	let cursor = r.next_cursor;
	const filter = h('form', { class: 'form grid-form card filters' },
		field({ name: 'committee_code', label: t('chk.committee'), type: 'select', value: committee, options: [['', t('chk.allStates')], ...b.committees.map((c) => [c.committee_code, c.name])] }),
		field({ name: 'state', label: t('chk.state'), type: 'select', value: state, options: [['', t('chk.allStates')], ['open', t('chk.state.open')], ...STATES.map((s) => [s, t('chk.state.' + s)])] }));
	filter.addEventListener('change', () => go(`#/checks/${id}` + qs({ committee_code: filter.committee_code.value, state: filter.state.value })));
	const accept = atLeast('committee_head') && committee
		? h('button', {
			type: 'button', class: 'btn', onclick: async (ev) => {
				if (!window.confirm(t('chk.acceptAsk'))) return;
				ev.target.disabled = true;
				try {
					const a = await post(`/api/v1/checks/${id}/accept`, { committee_code: committee });
					toast(t('chk.accepted', { n: a.accepted }));
					go(`#/checks/${id}` + qs({ committee_code: committee, state }));
				} catch (e) {
					ev.target.disabled = false;
					toast(errorText(e), 'error');
				}
			},
		}, t('chk.accept'))
		: null;
	return h('section', { class: 'check' },
		pageTitle(b.file_name || b.area_name),
		h('p', { class: 'muted' }, t('chk.batch', { file: b.area_name, who: b.created_by_name || '' }), ' · ', timeEl(b.created_at)),
		h('section', { class: 'card' }, h('h2', null, t('chk.progress')), progress),
		filter,
		accept ? h('div', { class: 'actions' }, accept) : null,
		h('h2', null, t('chk.items')),
		r.items.length ? list : h('p', { class: 'empty' }, t('chk.noItems')),
		r.next_cursor ? moreButton(async () => {
			const n = await page(cursor);
			list.append(...n.items.map((it) => itemCard(it, refresh)));
			cursor = n.next_cursor;
			return !!cursor;
		}) : null);
}

/** The household page's open checking items, into EL (nothing when none). */
export async function householdChecks(householdId, el) {
	const r = await get('/api/v1/check-items' + qs({ household_id: householdId, state: 'open', limit: 50 }));
	if (!r.items.length) return;
	el.replaceChildren(h('section', { class: 'card household-checks' }, h('h2', null, t('chk.household')),
		h('ul', { class: 'check-items' }, r.items.map((it) => itemCard(it)))));
}
