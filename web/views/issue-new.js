// Taking in an issue (诉求受理): from a household page, from a visit just
// recorded, or at the counter.  One short form; the answer is the receipt
// number to give the resident.

import { t, enumLabel, categoryName } from '../i18n.js';
import { get, patch } from '../api.js';
import { submit } from '../outbox.js';
import { h, pageTitle, field, choiceGroup, onSubmit, formError, keepDraft, dl, timeEl, toast } from '../ui.js';
import { categories as loadCategories, areaName } from '../data.js';
import { qrCanvas } from '../qr.js';
import { w } from './words.js';
import { pagesCss } from './answer.js';

/**
 * The intake form.  ctx: {household (with members), resident_id, visit_id,
 * channel, committee_code, reporter: {name, phone}, onDone(issue)}.
 */
export async function issueForm(ctx) {
	const cats = (await loadCategories()).filter((c) => c.active !== false);
	const members = ctx.household ? (ctx.household.members || []).filter((m) => m.status === 'living') : [];
	const channels = ['office', 'visit', 'phone', 'online', 'hotline'];
	const form = h('form', { class: 'form issue-form', novalidate: true },
		formError(),
		field({ name: 'category', label: t('issue.category'), type: 'select', required: true, options: [['', t('choose')], ...cats.map((c) => [c.code, categoryName(c.code, c.name)])] }),
		field({ name: 'description', label: t('issue.description'), type: 'textarea', rows: 3, required: true, hint: t('issue.descriptionHint'), wide: true, attrs: { maxlength: 2000 } }),
		choiceGroup({ name: 'priority', legend: t('issue.priority'), type: 'radio', chips: true, options: [['normal', enumLabel('priority', 'normal')], ['urgent', enumLabel('priority', 'urgent')]], value: 'normal' }),
		choiceGroup({ name: 'channel', legend: t('issue.channel'), type: 'radio', chips: true, options: channels.map((c) => [c, enumLabel('issue_channel', c)]), value: ctx.channel || 'office' }),
		h('div', { class: 'hotline field-wide', hidden: ctx.channel !== 'hotline' },
			field({ name: 'hotline_no', label: t('issue.hotlineNo'), hint: t('issue.hotlineHint'), attrs: { maxlength: 40 } })),
		members.length ? field({ name: 'resident_id', label: t('issue.resident'), type: 'select', value: ctx.resident_id || '', options: [['', t('issue.noResident')], ...members.map((m) => [m.id, m.name])] }) : null,
		ctx.household ? null : field({ name: 'address', label: t('f.address'), hint: t('issue.addressHint'), attrs: { maxlength: 200 } }),
		h('div', { class: 'reporter field-wide' },
			field({ name: 'reporter_name', label: t('issue.reporterName'), value: ctx.reporter?.name || '', hint: members.length ? t('issue.reporterHint') : null, attrs: { maxlength: 50 } }),
			field({ name: 'reporter_phone', label: t('issue.reporterPhone'), type: 'tel', value: ctx.reporter?.phone || '', attrs: { maxlength: 30 } })),
		h('div', { class: 'actions field-wide' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('issue.submit'))));
	// the reporter is either a resident of the register or someone named here
	const reporter = form.querySelector('.reporter');
	const syncReporter = () => { reporter.hidden = !!(form.resident_id && form.resident_id.value); };
	if (form.resident_id) form.resident_id.addEventListener('change', syncReporter);
	const draftName = 'issue-' + (ctx.household?.id || ctx.committee_code || 'x') + (ctx.visit_id ? '-v' + ctx.visit_id : '');
	const draft = keepDraft(form, draftName);
	if (ctx.channel) {
		const r = form.querySelector(`input[name=channel][value="${ctx.channel}"]`);
		if (r) r.checked = true;
	}
	syncReporter();
	const hotline = form.querySelector('.hotline');
	hotline.hidden = form.querySelector('input[name=channel]:checked')?.value !== 'hotline';
	form.addEventListener('change', (ev) => {
		if (ev.target.name === 'channel') hotline.hidden = ev.target.value !== 'hotline';
	});
	onSubmit(form, async () => {
		const body = {
			category: form.category.value,
			description: form.description.value.trim(),
			channel: form.querySelector('input[name=channel]:checked')?.value || 'office',
			priority: form.querySelector('input[name=priority]:checked')?.value || 'normal',
		};
		if (ctx.household) body.household_id = ctx.household.id;
		else if (ctx.committee_code) body.committee_code = ctx.committee_code;
		if (form.resident_id && form.resident_id.value) body.resident_id = Number(form.resident_id.value);
		else if (ctx.resident_id && !members.length) body.resident_id = Number(ctx.resident_id);
		if (form.address && form.address.value.trim()) body.address = form.address.value.trim();
		if (body.channel === 'hotline' && form.hotline_no.value.trim()) body.hotline_no = form.hotline_no.value.trim();
		if (!reporter.hidden) {
			if (form.reporter_name.value.trim()) body.reporter_name = form.reporter_name.value.trim();
			if (form.reporter_phone.value.trim()) body.reporter_phone = form.reporter_phone.value.trim();
		}
		// an issue found on a visit recorded later counts from the visit
		if (ctx.visit && Date.now() - new Date(ctx.visit.visited_at).getTime() > 15 * 60000) body.received_at = ctx.visit.visited_at;
		if (!body.category) throw { status: 400, field: 'category', message: t('choose'), message_zh: t('choose') };
		// issue 18: through the outbox, with its idempotency key from this tap on
		const r = await submit({ method: 'POST', path: '/api/v1/issues', body, kind: 'issue', label: ctx.household ? ctx.household.address : (body.address || body.description.slice(0, 30)), fix: location.hash, draftKey: draftName, draft: draft.snapshot() });
		draft.clear();
		if (r.queued) {
			toast(t('outbox.queued'), 'warn');
			form.replaceWith(h('section', { class: 'card done queued', role: 'status' },
				h('h2', null, t('outbox.queuedTitle')), h('p', null, t('outbox.queuedIssue')),
				h('div', { class: 'actions' }, h('a', { href: '#/outbox', class: 'btn' }, t('outbox.title')), h('a', { href: '#/plan', class: 'btn btn-quiet' }, t('plan.back')))));
			return;
		}
		const issue = r.value;
		if (ctx.visit_id) {
			// tie the issue to the visit it came from (the visit's worker, within 24 hours)
			try {
				const v = await get(`/api/v1/visits/${ctx.visit_id}`);
				await patch(`/api/v1/visits/${ctx.visit_id}`, { issue_ids: [...(v.issue_ids || []), issue.id] });
			} catch { /* the issue stands on its own */ }
		}
		await ctx.onDone(issue);
	});
	return form;
}

/** Issue 17: what the printed receipt adds: the committee, what was
 * reported in short, and a QR code to the page where the resident follows
 * the issue with the receipt number and the phone's last four digits. */
function trackBlock(issue) {
	if (!issue.receipt_no) return null;
	pagesCss();
	const who = h('p', { class: 'receipt-committee' });
	const code = issue.committee_code || issue.area_code;
	if (code) areaName(code).then((name) => { who.textContent = w('trk.committeeLine', { name }); });
	const phone = h('p', { class: 'receipt-phone' });
	// the committee's phone (docs/notices.md), when one is set
	if (issue.committee_code) {
		get(`/api/v1/committees/${issue.committee_code}/phone`)
			.then((p) => { if (p.phone) phone.textContent = `${w('trk.phone')}：${p.phone}`; }).catch(() => {});
	}
	const short = (issue.description || '').length > 60 ? issue.description.slice(0, 60) + '…' : issue.description;
	const url = `${location.origin}/#/track?r=${encodeURIComponent(issue.receipt_no)}`;
	return h('div', { class: 'receipt-track' }, who, phone,
		short ? h('p', { class: 'receipt-summary' }, short) : null,
		qrCanvas(url, 120, w('trk.qr')),
		h('p', { class: 'small' }, w('trk.qr'), h('br'), h('span', { class: 'mono' }, url)));
}

/** The receipt to give the resident (printable). */
export function receipt(issue) {
	return h('section', { class: 'card receipt-card', role: 'status', 'aria-live': 'polite' },
		h('h2', null, t('issue.receiptTitle')),
		h('p', { class: 'receipt-no mono', id: 'receipt-no' }, issue.receipt_no || '#' + issue.id),
		dl([
			[t('issue.category'), categoryName(issue.category, issue.category_name)],
			[t('issue.createdAt'), timeEl(issue.created_at)],
			[t('issue.due'), issue.due_date],
			[t('issue.status'), enumLabel('issue_status', issue.status)],
		]),
		h('p', { class: 'muted' }, t('issue.receiptHint')),
		trackBlock(issue), // issue 17: the QR code of the resident's page
		h('div', { class: 'actions no-print' },
			h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, t('issue.print')),
			h('a', { href: `#/issues/${issue.id}`, class: 'btn btn-quiet' }, t('issue.openIt'))));
}

export async function issueNewView({ params, query, me }) {
	const hid = params.id || query.get('household_id');
	const visitId = query.get('visit_id');
	const [hh, visit] = await Promise.all([
		hid ? get(`/api/v1/households/${hid}`) : null,
		visitId ? get(`/api/v1/visits/${visitId}`).catch(() => null) : null,
	]);
	// the resident: as asked, else the one met on the visit, else the only one living there
	let residentId = query.get('resident_id');
	const living = hh ? (hh.members || []).filter((m) => m.status === 'living') : [];
	if (!residentId && visit && (visit.residents_met || []).length === 1) residentId = visit.residents_met[0];
	if (!residentId && living.length === 1) residentId = living[0].id;
	const wrap = h('div');
	const form = await issueForm({
		household: hh, resident_id: residentId, visit_id: visitId, visit,
		committee_code: hh ? null : (query.get('committee_code') || me.scope.find((s) => s.length === 12) || null),
		channel: visitId ? 'visit' : (hh ? 'visit' : 'office'),
		onDone: (issue) => wrap.replaceChildren(receipt(issue)),
	});
	wrap.append(form);
	return h('section', { class: 'issue-new' },
		pageTitle(visitId ? t('issue.fromVisit') : t('issue.new')),
		hh ? h('p', { class: 'lead' }, h('a', { href: `#/households/${hh.id}` }, hh.address)) : null,
		wrap);
}
