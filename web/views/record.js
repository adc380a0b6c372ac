// The worker's record (驾照式积分), issue 9: a month's points with the
// source of every line; a head or the street picks a worker; the staffing
// quota table (社工额度) for heads and above.

import { t, enumLabel } from '../i18n.js';
import { get, qs } from '../api.js';
import { h, pageTitle, field, todayISO } from '../ui.js';
import { go, atLeast, session } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { table } from './campaigns.js';
import { workersOf } from '../data.js';

function sourceLink(l) {
	if (l.source === 'issue_taken' || l.source === 'issue_resolved') return h('a', { href: `#/issues/${l.source_id}` }, t('rec.issue', { n: l.source_id }));
	if (l.source === 'satisfaction') return t('rec.feedback', { n: l.source_id, s: l.satisfaction });
	if (l.source === 'visit') return t('rec.visit', { n: l.source_id }) + ' · ' + t(l.on_time ? 'rec.onTime' : 'rec.late');
	if (l.source === 'campaign_task') return t('rec.target', { n: l.source_id });
	return t('rec.training', { n: l.source_id, h: l.hours });
}

export async function recordView({ query }) {
	const head = atLeast('committee_head');
	const month = /^\d{4}-\d{2}$/.test(query.get('month') || '') ? query.get('month') : todayISO().slice(0, 7);
	let pick = null;
	let worker = session.me.id;
	let code = '';
	if (head) {
		const list = await loadCommittees().catch(() => []);
		code = query.get('committee_code') || (list[0] && list[0].code) || '';
		const workers = code ? await workersOf(code) : [];
		worker = Number(query.get('worker_id')) || (workers[0] && workers[0][0]) || 0;
		const f = h('form', {
			class: 'inline-form', novalidate: true,
			onsubmit: (ev) => { ev.preventDefault(); go('#/record' + qs({ committee_code: f.committee_code.value, worker_id: f.worker_id.value, month: f.month.value })); },
		},
		field({ name: 'committee_code', label: t('f.committee'), type: 'select', value: code, options: list.map((c) => [c.code, c.name]) }),
		field({ name: 'worker_id', label: t('duty.worker'), type: 'select', value: worker, options: workers }),
		field({ name: 'month', label: t('rec.month'), type: 'month', value: month }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('filter.apply'))));
		pick = f;
	} else {
		pick = h('form', { class: 'inline-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); go('#/record' + qs({ month: pick.month.value })); } },
			field({ name: 'month', label: t('rec.month'), type: 'month', value: month }),
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('filter.apply'))));
	}
	const [rec, quota] = await Promise.all([
		worker ? get(`/api/v1/workers/${worker}/record` + qs({ month })) : null,
		head && code ? get('/api/v1/reports/quota' + qs({ area: atLeast('street') ? (session.me.scope[0] || code) : code })).catch(() => null) : null,
	]);
	const st = (s) => h('span', { class: 'badge badge-quota-' + s }, enumLabel('quota_status', s));
	return h('section', { class: 'record' },
		pageTitle(t('rec.title')), pick,
		rec ? h('section', { class: 'card' },
			h('h2', null, t('rec.total', { m: month, n: rec.total })),
			table([t('rec.kind'), t('rec.count'), t('rec.points')], Object.entries(rec.by_kind).map(([k, x]) => [enumLabel('record_source', k), x.count, x.points])),
			h('h3', null, t('rec.lines')),
			rec.lines.length ? table([t('cal.date'), t('rec.kind'), t('rec.source'), t('rec.points')],
				rec.lines.map((l) => [l.date, enumLabel('record_source', l.source), sourceLink(l), String(l.points)]), 'record-lines') : h('p', { class: 'empty' }, t('rec.none')))
			: null,
		quota ? h('section', { class: 'card' }, h('h2', null, t('rec.quota')),
			table([t('f.committee'), t('rec.households'), t('rec.workers'), t('rec.needed'), t('rec.diff'), t('status')],
				quota.committees.map((c) => [c.name, c.households, c.workers, c.needed, c.difference, st(c.status)])),
			quota.streets.length ? table([enumLabel('role', 'street'), t('rec.households'), t('rec.workers'), t('rec.needed'), t('rec.diff'), t('status')],
				quota.streets.map((c) => [c.name, c.households, c.workers, c.needed, c.difference, st(c.status)])) : null) : null);
}
