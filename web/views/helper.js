// A building leader's or volunteer's page (docs/accounts.md, "Light
// accounts"): the households of its buildings with their residents' names,
// ages and tags; a daily check (a visit) for each; the campaign targets of
// its buildings with their checklists (a delivery); a problem reported.

import { t, enumLabel } from '../i18n.js';
import { get, post, put } from '../api.js';
import { h, field, pageTitle, onSubmit, toast, tagChips } from '../ui.js';

function residentLine(r) {
	const bits = [r.name, r.gender ? enumLabel('gender', r.gender) : null, r.age !== null && r.age !== undefined ? t('helper.age', { n: r.age }) : null];
	return h('li', null, bits.filter(Boolean).join(' · '), r.tags.length ? h('span', null, ' ', tagChips(r.tags)) : null);
}

function householdCard(x) {
	const place = `${x.compound} ${x.building} ${x.room}`;
	const check = h('form', { class: 'form', novalidate: true },
		field({ name: 'observed', label: t('helper.observed'), type: 'textarea', rows: 2, attrs: { maxlength: 2000 } }),
		h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('helper.recordCheck'))));
	onSubmit(check, async () => {
		const observed = check.elements.observed.value.trim();
		await post('/api/v1/visits', { household_id: x.id, channel: 'home', ...(observed ? { observed } : {}) });
		check.reset();
		toast(t('helper.checked', { p: place }));
	});
	const report = h('form', { class: 'form', novalidate: true },
		field({ name: 'description', label: t('helper.problem'), type: 'textarea', rows: 2, required: true, attrs: { maxlength: 2000 } }),
		h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('helper.report'))));
	onSubmit(report, async () => {
		const description = report.elements.description.value.trim();
		const i = await post('/api/v1/issues', { category: 'other', channel: 'visit', household_id: x.id, description });
		report.reset();
		toast(t('helper.reported', { r: i.receipt_no || '' }));
	}, { category: 'description' });
	return h('article', { class: 'card helper-household', dataset: { household: x.id } },
		h('h3', null, place),
		x.tags.length ? h('p', null, tagChips(x.tags)) : null,
		h('ul', { class: 'plain' }, x.residents.map(residentLine)),
		h('details', null, h('summary', null, t('helper.recordCheck')), check),
		h('details', null, h('summary', null, t('helper.report')), report));
}

function valueField(f, values) {
	const v = values ? values[f.key] : undefined;
	const label = f.label + (f.required ? '' : ` (${t('helper.optional')})`);
	if (f.type === 'yes_no') return field({ name: f.key, label, type: 'checkbox', value: v === true });
	if (f.type === 'choice') return field({ name: f.key, label, type: 'select', value: v ?? '', options: [['', '—'], ...(f.options || []).map((o) => [o, o])] });
	if (f.type === 'number') return field({ name: f.key, label, type: 'number', value: v ?? '' });
	if (f.type === 'date') return field({ name: f.key, label, type: 'date', value: v ?? '' });
	return field({ name: f.key, label, value: v ?? '', attrs: { maxlength: 500 } });
}

function targetCard(x, redraw) {
	const form = h('form', { class: 'form', novalidate: true }, x.fields.map((f) => valueField(f, x.values)),
		h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('helper.save'))));
	onSubmit(form, async () => {
		const values = {};
		for (const f of x.fields) {
			const c = form.elements[f.key];
			if (f.type === 'yes_no') values[f.key] = c.checked;
			else if (c.value !== '') values[f.key] = f.type === 'number' ? Number(c.value) : c.value;
		}
		const r = await put(`/api/v1/campaign-targets/${x.target_id}/entry`, { values });
		toast(r.done ? t('helper.done') : t('helper.saved'));
		await redraw();
	}, Object.fromEntries(x.fields.map((f) => [`values.${f.key}`, f.key])));
	const who = x.resident_name ? ` · ${x.resident_name}` : '';
	return h('article', { class: 'card helper-target', dataset: { target: x.target_id } },
		h('h3', null, `${x.building} ${x.room}${who}`),
		h('p', { class: x.done ? 'ok' : 'muted' }, x.done ? t('helper.isDone') : t('helper.notDone')),
		form);
}

/** #/helper: the helper's buildings. */
export async function helperView() {
	const root = h('section', { class: 'helper' });
	const draw = async () => {
		const [hs, ts] = await Promise.all([get('/api/v1/me/households'), get('/api/v1/me/targets')]);
		const byCampaign = new Map();
		for (const x of ts.items) {
			if (!byCampaign.has(x.campaign_id)) byCampaign.set(x.campaign_id, { name: x.campaign, items: [] });
			byCampaign.get(x.campaign_id).items.push(x);
		}
		root.replaceChildren(pageTitle(t('helper.title')),
			h('section', { 'aria-labelledby': 'helper-targets' }, h('h2', { id: 'helper-targets' }, t('helper.targets')),
				byCampaign.size ? [...byCampaign.values()].map((c) => h('div', null, h('h3', null, c.name), c.items.map((x) => targetCard(x, draw))))
					: h('p', { class: 'muted' }, t('helper.noTargets'))),
			h('section', { 'aria-labelledby': 'helper-households' }, h('h2', { id: 'helper-households' }, t('helper.households')),
				hs.items.length ? hs.items.map(householdCard) : h('p', { class: 'muted' }, t('helper.noHouseholds'))));
	};
	await draw();
	return root;
}
