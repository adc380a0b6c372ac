// Dashboards for the secretary (a committee), the street and the district:
// coverage against the policy, households visited per week, issues by
// status and level, on-time rate, satisfaction, hotspots, 悬空老人 by
// building, workers over their quota.  Every chart has its table.

import { t, enumLabel, categoryName } from '../i18n.js';
import { get, api, qs, navigationId } from '../api.js';
import { h, pageTitle, todayISO, addDays, pct, errorText, field, onSubmit, toast } from '../ui.js';
import { chartCard, barOption, pieOption, lineOption } from '../charts.js';
import { go } from '../app.js';
import { area as loadArea, committees as loadCommittees } from '../data.js';
import '../i18n-dash.js';

const WEEKS = 8;
const TOP = 20; // rows drawn in a bar chart; its table has them all

/** The default area of the dashboard for the user. */
async function defaultArea(me) {
	return me.scope[0];
}

/** Runs the async functions TASKS, at most N at a time (a browser has six
 * connections to the server: the chart library must not wait behind them). */
async function pool(tasks, n) {
	const out = new Array(tasks.length);
	const visit = navigationId();
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			if (navigationId() !== visit) throw new Error('left the page');
			const i = next++;
			out[i] = await tasks[i]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
	return out;
}

export async function dashboardView({ query, me }) {
	const code = query.get('area') || await defaultArea(me);
	const to = query.get('to') || todayISO();
	const from = query.get('from') || addDays(to, -364);
	const [cov, ar] = await Promise.all([
		get('/api/v1/reports/coverage' + qs({ area: code, from, to })),
		loadArea(code).catch(() => null),
	]);
	const level = cov.level;

	// where we are: parents above, a picker for the user's other areas
	const crumbs = h('nav', { class: 'crumbs', 'aria-label': t('dash.where') },
		h('ol', null,
			(ar?.parents || []).filter((p) => p.level !== 'city').map((p) => h('li', null,
				me.scope.some((s) => p.code.startsWith(s)) ? h('a', { href: '#/dashboard' + qs({ area: p.code }) }, p.name) : p.name)),
			h('li', { 'aria-current': 'page' }, cov.name)));

	const period = h('form', { class: 'form inline-form period', 'aria-label': t('dash.period') },
		h('div', { class: 'field' }, h('label', { for: 'dash-from' }, t('dash.from')), h('input', { id: 'dash-from', name: 'from', type: 'date', value: from })),
		h('div', { class: 'field' }, h('label', { for: 'dash-to' }, t('dash.to')), h('input', { id: 'dash-to', name: 'to', type: 'date', value: to })),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('dash.apply'))));
	period.addEventListener('submit', (ev) => {
		ev.preventDefault();
		go('#/dashboard' + qs({ area: code, from: period.from.value, to: period.to.value }));
	});

	let picker = null;
	if (me.scope.length > 1 || me.role === 'worker') {
		const list = await loadCommittees().catch(() => []);
		if (list.length > 1) {
			picker = h('div', { class: 'field inline' }, h('label', { for: 'dash-area' }, t('dash.pick')),
				h('select', { id: 'dash-area', onchange: (ev) => go('#/dashboard' + qs({ area: ev.target.value })) },
					list.map((c) => h('option', { value: c.code, selected: c.code === code }, c.name))));
		}
	}

	const tot = cov.total;
	const kpis = h('ul', { class: 'kpis', 'aria-label': t('dash.kpis') },
		kpi('kpi-households', t('dash.households'), tot.households),
		kpi('kpi-visited', t('dash.visited'), pct(tot.households_percent), t('dash.ofHouseholds', { n: tot.households_visited })),
		kpi('kpi-ontime', t('dash.onTimeVisits'), pct(tot.on_time_percent), t('dash.ofHouseholds', { n: tot.on_time })),
		kpi('kpi-residents', t('dash.residentsVisited'), pct(tot.residents_percent), t('dash.ofResidents', { n: tot.residents_visited, m: tot.residents })));

	const childName = (c) => c.name || (c.grid_id === null ? t('dash.noGrid') : c.code);
	const childLabel = t({ committee: 'dash.byGrid', street: 'dash.byCommittee', district: 'dash.byStreet', city: 'dash.byDistrict' }[level] || 'dash.byArea');
	const children = cov.children || [];
	const charts = h('div', { class: 'charts' });
	charts.append(chartCard({
		id: 'chart-coverage', title: t('dash.coverage', { by: childLabel }),
		note: t('dash.coverageNote', { from: cov.from, to: cov.to }),
		columns: [childLabel, t('dash.households'), t('dash.visitedN'), t('dash.visited'), t('dash.onTimeN'), t('dash.onTimeVisits')],
		rows: children.map((c) => [childName(c), c.households, c.households_visited, pct(c.households_percent), c.on_time, pct(c.on_time_percent)]),
		height: rowsHeight(children.length, 220),
		option: () => barOption(children.map(childName), [
			{ name: t('dash.visited'), data: children.map((c) => round(c.households_percent)) },
			{ name: t('dash.onTimeVisits'), data: children.map((c) => round(c.on_time_percent)) },
		], { horizontal: true, max: 100, unit: '%' }),
	}));
	const tagRows = (cov.tags || []).filter((x) => x.households > 0);
	charts.append(chartCard({
		id: 'chart-tags', title: t('dash.byTag'), note: t('dash.byTagNote'),
		columns: [t('tags'), t('dash.households'), t('dash.visited'), t('dash.onTimeVisits')],
		rows: tagRows.map((x) => [x.tag, x.households, pct(x.households_percent), pct(x.on_time_percent)]),
		height: rowsHeight(tagRows.length, 220),
		option: () => barOption(tagRows.map((x) => x.tag), [
			{ name: t('dash.visited'), data: tagRows.map((x) => round(x.households_percent)) },
			{ name: t('dash.onTimeVisits'), data: tagRows.map((x) => round(x.on_time_percent)) },
		], { horizontal: true, max: 100, unit: '%' }),
	}));

	// households visited per week: the coverage of each of the last weeks
	const weeksCard = h('div', { class: 'chart-slot' }, h('p', { class: 'muted' }, t('loading')));
	charts.append(weeksCard);
	// issues (when the issues API is there): their figures under the visit
	// figures, their charts among the others
	const issueKpiSlot = h('div', { class: 'issue-kpis' });
	const issueSlot = h('div', { class: 'issue-charts' });
	issueCharts(code, from, to).catch((err) => {
		if (err.status === 404 && err.field !== 'area') return { kpis: h('p', { class: 'muted card' }, t('issue.unavailable')), charts: [] };
		throw err;
	})
		.then(({ kpis: k, charts: cs }) => {
			issueKpiSlot.replaceWith(k);
			issueSlot.replaceWith(...cs);
		}, (err) => issueKpiSlot.replaceWith(h('p', { class: 'muted' }, errorText(err))));
	charts.append(issueSlot);

	// 悬空老人 by building
	const elderlySlot = h('div');
	charts.append(elderlySlot);
	// the report lists every resident: fine for a committee or a street, too
	// heavy for a district (tens of MB), which opens a street to see it
	(level === 'committee' || level === 'street' ? get('/api/v1/reports/elderly-upper-floors' + qs({ area: code })) : Promise.resolve(null)).then((r) => {
		if (r === null) {
			elderlySlot.replaceWith(h('section', { class: 'card' }, h('h2', null, t('dash.elderly')), h('p', { class: 'muted' }, t('dash.elderlyDistrict'))));
			return;
		}
		const rows = (r.items || []).map((b) => {
			const addr = (b.residents?.[0]?.address || '').split(' ').slice(0, 2).join(' ') || b.building.label;
			return [addr, b.building.floors ?? '—', b.count ?? b.residents.length];
		}).sort((a, b) => b[2] - a[2]);
		const top = rows.slice(0, TOP);
		elderlySlot.replaceWith(chartCard({
			id: 'chart-elderly', title: t('dash.elderly'), note: t('dash.elderlyNote', { n: rows.reduce((s, x) => s + x[2], 0), b: rows.length }),
			columns: [t('f.building'), t('building.floors'), t('dash.elderlyN')],
			rows,
			height: rowsHeight(top.length, 200),
			option: () => barOption(top.map((x) => x[0]), [{ name: t('dash.elderlyN'), data: top.map((x) => x[2]), color: '#c2410c' }], { horizontal: true }),
		}));
	}, (err) => elderlySlot.replaceWith(h('p', { class: 'muted' }, errorText(err))));

	// workers and their quota (the report is per committee)
	const workSlot = h('div');
	charts.append(workSlot);
	workload(level, code, children).then((rows) => {
		if (rows === null) {
			workSlot.replaceWith(h('section', { class: 'card' }, h('h2', null, t('dash.workload')), h('p', { class: 'muted' }, t('dash.workloadDistrict'))));
			return;
		}
		const over = rows.filter((r) => r.over);
		// the chart: the most loaded (the over-quota first); the table: everyone
		const top = rows.slice(0, TOP);
		workSlot.replaceWith(chartCard({
			id: 'chart-workload', title: t('dash.workload'),
			note: t('dash.workloadNote', { n: over.length, m: rows.length }) + (rows.length > TOP ? t('dash.topN', { n: TOP }) : ''),
			columns: [t('dash.worker'), t('f.committee'), t('dash.households'), t('dash.quota'), t('dash.over')],
			rows: rows.map((r) => [r.name || r.username, r.committee, r.households, r.quota, r.over ? t('yes') : t('no')]),
			height: rowsHeight(top.length, 200),
			option: () => barOption(top.map((r) => r.name || r.username), [
				{ name: t('dash.households'), data: top.map((r) => ({ value: r.households, itemStyle: { color: r.over ? '#b91c1c' : '#1f5fbf' } })) },
			], { horizontal: true }),
		}));
	}, (err) => workSlot.replaceWith(h('p', { class: 'muted' }, errorText(err))));

	// today's plans: who is behind, and each worker's households a day (a
	// head sets them here; GET /reports/plan, PUT /workers/{id}/plan)
	if (level === 'committee' && me.role !== 'worker') {
		const planSlot = h('div');
		charts.append(planSlot);
		get('/api/v1/reports/plan' + qs({ committee_code: code })).then((r) => planSlot.replaceWith(planCard(r)),
			(err) => planSlot.replaceWith(h('p', { class: 'muted' }, errorText(err))));
	}

	// 330: the share of visits begun before 15:30 on working days, per worker
	if (level === 'committee' || level === 'street') {
		const recSlot = h('div');
		charts.append(recSlot);
		get('/api/v1/reports/reception' + qs({ area: code, from, to })).then((r) => {
			// the chart: those who visit least before 15:30; the table: everyone
			const rows = (r.items || []).filter((x) => x.visits > 0).sort((a, b) => a.before_1530_percent - b.before_1530_percent);
			const top = rows.slice(0, TOP);
			recSlot.replaceWith(chartCard({
				id: 'chart-reception', title: t('dash.reception'), note: t('dash.receptionNote') + (rows.length > TOP ? t('dash.lowN', { n: TOP }) : ''),
				columns: [t('dash.worker'), t('dash.visitsN'), t('dash.before1530'), t('dash.before1530Pct')],
				rows: rows.map((x) => [x.name || x.username, x.visits, x.before_1530, pct(x.before_1530_percent)]),
				height: rowsHeight(top.length, 180),
				option: () => barOption(top.map((x) => x.name || x.username), [{ name: t('dash.before1530Pct'), data: top.map((x) => round(x.before_1530_percent)), color: '#15803d' }], { horizontal: true, max: 100, unit: '%' }),
			}));
		}, () => recSlot.remove());
	}

	// the households waited for longest (never visited first)
	const waitSlot = h('div');
	charts.append(waitSlot);
	get('/api/v1/reports/unvisited' + qs({ area: code, limit: 10 })).then((r) => {
		const items = r.items || [];
		waitSlot.replaceWith(h('section', { class: 'card', id: 'unvisited' },
			h('h2', null, t('dash.unvisited')),
			items.length ? h('ol', { class: 'plain numbered' }, items.map((x) => h('li', null,
				h('a', { href: `#/households/${x.household_id}` }, x.address), ' ',
				h('span', { class: 'muted small' }, x.last_visit_on ? t('dash.sinceDays', { d: x.last_visit_on, n: x.days_since }) : t('plan.never')))))
				: h('p', { class: 'empty' }, t('chart.noData'))));
	}, () => waitSlot.remove());

	// last: eight coverage reports, two at a time
	weekly(code, to).then((weeks) => weeksCard.replaceWith(chartCard({
		id: 'chart-weeks', title: t('dash.perWeek'), note: t('dash.perWeekNote'),
		columns: [t('dash.week'), t('dash.visitedN'), t('dash.visited')],
		rows: weeks.map((w) => [w.label, w.visited, pct(w.percent)]),
		option: () => lineOption(weeks.map((w) => w.label), [{ name: t('dash.visitedN'), data: weeks.map((w) => w.visited) }]),
	})), (err) => weeksCard.replaceWith(h('p', { class: 'muted' }, errorText(err))));

	const drill = level !== 'committee' && children.length
		? h('nav', { class: 'drill', 'aria-label': t('dash.drill') }, h('h2', null, t('dash.drill')),
			h('ul', { class: 'link-list' }, children.filter((c) => c.code).map((c) => h('li', null, h('a', { href: '#/dashboard' + qs({ area: c.code, from, to }) }, c.name)))))
		: null;

	const titleKey = { committee: 'dash.titleCommittee', street: 'dash.titleStreet', district: 'dash.titleDistrict' }[level] || 'dash.titleCity';
	return h('section', { class: 'dashboard' },
		pageTitle(t(titleKey, { n: cov.name })),
		crumbs, h('div', { class: 'dash-tools' }, picker, period),
		kpis, issueKpiSlot, charts, drill);
}

/** The committee's workers today: households a day (editable), due,
 * overdue, in today's walk, behind (due and not in the walk), most behind first. */
function planCard(r) {
	const items = r.items || [];
	const row = (w) => {
		const form = h('form', { class: 'inline-form plan-capacity', 'aria-label': t('dash.planCapacityOf', { n: w.name || t('dash.worker') }) },
			field({ name: 'households_per_day', label: t('dash.planPerDay'), type: 'number', value: w.households_per_day,
				attrs: { min: 1, max: 60, inputmode: 'numeric', required: true } }),
			h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-small' }, t('save'))));
		onSubmit(form, async () => {
			const n = Number(form.households_per_day.value);
			const res = await api('PUT', `/api/v1/workers/${w.worker_id}/plan`, { households_per_day: n });
			w.households_per_day = res.households_per_day;
			toast(t('dash.planSaved', { n: w.name || t('dash.worker'), d: res.households_per_day }));
		});
		return h('tr', null,
			h('th', { scope: 'row', 'data-label': t('dash.worker') }, w.name || t('dash.worker')),
			h('td', { 'data-label': t('dash.planPerDay') }, form),
			h('td', { 'data-label': t('dash.planDue') }, String(w.due)),
			h('td', { 'data-label': t('dash.planOverdue') }, String(w.overdue)),
			h('td', { 'data-label': t('dash.planToday') }, String(w.today)),
			h('td', { 'data-label': t('dash.planBehind'), class: w.behind > 0 ? 'warn' : null }, String(w.behind)));
	};
	const behind = items.filter((w) => w.behind > 0).length;
	return h('section', { class: 'card', id: 'plan-report' },
		h('h2', null, t('dash.planTitle')),
		h('p', { class: 'muted small' }, t('dash.planNote', { n: behind, m: items.length, d: r.date })),
		items.length
			? h('table', { class: 'table plan-report-table' },
				h('caption', { class: 'sr-only' }, t('dash.planTitle')),
				h('thead', null, h('tr', null, [t('dash.worker'), t('dash.planPerDay'), t('dash.planDue'), t('dash.planOverdue'), t('dash.planToday'), t('dash.planBehind')]
					.map((x) => h('th', { scope: 'col' }, x)))),
				h('tbody', null, items.map(row)))
			: h('p', { class: 'empty' }, t('chart.noData')));
}

function kpi(id, label, value, sub) {
	return h('li', { class: 'kpi', id },
		h('span', { class: 'kpi-label' }, label),
		h('strong', { class: 'kpi-value' }, String(value)),
		sub ? h('span', { class: 'kpi-sub' }, sub) : null);
}

/** A horizontal bar chart's height for N rows (tighter when there are many). */
function rowsHeight(n, min) {
	return Math.max(min, n * (n > 15 ? 24 : 34) + 60);
}

function round(x) {
	return Math.round((x || 0) * 10) / 10;
}

/** Monday of the week of DATE. */
function monday(date) {
	const d = new Date(date + 'T00:00:00Z');
	const wd = (d.getUTCDay() + 6) % 7;
	return addDays(date, -wd);
}

async function weekly(code, to) {
	const start = monday(to);
	const weeks = [];
	for (let i = WEEKS - 1; i >= 0; i--) {
		const f = addDays(start, -7 * i);
		const e = addDays(f, 6) > to ? to : addDays(f, 6);
		weeks.push({ from: f, to: e, label: f.slice(5) + (e < addDays(f, 6) ? t('dash.partialWeek') : '') });
	}
	const res = await pool(weeks.map((w) => () => get('/api/v1/reports/coverage' + qs({ area: code, from: w.from, to: w.to }))), 2);
	return weeks.map((w, i) => ({ ...w, visited: res[i].total.households_visited, percent: res[i].total.households_percent }));
}

async function workload(level, code, children) {
	let codes;
	if (level === 'committee') codes = [code];
	else if (level === 'street') codes = children.filter((c) => c.code && c.households > 0).map((c) => c.code);
	else return null;
	const names = Object.fromEntries(children.map((c) => [c.code, c.name]));
	const reports = await pool(codes.map((c) => () => get('/api/v1/reports/workload' + qs({ committee_code: c })).catch(() => ({ items: [] }))), 3);
	const rows = [];
	reports.forEach((r, i) => {
		for (const w of r.items || []) rows.push({ ...w, committee: names[codes[i]] || codes[i] });
	});
	return rows.sort((a, b) => b.households - a.households);
}

/** The issue charts of an area: by status, by level, on-time rate,
 * satisfaction, hotspots by compound, by child area. */
async function issueCharts(code, from, to) {
	const r = await get('/api/v1/reports/issues' + qs({ area: code, from, to }));
	return renderIssueCharts(r);
}

export function renderIssueCharts(r) {
	const out = [];
	const byStatus = Object.entries(r.by_status || {}).filter(([, n]) => n > 0);
	const byLevel = Object.entries(r.by_level || {});
	const resolved = r.resolved ?? 0;
	const onTime = r.resolved_on_time ?? 0;
	const sat = r.satisfaction || { count: 0, mean: null };
	const open = Object.entries(r.by_status || {}).filter(([s]) => ['received', 'accepted', 'in_progress', 'reopened'].includes(s)).reduce((a, [, n]) => a + n, 0);
	const hrs = (x) => (x && x.count ? t('dash.hoursN', { n: x.median }) : '—');
	const kpiList = h('ul', { class: 'kpis kpis-issues', 'aria-label': t('dash.issueKpis') },
		kpi('kpi-issues', t('dash.issues'), r.total ?? 0, r.escalated ? t('dash.escalated', { n: r.escalated }) : null),
		kpi('kpi-issues-open', t('dash.issuesOpen'), open),
		kpi('kpi-issues-overdue', t('dash.issuesOverdue'), r.overdue_open ?? 0),
		kpi('kpi-ontime-rate', t('dash.onTimeRate'), resolved ? pct(100 * onTime / resolved) : '—', t('dash.ofResolved', { n: onTime, m: resolved })),
		kpi('kpi-satisfaction', t('dash.satisfaction'), sat.mean === null || sat.mean === undefined ? '—' : Number(sat.mean).toFixed(1), t('dash.feedbackN', { n: sat.count ?? 0 })),
		kpi('kpi-to-accept', t('dash.toAccept'), hrs(r.hours_to_accept), r.hours_to_accept?.count ? t('dash.p90', { n: r.hours_to_accept.p90 }) : null),
		kpi('kpi-to-resolve', t('dash.toResolve'), hrs(r.hours_to_resolve), r.hours_to_resolve?.count ? t('dash.p90', { n: r.hours_to_resolve.p90 }) : null));
	out.push(chartCard({
		id: 'chart-issue-status', title: t('dash.byStatus'),
		columns: [t('status'), t('dash.count')],
		rows: byStatus.map(([s, n]) => [enumLabel('issue_status', s), n]),
		option: () => pieOption(byStatus.map(([s, n]) => ({ name: enumLabel('issue_status', s), value: n }))),
	}));
	out.push(chartCard({
		id: 'chart-issue-level', title: t('dash.byLevel'), note: t('dash.byLevelNote'),
		columns: [t('issue.level'), t('dash.count')],
		rows: (r.total ? byLevel : []).map(([s, n]) => [enumLabel('issue_level', s), n]),
		option: () => barOption(byLevel.map(([s]) => enumLabel('issue_level', s)), [{ name: t('dash.count'), data: byLevel.map(([, n]) => n) }]),
	}));
	const cats = (r.by_category || []).filter((c) => c.count > 0).sort((a, b) => b.count - a.count);
	out.push(chartCard({
		id: 'chart-issue-category', title: t('dash.byCategory'),
		columns: [t('issue.category'), t('dash.count')],
		rows: cats.map((c) => [categoryName(c.category, c.name), c.count]),
		height: rowsHeight(cats.length, 180),
		option: () => barOption(cats.map((c) => categoryName(c.category, c.name)), [{ name: t('dash.count'), data: cats.map((c) => c.count) }], { horizontal: true }),
	}));
	const hot = [...(r.hotspots || [])].sort((a, b) => b.count - a.count);
	const hotTop = hot.slice(0, TOP);
	out.push(chartCard({
		id: 'chart-hotspots', title: t('dash.hotspots'),
		columns: [t('f.compound'), t('issue.category'), t('dash.count')],
		rows: hot.map((x) => [x.compound_name || '—', categoryName(x.category, x.category_name), x.count]),
		height: rowsHeight(hotTop.length, 180),
		option: () => barOption(hotTop.map((x) => `${x.compound_name || '—'}·${categoryName(x.category, x.category_name)}`), [{ name: t('dash.count'), data: hotTop.map((x) => x.count), color: '#b91c1c' }], { horizontal: true }),
	}));
	const areas = (r.by_area || []).filter((a) => a.total > 0);
	if ((r.by_area || []).length) {
		out.push(chartCard({
			id: 'chart-issue-areas', title: t('dash.issuesByArea'),
			columns: [t('dash.area'), t('dash.issues'), t('dash.issuesOpen'), t('dash.issuesOverdue')],
			rows: areas.map((a) => [a.name, a.total, a.open, a.overdue]),
			height: rowsHeight(areas.length, 180),
			option: () => barOption(areas.map((a) => a.name), [
				{ name: t('dash.issues'), data: areas.map((a) => a.total) },
				{ name: t('dash.issuesOpen'), data: areas.map((a) => a.open) },
				{ name: t('dash.issuesOverdue'), data: areas.map((a) => a.overdue), color: '#b91c1c' },
			], { horizontal: true }),
		}));
	}
	return { kpis: kpiList, charts: out };
}
