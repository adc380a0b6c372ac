// The worker's day: today's plan in walking order (compound, building,
// floor, room), grouped by building; reception duty; the calendar feed.

import { t } from '../i18n.js';
import { get, post, qs } from '../api.js';
import { h, pageTitle, tagChips, longDate, todayISO, addDays, toast, errorText } from '../ui.js';
import { readDayAhead } from '../offline.js';

export async function planView({ query }) {
	const date = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') || '') ? query.get('date') : todayISO();
	const plan = await get('/api/v1/me/plan' + qs({ date }));
	const items = plan.items || [];
	// issue 18: today's households read ahead, for the stairwell without network
	if (date === todayISO()) readDayAhead(plan);
	const overdue = items.filter((i) => i.overdue).length;

	const recept = plan.reception && plan.reception.on_duty
		? h('div', { class: 'callout callout-duty', role: 'note' },
			h('strong', null, t('plan.onDuty')), ' ',
			t('plan.onDutyHint'), ' ', h('a', { href: '#/counter', class: 'btn btn-small' }, t('nav.counter')))
		: h('p', { class: 'muted' }, t('plan.notOnDuty'));

	const dayNav = h('nav', { class: 'day-nav', 'aria-label': t('plan.days') },
		h('a', { href: '#/plan' + qs({ date: addDays(date, -1) }), class: 'btn btn-quiet btn-small' }, '‹ ', t('plan.prev')),
		h('strong', null, longDate(date)),
		h('a', { href: '#/plan' + qs({ date: addDays(date, 1) }), class: 'btn btn-quiet btn-small' }, t('plan.next'), ' ›'));

	const summary = h('p', { class: 'summary' },
		t('plan.summary', { n: items.length, overdue }));

	// group by compound + building, keeping the walking order
	const groups = [];
	for (const it of items) {
		const key = it.compound + ' ' + it.building;
		let g = groups[groups.length - 1];
		if (!g || g.key !== key) groups.push(g = { key, compound: it.compound, building: it.building, items: [] });
		g.items.push(it);
	}
	const list = groups.length
		? h('div', { class: 'plan-groups' }, groups.map((g) => h('section', { class: 'plan-group' },
			h('h2', null, g.compound, ' ', g.building, h('span', { class: 'count' }, t('plan.households', { n: g.items.length }))),
			h('ol', { class: 'plan-list' }, g.items.map((it) => planItem(it))))))
		: h('p', { class: 'empty' }, t('plan.empty'));

	const feed = h('details', { class: 'card feed' },
		h('summary', null, t('plan.feed')),
		h('p', null, t('plan.feedHint')),
		h('button', {
			type: 'button', class: 'btn', onclick: async (ev) => {
				try {
					const r = await post('/api/v1/me/calendar-feed');
					const url = location.origin + r.path;
					ev.target.replaceWith(h('p', null, h('label', { for: 'feed-url' }, t('plan.feedUrl')), h('input', { id: 'feed-url', readOnly: true, value: url, class: 'mono', onfocus: (e) => e.target.select() })));
				} catch (err) {
					toast(errorText(err), 'error');
				}
			},
		}, t('plan.feedMake')));

	return h('section', { class: 'plan' },
		pageTitle(t('plan.title'), h('a', { href: '#/register/key-persons?mine=true', class: 'btn btn-small btn-quiet' }, t('key.title'))),
		// issue 18: the day on paper (views/print.js)
		items.length ? h('p', { class: 'plan-print' },
			h('a', { href: '#/plan/print' + qs({ date: query.get('date') }), class: 'btn btn-small btn-quiet' }, t('print.walk')), ' ',
			h('a', { href: '#/plan/sheets' + qs({ date: query.get('date') }), class: 'btn btn-small btn-quiet' }, t('print.sheets'))) : null,
		dayNav, recept, summary, list, feed);
}

function planItem(it) {
	const why = it.reason === 'never_visited' ? t('plan.never')
		: it.reason === 'follow_up' ? t('plan.followUp', { d: it.follow_up_on })
		: t('plan.interval', { n: it.interval_days, d: it.last_visit_on || '—' });
	return h('li', { class: 'plan-item' + (it.overdue ? ' overdue' : '') },
		h('a', { href: `#/households/${it.household_id}`, class: 'plan-link' },
			h('span', { class: 'room' }, it.room),
			h('span', { class: 'plan-body' },
				h('span', { class: 'why' }, why),
				it.overdue ? h('span', { class: 'badge badge-overdue' }, t('plan.overdue', { n: it.days_overdue })) : null,
				tagChips(it.tags))),
		h('a', { href: `#/households/${it.household_id}/visit`, class: 'btn btn-small btn-primary visit-btn', 'aria-label': t('plan.visitAria', { a: it.address }) }, t('visit.record')));
}
