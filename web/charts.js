// Charts: ECharts (its common build, loaded on first use from /vendor, so that
// pages without charts stay light), each chart with its data as a table
// (for screen readers and for export as CSV).

import { t, lang } from './i18n.js';
import { h, toCSV, download } from './ui.js';

let loading = null;
/** Loads ECharts once; resolves to window.echarts. */
export function echartsReady() {
	if (window.echarts) return Promise.resolve(window.echarts);
	if (!loading) {
		loading = new Promise((resolve, reject) => {
			const s = document.createElement('script');
			s.src = '/vendor/echarts.common.min.js';
			s.async = true;
			s.onload = () => resolve(window.echarts);
			s.onerror = () => {
				loading = null;
				reject(new Error('echarts'));
			};
			document.head.appendChild(s);
		});
	}
	return loading;
}

// colours with a contrast of at least 3:1 against white (WCAG non-text)
export const PALETTE = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#4d4d4d'];
const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/**
 * A chart card: {id, title, columns: [header…], rows: [[cell…]…], option:
 * (echarts) => ECharts option, height, note}.  The table holds the same
 * numbers as the chart.  Empty rows give a "no data" note instead of a chart.
 */
export function chartCard(o) {
	const tableId = `${o.id}-table`;
	const fig = h('figure', { class: 'chart-card card', id: o.id, dataset: { chart: o.id } });
	const cap = h('figcaption', null, h('h2', null, o.title), o.note ? h('p', { class: 'muted small' }, o.note) : null);
	fig.append(cap);
	if (!o.rows.length) {
		fig.append(h('p', { class: 'empty' }, t('chart.noData')));
		return fig;
	}
	const box = h('div', { class: 'chart', role: 'img', 'aria-label': `${o.title}（${t('chart.seeTable')}）`, style: `height:${o.height || 260}px` });
	fig.append(box);
	const table = h('table', { class: 'table data-table', id: tableId },
		h('caption', { class: 'sr-only' }, o.title),
		h('thead', null, h('tr', null, o.columns.map((c) => h('th', { scope: 'col' }, c)))),
		h('tbody', null, o.rows.map((r) => h('tr', null, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, String(c ?? '—')) : h('td', null, c === null || c === undefined ? '—' : String(c))))))));
	fig.append(h('details', { class: 'chart-data' },
		h('summary', null, t('chart.table')),
		h('div', { class: 'table-scroll' }, table),
		h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => download(`${o.title}.csv`, toCSV([o.columns, ...o.rows])) }, t('chart.csv'))));

	let chart = null;
	const ro = new ResizeObserver(async () => {
		if (!box.isConnected || box.clientWidth === 0) return;
		if (chart) {
			chart.resize();
			return;
		}
		chart = 'loading';
		try {
			const ec = await echartsReady();
			chart = ec.init(box, null, { renderer: 'svg', locale: lang() === 'zh' ? 'ZH' : 'EN' });
			chart.setOption({
				color: PALETTE,
				textStyle: { fontFamily: FONT, color: '#1a1a1a' },
				animation: false,
				grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
				tooltip: { trigger: 'axis', confine: true },
				...o.option(ec),
			});
		} catch {
			box.replaceWith(h('p', { class: 'muted' }, t('chart.failed')));
		}
	});
	ro.observe(box);
	return fig;
}

/** A bar chart option over categories (horizontal when there are many or the names are long). */
export function barOption(categories, series, { horizontal = false, max, unit = '' } = {}) {
	const cat = { type: 'category', data: categories, axisLabel: { interval: 0, width: 100, overflow: 'truncate', hideOverlap: !horizontal } };
	const val = { type: 'value', max, minInterval: unit ? undefined : 1, axisLabel: { formatter: (v) => v + unit } };
	return {
		legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
		grid: { left: 14, right: horizontal ? 52 : 16, top: series.length > 1 ? 36 : 20, bottom: 8, containLabel: true },
		xAxis: horizontal ? val : cat,
		yAxis: horizontal ? { ...cat, inverse: true } : val,
		series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, stack: s.stack, barMaxWidth: 28, label: { show: categories.length <= 12, position: horizontal ? 'right' : 'top', formatter: (p) => (p.value ? p.value + unit : '') }, itemStyle: s.color ? { color: s.color } : undefined })),
	};
}

/** A pie (ring) chart option. */
export function pieOption(items) {
	return {
		tooltip: { trigger: 'item', confine: true },
		legend: { bottom: 0, type: 'scroll' },
		series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'], avoidLabelOverlap: true, label: { formatter: '{b}\n{c}' }, data: items }],
	};
}
