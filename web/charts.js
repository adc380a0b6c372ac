// Charts, each with its data as a table (for screen readers and for export
// as CSV).  Bars, lines and rings are drawn here as SVG (issue 18: a few KB,
// where ECharts cost 240 KB gzipped, 5 s on a phone's slow network before
// the dashboard's first chart); ECharts (its common build, from /vendor) is
// loaded only for an option this file does not draw (a raw ECharts option).

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
	let drawn = 0;
	const ro = new ResizeObserver(async () => {
		if (!box.isConnected || box.clientWidth === 0) return;
		let spec = null;
		try {
			spec = o.option(null); // ours ({kind}), or a raw ECharts option that may need the library
		} catch { /* drawn by ECharts below */ }
		if (spec && spec.kind) { // ours: drawn again when the width changes
			if (box.clientWidth !== drawn) {
				drawn = box.clientWidth;
				box.replaceChildren(draw(spec, box.clientWidth, box.clientHeight || o.height || 260));
			}
			return;
		}
		if (chart) {
			if (chart !== 'loading') chart.resize();
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

// --- the SVG charts -----------------------------------------------------------

// the SVG namespace, as the HTML parser gives it (no URL in the code: nothing is fetched)
const NS = document.createRange().createContextualFragment('<svg></svg>').firstChild.namespaceURI;
function el(name, attrs, ...kids) {
	const e = document.createElementNS(NS, name);
	for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
	for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k);
	return e;
}
const title = (s) => el('title', null, s);
const FS = 12; // font size, px
/** The width of S in px at FS (a CJK character is a square, others about half). */
function textWidth(s) {
	let w = 0;
	for (const c of String(s)) w += c.charCodeAt(0) > 0x2e7f ? FS : FS * 0.6;
	return w;
}
/** S cut to fit W px, with an ellipsis. */
function fit(s, w) {
	s = String(s);
	if (textWidth(s) <= w) return s;
	let out = '';
	for (const c of s) {
		if (textWidth(out + c + '…') > w) break;
		out += c;
	}
	return out + '…';
}
function text(x, y, s, attrs, ...kids) {
	return el('text', { x, y, 'font-size': FS, fill: '#1a1a1a', ...attrs }, String(s), ...kids);
}
/** A round step for an axis up to MAX in about N steps. */
function niceStep(max, n) {
	const raw = max / n;
	const p = 10 ** Math.floor(Math.log10(raw || 1));
	for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
	return 10 * p;
}
const valueOf = (d) => (d && typeof d === 'object' ? Number(d.value) || 0 : Number(d) || 0);
const colourOf = (d, s, i) => (d && typeof d === 'object' && d.itemStyle?.color) || s.color || PALETTE[i % PALETTE.length];

/** SPEC ({kind: 'bar'|'line'|'pie', …}) as an SVG of W × H px. */
function draw(spec, w, h0) {
	const svg = el('svg', { width: w, height: h0, viewBox: `0 0 ${w} ${h0}`, 'aria-hidden': 'true', 'font-family': FONT, class: 'svg-chart' });
	if (spec.kind === 'pie') return drawPie(svg, spec, w, h0);
	const series = spec.series;
	let top = 8;
	if (series.length > 1) { // the legend
		let x = 8;
		const g = el('g', { class: 'legend' });
		series.forEach((s, i) => {
			const lw = 18 + textWidth(s.name) + 14;
			if (x + lw > w && x > 8) {
				x = 8;
				top += 18;
			}
			g.append(el('rect', { x, y: top, width: 12, height: 12, rx: 2, fill: s.color || PALETTE[i % PALETTE.length] }), text(x + 16, top + 10, s.name));
			x += lw;
		});
		svg.append(g);
		top += 24;
	} else top += 6;
	const stacked = series.some((s) => s.stack);
	const cats = spec.categories;
	const totals = cats.map((_, j) => (stacked ? series.reduce((a, s) => a + valueOf(s.data[j]), 0) : Math.max(0, ...series.map((s) => valueOf(s.data[j])))));
	const max = spec.max || Math.max(1, ...totals);
	const step = spec.max ? niceStep(spec.max, 4) : Math.max(spec.unit ? 0 : 1, niceStep(max, 4));
	const end = spec.max || Math.ceil(max / step) * step;
	const fmt = (v) => `${Math.round(v * 10) / 10}${spec.unit || ''}`;
	const showLabels = cats.length <= 12;
	if (spec.kind === 'bar' && spec.horizontal) {
		const labelW = Math.min(Math.max(...cats.map(textWidth), 20) + 6, w * 0.4);
		const left = 8 + labelW, right = w - (showLabels ? 44 : 12), bottom = h0 - 20;
		const scale = (v) => left + (right - left) * Math.min(v, end) / end;
		for (let v = 0; v <= end + 1e-9; v += step) {
			svg.append(el('line', { x1: scale(v), x2: scale(v), y1: top, y2: bottom, stroke: '#ddd' }), text(scale(v), h0 - 6, fmt(v), { 'text-anchor': 'middle', fill: '#555' }));
		}
		const band = (bottom - top) / cats.length;
		const nb = stacked ? 1 : series.length;
		const bh = Math.min(28, band * 0.7 / nb);
		cats.forEach((c, j) => {
			const y0 = top + band * j + (band - bh * nb) / 2;
			svg.append(text(left - 6, top + band * j + band / 2 + 4, fit(c, labelW - 6), { 'text-anchor': 'end' }, title(c)));
			let acc = 0;
			series.forEach((s, i) => {
				const v = valueOf(s.data[j]);
				const x = stacked ? scale(acc) : left;
				const y = stacked ? y0 : y0 + i * bh;
				const bw = Math.max(0, scale(stacked ? acc + v : v) - x);
				acc += v;
				svg.append(el('rect', { x, y, width: bw, height: bh - 1, fill: colourOf(s.data[j], s, i) }, title(`${c} · ${s.name}: ${fmt(v)}`)));
				if (showLabels && v && !stacked) svg.append(text(x + bw + 3, y + bh / 2 + 4, fmt(v), { 'font-size': FS - 1 }));
			});
		});
		svg.append(el('line', { x1: left, x2: left, y1: top, y2: bottom, stroke: '#666' }));
		return svg;
	}
	// vertical bars and lines: categories along the bottom
	const axisW = Math.max(...[0, end / 2, end].map((v) => textWidth(fmt(v)))) + 10;
	const left = 8 + axisW, right = w - 12, bottom = h0 - 24;
	const scale = (v) => bottom - (bottom - top - 14) * Math.min(v, end) / end;
	for (let v = 0; v <= end + 1e-9; v += step) {
		svg.append(el('line', { x1: left, x2: right, y1: scale(v), y2: scale(v), stroke: '#ddd' }), text(left - 4, scale(v) + 4, fmt(v), { 'text-anchor': 'end', fill: '#555' }));
	}
	const band = (right - left) / cats.length;
	const every = Math.max(1, Math.ceil(cats.length * 44 / (right - left)));
	cats.forEach((c, j) => {
		if (j % every === 0) svg.append(text(left + band * j + band / 2, h0 - 8, fit(c, band * every - 4), { 'text-anchor': 'middle' }, title(c)));
	});
	if (spec.kind === 'line') {
		series.forEach((s, i) => {
			const colour = s.color || PALETTE[i % PALETTE.length];
			const pts = cats.map((_, j) => [left + band * j + band / 2, scale(valueOf(s.data[j]))]);
			const line = pts.map((p) => p.join(',')).join(' ');
			svg.append(el('polygon', { points: `${pts[0][0]},${bottom} ${line} ${pts[pts.length - 1][0]},${bottom}`, fill: colour, 'fill-opacity': 0.12 }),
				el('polyline', { points: line, fill: 'none', stroke: colour, 'stroke-width': 2 }));
			pts.forEach(([x, y], j) => {
				svg.append(el('circle', { cx: x, cy: y, r: 3.5, fill: '#fff', stroke: colour, 'stroke-width': 2 }, title(`${cats[j]} · ${s.name}: ${fmt(valueOf(s.data[j]))}`)));
				if (showLabels) svg.append(text(x, y - 8, fmt(valueOf(s.data[j])), { 'text-anchor': 'middle', 'font-size': FS - 1 }));
			});
		});
	} else {
		const nb = stacked ? 1 : series.length;
		const bw = Math.min(28, band * 0.7 / nb);
		cats.forEach((c, j) => {
			const x0 = left + band * j + (band - bw * nb) / 2;
			let acc = 0;
			series.forEach((s, i) => {
				const v = valueOf(s.data[j]);
				const x = stacked ? x0 : x0 + i * bw;
				const y = scale(stacked ? acc + v : v);
				const base = stacked ? scale(acc) : bottom;
				acc += v;
				svg.append(el('rect', { x, y, width: bw - 1, height: Math.max(0, base - y), fill: colourOf(s.data[j], s, i) }, title(`${c} · ${s.name}: ${fmt(v)}`)));
				if (showLabels && v && !stacked) svg.append(text(x + bw / 2, y - 3, fmt(v), { 'text-anchor': 'middle', 'font-size': FS - 1 }));
			});
		});
	}
	svg.append(el('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: '#666' }));
	return svg;
}

/** A ring: its slices, the legend (name and value) beside or below it. */
function drawPie(svg, spec, w, h0) {
	const items = spec.items.filter((x) => x.value > 0);
	const sum = items.reduce((a, x) => a + x.value, 0) || 1;
	const wide = w >= 420;
	const r = Math.max(30, Math.min(wide ? h0 / 2 - 10 : (h0 - 24 * Math.ceil(items.length / 2)) / 2 - 8, (wide ? w / 2 : w) / 2 - 10));
	const cx = wide ? r + 16 : w / 2, cy = r + 8;
	let a = -Math.PI / 2;
	items.forEach((x, i) => {
		const da = Math.min(x.value / sum, 0.9999) * 2 * Math.PI;
		const p = (ang, rr) => `${cx + rr * Math.cos(ang)},${cy + rr * Math.sin(ang)}`;
		const large = da > Math.PI ? 1 : 0;
		const r0 = r * 0.58;
		svg.append(el('path', { d: `M${p(a, r)} A${r},${r} 0 ${large} 1 ${p(a + da, r)} L${p(a + da, r0)} A${r0},${r0} 0 ${large} 0 ${p(a, r0)} Z`, fill: PALETTE[i % PALETTE.length], stroke: '#fff' }, title(`${x.name}: ${x.value}`)));
		a += da;
	});
	items.forEach((x, i) => {
		const lx = wide ? 2 * r + 40 : 8 + (i % 2) * (w / 2);
		const ly = wide ? 16 + i * 20 : 2 * r + 24 + Math.floor(i / 2) * 20;
		svg.append(el('rect', { x: lx, y: ly - 10, width: 12, height: 12, rx: 2, fill: PALETTE[i % PALETTE.length] }),
			text(lx + 16, ly, fit(`${x.name} ${x.value}`, (wide ? w - lx : w / 2) - 24)));
	});
	return svg;
}

/** A bar chart over categories (horizontal when there are many or the
 * names are long); a series' data are numbers or {value, itemStyle: {color}}. */
export function barOption(categories, series, { horizontal = false, max, unit = '' } = {}) {
	return { kind: 'bar', categories, series, horizontal, max, unit };
}

/** A line chart over categories. */
export function lineOption(categories, series, { max, unit = '' } = {}) {
	return { kind: 'line', categories, series, max, unit };
}

/** A pie (ring) chart: items [{name, value}]. */
export function pieOption(items) {
	return { kind: 'pie', items };
}
