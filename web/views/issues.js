// The issues board (解百家忧): queues by level and status for the user's
// jurisdiction, overdue first; the issue page with its timeline and the
// steps the user may take (accept, assign, escalate with a reason, hand
// back, resolve, feedback, reopen, close, notes).

import { t, enumLabel, categoryName } from '../i18n.js';
import { get, post, patch, qs } from '../api.js';
import { h, pageTitle, dl, timeEl, field, choiceGroup, onSubmit, formError, toast, badge, moreButton, errorText } from '../ui.js';
import { go, session, atLeast } from '../app.js';
import { categories as loadCategories, committees as loadCommittees } from '../data.js';
import { attachmentsSection } from './attachments.js';

let availableP = null;
/** Whether the server has the issues API (it answers 404 before it lands). */
export function issuesAvailable() {
	if (!availableP) {
		availableP = get('/api/v1/issues?limit=1').then(() => true, (err) => {
			availableP = null;
			if (err.status === 401) throw err;
			return false;
		});
	}
	return availableP;
}

const OPEN = ['received', 'accepted', 'in_progress', 'reopened'];
const LEVELS = ['committee', 'street', 'district'];
const LEVEL_OF_ROLE = { worker: 'committee', committee_head: 'committee', street: 'street', district: 'district' };

/** The level the user works at (null for an admin: every level). */
export function myLevel() {
	return LEVEL_OF_ROLE[session.me?.role] || null;
}

/** A compact list of issues (links to their pages). */
export function issueList(items) {
	return h('ul', { class: 'issue-list' }, items.map(issueItem));
}

function issueItem(i) {
	return h('li', { class: 'issue-item' + (i.overdue ? ' overdue' : ''), dataset: { id: i.id } },
		h('a', { href: `#/issues/${i.id}`, class: 'issue-link' },
			h('span', { class: 'issue-top' },
				h('span', { class: 'receipt mono' }, i.receipt_no || '#' + i.id),
				badge('issue_status', i.status),
				badge('issue_level', i.level),
				i.priority === 'urgent' ? badge('priority', 'urgent') : null,
				i.overdue ? h('span', { class: 'badge badge-overdue' }, t('issue.overdue')) : null),
			h('span', { class: 'issue-cat' }, categoryName(i.category, i.category_name)),
			h('span', { class: 'issue-desc' }, i.description.length > 80 ? i.description.slice(0, 80) + '…' : i.description),
			h('span', { class: 'issue-meta muted' }, [i.address, t('issue.dueOn', { d: i.due_date }), i.assignee_name ? t('issue.assignedTo', { n: i.assignee_name }) : null].filter(Boolean).join(' · '))));
}

export async function issuesView({ query }) {
	const level = query.get('level') || myLevel() || 'committee';
	const status = query.get('status') || 'open';
	const overdue = query.get('overdue') === 'true';
	const mine = query.get('mine') === 'true';
	const receipt = query.get('receipt_no') || '';
	const base = { level, status: status === 'all' ? '' : status, overdue: overdue ? 'true' : '', assignee_id: mine ? 'me' : '', receipt_no: receipt };
	const link = (o) => '#/issues' + qs({ level, status, overdue: overdue ? 'true' : '', mine: mine ? 'true' : '', ...o });

	const [page, levelCounts, statusCounts] = await Promise.all([
		get('/api/v1/issues' + qs({ ...base, sort: 'due', limit: 50 })),
		Promise.all(LEVELS.map((l) => get('/api/v1/issues' + qs({ level: l, status: 'open', limit: 1 })).then((r) => r.total, () => null))),
		Promise.all(['open', ...OPEN, 'resolved', 'closed'].map((s) => get('/api/v1/issues' + qs({ level, status: s, limit: 1 })).then((r) => r.total, () => null))),
	]);

	const levelTabs = h('nav', { class: 'tabs', 'aria-label': t('issue.levels') }, h('ul', null, LEVELS.map((l, i) => h('li', null,
		h('a', { href: link({ level: l, status: 'open' }), 'aria-current': l === level ? 'page' : null },
			enumLabel('issue_level', l), levelCounts[i] !== null ? h('span', { class: 'count' }, String(levelCounts[i])) : null)))));
	const statuses = ['open', ...OPEN, 'resolved', 'closed', 'all'];
	const statusTabs = h('nav', { class: 'chips-nav', 'aria-label': t('issue.statuses') }, h('ul', null, statuses.map((s, i) => h('li', null,
		h('a', { href: link({ status: s }), class: 'chip', 'aria-current': s === status ? 'true' : null },
			s === 'open' ? t('issue.allOpen') : s === 'all' ? t('all') : enumLabel('issue_status', s),
			statusCounts[i] !== undefined && statusCounts[i] !== null ? h('span', { class: 'count' }, String(statusCounts[i])) : null)))));

	const filters = h('form', { class: 'form inline-form issue-filters', role: 'search' },
		h('div', { class: 'field field-check' }, h('input', { type: 'checkbox', id: 'f-overdue', name: 'overdue', checked: overdue }), h('label', { for: 'f-overdue' }, t('issue.onlyOverdue'))),
		h('div', { class: 'field field-check' }, h('input', { type: 'checkbox', id: 'f-mine', name: 'mine', checked: mine }), h('label', { for: 'f-mine' }, t('issue.onlyMine'))),
		h('div', { class: 'field' }, h('label', { for: 'f-receipt' }, t('issue.receiptNo')), h('input', { id: 'f-receipt', name: 'receipt_no', type: 'search', value: receipt, placeholder: 'SB-2026-000001' })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('filter.apply'))));
	filters.addEventListener('change', (ev) => {
		if (ev.target.type === 'checkbox') filters.requestSubmit();
	});
	filters.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go(link({ overdue: filters.overdue.checked ? 'true' : '', mine: filters.mine.checked ? 'true' : '', receipt_no: filters.receipt_no.value.trim() }));
	});

	// overdue first, then by deadline (the server sorts by deadline)
	const sortOverdue = (xs) => [...xs.filter((i) => i.overdue), ...xs.filter((i) => !i.overdue)];
	const list = issueList(sortOverdue(page.items));
	const body = h('div', { class: 'issue-queue', 'aria-live': 'polite' },
		h('p', { class: 'total', role: 'status' }, t('issue.total', { n: page.total ?? page.items.length })),
		page.items.length ? list : h('p', { class: 'empty' }, t('issue.noneHere')));
	if (page.next_cursor) {
		let cursor = page.next_cursor;
		body.append(moreButton(async () => {
			const p = await get('/api/v1/issues' + qs({ ...base, sort: 'due', limit: 50, cursor }));
			list.append(...p.items.map(issueItem));
			cursor = p.next_cursor;
			return !!cursor;
		}));
	}
	return h('section', { class: 'issues' },
		pageTitle(t('issue.board'), h('div', { class: 'actions' },
			h('a', { href: '#/counter', class: 'btn btn-small btn-primary' }, t('issue.new')))),
		levelTabs, statusTabs, filters, body);
}

// --- one issue ------------------------------------------------------------------

/** The steps the user may try on an issue (the server decides in the end). */
function stepsFor(i) {
	const lv = myLevel();
	const own = lv === null || lv === i.level;
	const idx = LEVELS.indexOf(i.level);
	const steps = [];
	const isOpen = OPEN.includes(i.status);
	if ((i.status === 'received' || i.status === 'reopened') && own) steps.push('accept');
	if ((i.status === 'accepted' || i.status === 'reopened') && own) steps.push('start');
	if ((i.status === 'accepted' || i.status === 'in_progress') && own) steps.push('resolve');
	if (isOpen && own) steps.push('assign');
	if (isOpen && own && idx < 2 && atLeast('committee_head')) steps.push('escalate');
	if (isOpen && own && idx > 0) steps.push('return');
	if ((i.status === 'resolved' || i.status === 'closed') && !i.satisfaction) steps.push('feedback');
	if ((i.status === 'resolved' || i.status === 'closed') && own) steps.push('reopen');
	if (i.status === 'resolved' && own) steps.push('close');
	if (isOpen && own) steps.push('hotline_handoff');
	if (isOpen && own && i.hotline_no) steps.push('hotline_return');
	steps.push('note');
	if (isOpen && own) steps.push('edit');
	return steps;
}

let committeeList = [];
function committeesOf(street) {
	return committeeList.filter((c) => c.parent_code === street).map((c) => [c.code, c.name]);
}

/** The form that changes an open issue (category, priority, description, address). */
async function editForm(i) {
	const cats = (await loadCategories()).filter((c) => c.active !== false || c.code === i.category);
	const form = h('form', { class: 'form step-form', novalidate: true, dataset: { action: 'edit' } },
		formError(),
		field({ name: 'category', label: t('issue.category'), type: 'select', value: i.category, options: cats.map((c) => [c.code, categoryName(c.code, c.name)]) }),
		choiceGroup({ name: 'priority', legend: t('issue.priority'), type: 'radio', chips: true, options: [['normal', enumLabel('priority', 'normal')], ['urgent', enumLabel('priority', 'urgent')]], value: i.priority }),
		field({ name: 'description', label: t('issue.description'), type: 'textarea', rows: 3, value: i.description, attrs: { maxlength: 2000 } }),
		field({ name: 'address', label: t('f.address'), value: i.address || '', attrs: { maxlength: 200 } }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('save'))));
	onSubmit(form, async () => {
		const body = {};
		if (form.category.value !== i.category) body.category = form.category.value;
		const pr = form.querySelector('input[name=priority]:checked')?.value;
		if (pr && pr !== i.priority) body.priority = pr;
		if (form.description.value.trim() !== i.description) body.description = form.description.value.trim();
		const addr = form.address.value.trim();
		if (addr !== (i.address || '')) body.address = addr || null;
		if (!Object.keys(body).length) return toast(t('nothingChanged'));
		await patch(`/api/v1/issues/${i.id}`, body);
		toast(t('saved'));
		go(`#/issues/${i.id}`);
	});
	return form;
}

async function assigneeOptions(i) {
	if (i.level !== 'committee' || !i.committee_code) return [];
	try {
		const r = await get('/api/v1/reports/workload' + qs({ committee_code: i.committee_code }));
		return r.items.map((w) => [w.worker_id, w.name || w.username]);
	} catch {
		return [];
	}
}

function stepForm(i, action, assignees) {
	const form = h('form', { class: 'form step-form', novalidate: true, dataset: { action } }, formError());
	const need = {
		accept: [['note', false]], start: [['note', false]], resolve: [['note', true]], assign: [['assignee_id', true], ['note', false]],
		escalate: [['reason', true], ['note', false]], return: [['note', true]], feedback: [['satisfaction', true], ['comment', false]],
		reopen: [['reason', true], ['note', false]], close: [['note', false]], note: [['note', true]],
		hotline_handoff: [['hotline_no', !i.hotline_no], ['note', false]], hotline_return: [['note', true]],
	}[action];
	if (action === 'return' && !i.committee_code) need.push(['committee_code', true]);
	for (const [name, required] of need) {
		if (name === 'assignee_id') {
			form.append(assignees.length
				? field({ name, label: t('issue.assignee'), type: 'select', required, options: [['', t('choose')], ...assignees] })
				: field({ name, label: t('issue.assigneeId'), type: 'number', required, hint: t('issue.assigneeHint'), attrs: { min: 1, inputmode: 'numeric' } }));
		} else if (name === 'satisfaction') {
			form.append(choiceGroup({ name, legend: t('issue.satisfaction'), type: 'radio', chips: true, options: [5, 4, 3, 2, 1].map((n) => [n, enumLabel('satisfaction', String(n))]), value: '' }));
		} else if (name === 'hotline_no') {
			form.append(field({ name, label: t('issue.hotlineNo'), required, value: i.hotline_no || '', attrs: { maxlength: 40, readOnly: !!i.hotline_no } }));
		} else if (name === 'committee_code') {
			form.append(field({ name, label: t('issue.placeCommittee'), type: 'select', required, options: [['', t('choose')], ...committeesOf(i.street_code)] }));
		} else {
			const label = name === 'reason' ? t(`issue.reason.${action}`) : name === 'comment' ? t('issue.comment')
				: action === 'resolve' ? t('issue.resolution') : action === 'return' ? t('issue.returnNote') : action === 'hotline_return' ? t('issue.hotlineAnswer') : t('issue.note');
			form.append(field({ name, label, type: 'textarea', rows: 2, required, attrs: { maxlength: name === 'reason' || name === 'comment' ? 500 : 2000 } }));
		}
	}
	form.append(h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn ' + (['resolve', 'escalate', 'accept'].includes(action) ? 'btn-primary' : '') }, t('issue.do.' + action))));
	onSubmit(form, async () => {
		const body = { action };
		for (const [name] of need) {
			if (name === 'satisfaction') {
				const v = form.querySelector('input[name=satisfaction]:checked');
				if (v) body.satisfaction = Number(v.value);
			} else if (name === 'hotline_no' && i.hotline_no) {
				// the issue carries its work order already
			} else {
				const v = form.elements[name].value.trim();
				if (v) body[name] = name === 'assignee_id' ? Number(v) : v;
			}
		}
		const r = await post(`/api/v1/issues/${i.id}/events`, body);
		toast(t('issue.stepDone', { a: enumLabel('issue_action', action) }));
		if (r && r.feedback_link) sessionStorage.setItem('sibai.feedback.' + i.id, JSON.stringify(r.feedback_link));
		go(`#/issues/${i.id}`);
	});
	return form;
}

export async function issueView({ params }) {
	const i = await get(`/api/v1/issues/${params.id}`);
	const steps = stepsFor(i);
	const assignees = steps.includes('assign') ? await assigneeOptions(i) : [];
	if (steps.includes('return') && !i.committee_code) committeeList = await loadCommittees().catch(() => []);
	const edit = steps.includes('edit') ? await editForm(i) : null;

	const head = h('div', { class: 'issue-badges' },
		badge('issue_status', i.status), badge('issue_level', i.level),
		i.priority === 'urgent' ? badge('priority', 'urgent') : null,
		i.overdue ? h('span', { class: 'badge badge-overdue' }, t('issue.overdue')) : null);

	const details = h('div', { class: 'card' },
		h('p', { class: 'issue-description' }, i.description),
		dl([
			[t('issue.receiptNo'), h('span', { class: 'mono' }, i.receipt_no || '—')],
			[t('issue.category'), categoryName(i.category, i.category_name)],
			[t('f.address'), i.household_id ? h('a', { href: `#/households/${i.household_id}` }, i.address || t('household.open')) : i.address],
			[t('issue.reporter'), [i.reporter_name, i.reporter_phone].filter(Boolean).join(' ') || null],
			[t('issue.resident'), i.resident_id ? h('a', { href: `#/residents/${i.resident_id}` }, t('resident.open')) : null],
			[t('issue.channel'), enumLabel('issue_channel', i.channel)],
			[t('issue.createdAt'), h('span', null, timeEl(i.created_at), i.created_by_name ? ` · ${i.created_by_name}` : '')],
			[t('issue.due'), h('time', { datetime: i.due_at, class: i.overdue ? 'warn' : '' }, i.due_date, i.overdue ? ` · ${t('issue.overdue')}` : '')],
			[t('issue.assignee'), i.assignee_name],
			[t('issue.escalations'), String(i.escalations ?? 0)],
			i.hotline_no ? [t('issue.hotlineNo'), i.hotline_no] : null,
			i.resolution ? [t('issue.resolution'), i.resolution] : null,
			i.resolved_at ? [t('issue.resolvedAt'), timeEl(i.resolved_at)] : null,
			i.satisfaction ? [t('issue.satisfaction'), `${enumLabel('satisfaction', String(i.satisfaction))}${i.feedback_comment ? ' — ' + i.feedback_comment : ''}`] : null,
		]));

	let linkBox = null;
	const saved = sessionStorage.getItem('sibai.feedback.' + i.id);
	if (saved && i.status === 'resolved' && !i.satisfaction) {
		const fl = JSON.parse(saved);
		const url = `${location.origin}/#/feedback/${fl.token}`;
		linkBox = h('div', { class: 'callout', role: 'note' },
			h('p', null, t('issue.feedbackLink')),
			h('p', null, h('label', { for: 'fb-url', class: 'sr-only' }, t('issue.feedbackLink')), h('input', { id: 'fb-url', class: 'mono', readOnly: true, value: url, onfocus: (e) => e.target.select() })),
			h('p', { class: 'muted small' }, t('issue.feedbackExpires', { d: fl.expires_at.slice(0, 10) })));
		} else if (i.status === 'resolved' && !i.satisfaction) {
		// any worker of the committee gets the link again (a new token; docs/notices.md)
		linkBox = h('p', null, h('button', {
			type: 'button', class: 'btn', onclick: async () => {
				try {
					const fl = await post(`/api/v1/issues/${i.id}/feedback-link`, {});
					sessionStorage.setItem('sibai.feedback.' + i.id, JSON.stringify(fl));
					go(location.hash);
				} catch (err) {
					toast(errorText(err), 'error');
				}
			},
		}, t('issue.feedbackAgain')));
	}

	const actions = h('section', { class: 'card step-panel' }, h('h2', null, t('issue.steps')),
		steps.map((a, n) => h('details', { class: 'step', open: n === 0 && a !== 'note' },
			h('summary', null, enumLabel('issue_action', a)),
			a === 'edit' ? edit : stepForm(i, a, assignees))));

	const timeline = h('section', { class: 'card' }, h('h2', null, t('issue.timeline')),
		h('ol', { class: 'timeline' }, (i.events || []).map((e) => h('li', { class: 'event event-' + e.action },
			h('p', { class: 'event-head' },
				h('strong', null, enumLabel('issue_action', e.action)), ' · ', timeEl(e.at), ' · ', e.name || e.username || (e.via ? enumLabel('via', e.via) : '—')),
			h('p', { class: 'muted small' },
				e.from_status && e.from_status !== e.to_status ? `${enumLabel('issue_status', e.from_status)} → ` : '', enumLabel('issue_status', e.to_status), ' · ', enumLabel('issue_level', e.level)),
			e.reason ? h('p', null, t('issue.reasonLabel'), '：', e.reason) : null,
			e.note ? h('p', null, e.note) : null,
			e.satisfaction ? h('p', null, t('issue.satisfaction'), '：', enumLabel('satisfaction', String(e.satisfaction)), e.comment ? ` — ${e.comment}` : '') : null,
			e.hotline_no ? h('p', null, t('issue.hotlineNo'), '：', e.hotline_no) : null))));

	return h('section', { class: 'issue-page' },
		pageTitle(`${categoryName(i.category, i.category_name)} ${i.receipt_no || ''}`, head),
		linkBox, details, actions, attachmentsSection('issue', i.id), timeline);
}

/** The resident's feedback page (no login): from the link given on resolve. */
export async function feedbackView({ params }) {
	let info;
	try {
		info = await get(`/api/v1/feedback/${encodeURIComponent(params.token)}`);
	} catch (err) {
		return h('section', null, pageTitle(t('fb.title')), h('p', { class: 'error-box', role: 'alert' }, errorText(err)));
	}
	const form = h('form', { class: 'form card', novalidate: true },
		formError(),
		choiceGroup({ name: 'satisfaction', legend: t('issue.satisfaction'), type: 'radio', chips: true, options: [5, 4, 3, 2, 1].map((n) => [n, enumLabel('satisfaction', String(n))]), value: '' }),
		field({ name: 'comment', label: t('issue.comment'), type: 'textarea', rows: 3, attrs: { maxlength: 500 } }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('fb.send'))));
	onSubmit(form, async () => {
		const v = form.querySelector('input[name=satisfaction]:checked');
		const body = { satisfaction: v ? Number(v.value) : 0 };
		if (form.comment.value.trim()) body.comment = form.comment.value.trim();
		await post(`/api/v1/feedback/${encodeURIComponent(params.token)}`, body);
		form.replaceWith(h('p', { class: 'callout', role: 'status' }, t('fb.thanks')));
	});
	return h('section', { class: 'feedback' }, pageTitle(t('fb.title')),
		h('div', { class: 'card' }, dl([[t('issue.category'), categoryName(info.category, info.category_name)], [t('fb.summary'), info.summary], [t('issue.resolution'), info.resolution]])),
		form);
}
