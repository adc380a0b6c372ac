// Consultation and networks for the committee head (问计于民 · 暖百家心):
// surveys with their results and response rates, meetings with the tally of
// each vote, the party tree with its proposal and the liaison coverage, and
// volunteer totals.  Every figure is a table (docs/consultation.md).

import { t, lang } from '../i18n.js';
import { get, qs } from '../api.js';
import { h, pageTitle, pct, dateTime, toast, errorText, dl } from '../ui.js';
import { go } from '../app.js';
import { committees as loadCommittees } from '../data.js';
import { w } from './words.js';
import { acceptPanel, toInput, undoButton } from './party.js';
import './words-head.js';
import '../i18n-consult.js';

const TABS = ['surveys', 'meetings', 'party', 'volunteers'];
const TAB_LABEL = { surveys: 'consult.surveys', meetings: 'consult.meetings', party: 'consult.party', volunteers: 'consult.volunteers' };

export async function consultView({ params, query }) {
	const tab = TABS.includes(params.tab) ? params.tab : 'surveys';
	const list = await loadCommittees().catch(() => []);
	const code = query.get('committee_code') || (list[0] && list[0].code) || '';
	const nav = h('nav', { class: 'tabs', 'aria-label': t('consult.sections') }, h('ul', null, TABS.map((k) => h('li', null,
		h('a', { href: `#/consult/${k}` + qs({ committee_code: code }), 'aria-current': k === tab ? 'page' : null }, t(TAB_LABEL[k]))))));
	const sel = h('select', { id: 'consult-committee', onchange: (ev) => go(`#/consult/${tab}` + qs({ committee_code: ev.target.value })) },
		list.map((c) => h('option', { value: c.code, selected: c.code === code }, c.name)));
	const pick = h('div', { class: 'field inline committee-pick' }, h('label', { for: 'consult-committee' }, t('f.committee')), sel);
	let body;
	if (!code) body = h('p', { class: 'empty' }, t('consult.noCommittee'));
	else body = await ({ surveys, meetings, party, volunteers })[tab](code, query);
	const more = h('p', { class: 'actions consult-more' }, h('a', { class: 'btn', href: '#/projects' + qs({ committee_code: code }) }, w('pj.title')),
		h('a', { class: 'btn', href: '#/notices' + qs({ committee_code: code }) }, w('nt.title')));
	return h('section', { class: 'consult' }, pageTitle(t('consult.title')), nav, pick, more, body);
}

/** A table from a header row and rows of cells; an empty note when none. */
function table(caption, head, rows) {
	if (!rows.length) return h('p', { class: 'empty' }, t('consult.none'));
	return h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
		caption ? h('caption', null, caption) : null,
		h('thead', null, h('tr', null, head.map((x) => h('th', { scope: 'col' }, x)))),
		h('tbody', null, rows.map((r) => h('tr', null, r.map((x) => h('td', null, x ?? '—')))))));
}

const share = (x) => pct(x === null || x === undefined ? null : x * 100);
const yes = (b) => (b ? t('consult.yes') : t('consult.no'));

// --- surveys ------------------------------------------------------------------------

async function surveys(code, query) {
	const list = (await get('/api/v1/surveys' + qs({ committee_code: code, limit: 100 }))).items;
	const chosen = Number(query.get('survey')) || (list[0] && list[0].id);
	const rows = list.map((s) => [
		h('a', { href: '#/consult/surveys' + qs({ committee_code: code, survey: s.id }), 'aria-current': s.id === chosen ? 'true' : null }, s.title),
		s.status === 'open' ? t('consult.open') : t('consult.closed'), String(s.audience), String(s.responses),
		share(s.audience ? s.responses / s.audience : 0)]);
	const parts = [h('section', { class: 'card' }, h('h2', null, t('consult.surveys')),
		// issue 17: the builder, the QR sheets and the charts are views/surveys.js
		h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/surveys/new' + qs({ committee_code: code }) }, w('sv.new')),
			chosen ? h('a', { class: 'btn', href: `#/surveys/${chosen}` }, w('sv.open')) : null),
		table(null, [t('consult.survey'), t('consult.status'), t('consult.audience'), t('consult.responses'), t('consult.rate')], rows))];
	if (chosen) parts.push(await surveyResults(chosen));
	return h('div', null, parts);
}

function questionTable(q) {
	if (q.options) return table(null, [t('consult.option'), t('consult.count'), t('consult.share')], q.options.map((o) => [o.option, String(o.count), share(o.share)]));
	if (q.kind === 'rating') return dl([[t('consult.mean'), q.mean ?? '—'], [t('consult.scores'), q.counts.map((n, i) => `${i + 1}: ${n}`).join(' · ')]]);
	if (q.kind === 'number') return dl([[t('consult.mean'), q.mean ?? '—'], [t('consult.min'), q.min ?? '—'], [t('consult.max'), q.max ?? '—']]);
	return q.texts && q.texts.length ? h('ul', null, q.texts.slice(0, 20).map((x) => h('li', null, x))) : h('p', { class: 'muted' }, t('consult.none'));
}

async function surveyResults(id) {
	const r = await get(`/api/v1/surveys/${id}/results`);
	const byCompound = table(t('consult.byCompound'), [t('consult.compound'), t('consult.audience'), t('consult.responses'), t('consult.rate')],
		r.by_compound.map((c) => [c.compound_name, String(c.audience), String(c.responses), share(c.response_rate)]));
	return h('section', { class: 'card', id: 'survey-results' },
		h('h2', null, r.title),
		dl([[t('consult.audience'), String(r.audience)], [t('consult.responses'), String(r.responses)], [t('consult.rate'), share(r.response_rate)]]),
		h('p', null, h('a', { href: `/api/v1/surveys/${id}/export?format=xlsx`, download: '' }, t('consult.export'))),
		r.questions.map((q) => h('div', { class: 'question' }, h('h3', null, `${q.index + 1}. ${q.text}`),
			h('p', { class: 'muted' }, t('consult.answered', { n: q.answered })), questionTable(q))),
		byCompound);
}

// --- meetings -----------------------------------------------------------------------

async function meetings(code, query) {
	const list = (await get('/api/v1/meetings' + qs({ committee_code: code, limit: 100 }))).items;
	const chosen = Number(query.get('meeting')) || (list[0] && list[0].id);
	const rows = list.map((m) => [
		h('a', { href: '#/consult/meetings' + qs({ committee_code: code, meeting: m.id }) }, m.topic),
		dateTime(m.held_at), m.place || '—', `${m.present} / ${m.invited}`]);
	const parts = [h('section', { class: 'card' }, h('h2', null, t('consult.meetings')),
		h('div', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/meetings/new' + qs({ committee_code: code }) }, w('mt.new')),
			chosen ? h('a', { class: 'btn', href: `#/meetings/${chosen}` }, w('sv.open')) : null),
		table(null, [t('consult.topic'), t('consult.heldAt'), t('consult.place'), t('consult.presentInvited')], rows))];
	if (chosen) {
		const m = await get(`/api/v1/meetings/${chosen}`);
		const q = m.quorum;
		parts.push(h('section', { class: 'card', id: 'meeting' },
			h('h2', null, m.topic),
			dl([[t('consult.heldAt'), dateTime(m.held_at)], [t('consult.place'), m.place],
				[t('consult.presentInvited'), `${m.present} / ${m.invited}`],
				[t('consult.quorumRule'), t('consult.quorumText', { n: q.min_present, p: q.present_pct, pass: q.pass_pct })]]),
			table(t('consult.votes'), [t('consult.motion'), t('consult.for'), t('consult.against'), t('consult.abstain'), t('consult.approval'), t('consult.quorumMet'), t('consult.passed')],
				m.motions.map((v) => [v.text,
					v.kind === 'approval' ? String(v.for) : t('consult.meanScore', { m: v.mean ?? '—' }),
					v.kind === 'approval' ? String(v.against) : '—', v.kind === 'approval' ? String(v.abstain) : '—',
					share(v.approval_share), yes(v.quorum_met), yes(v.passed)])),
			m.minutes ? h('div', null, h('h3', null, t('consult.minutes')), h('p', { class: 'minutes' }, m.minutes)) : null,
			m.decisions.length ? h('div', null, h('h3', null, t('consult.decisions')), h('ul', null, m.decisions.map((d) => h('li', null, d.text)))) : null));
	}
	return h('div', null, parts);
}

// --- party ----------------------------------------------------------------------------

function orgItem(o) {
	const who = [o.leader ? t('consult.leader', { n: o.leader.name }) : null, o.liaison ? t('consult.liaison', { n: o.liaison.name }) : null].filter(Boolean).join(' · ');
	const kids = o.branches || o.groups || [];
	return h('li', null, h('strong', null, o.name), who ? ` (${who})` : '',
		o.members.length ? h('span', { class: 'muted' }, ' · ' + o.members.map((m) => m.name).join(lang() === 'zh' ? '、' : ', ')) : null,
		kids.length ? h('ul', null, kids.map(orgItem)) : null);
}

async function party(code) {
	const [tree, cov] = await Promise.all([
		get('/api/v1/party/orgs' + qs({ committee_code: code })),
		get('/api/v1/party/coverage' + qs({ committee_code: code })),
	]);
	const proposalSlot = h('div', { id: 'party-proposal' });
	const propose = h('button', {
		type: 'button', class: 'btn', onclick: async () => {
			propose.disabled = true;
			try {
				const p = await get('/api/v1/party/proposal' + qs({ committee_code: code }));
				// issue 17: the difference, a confirmation, officers kept, an undo (views/party.js)
				const accept = h('button', {
					type: 'button', class: 'btn btn-primary', onclick: () => {
						accept.replaceWith(acceptPanel(code, toInput(code, tree.general_branch), p));
					},
				}, t('consult.accept'));
				proposalSlot.replaceChildren(
					table(t('consult.proposal'), [t('consult.group'), t('consult.buildings'), t('consult.members'), t('consult.belowMinimum')],
						p.groups.map((g) => [g.name, g.buildings.map((b) => `${b.label} (${b.members})`).join(' '), String(g.members.length), yes(g.below_minimum)])),
					h('p', { class: 'muted' }, t('consult.proposalHint')), accept);
			} catch (err) {
				toast(errorText(err), 'error');
			} finally {
				propose.disabled = false;
			}
		},
	}, t('consult.propose'));
	return h('div', null,
		h('section', { class: 'card', id: 'party-tree' }, h('h2', null, t('consult.tree')),
			tree.general_branch ? h('ul', { class: 'org-tree' }, orgItem(tree.general_branch)) : h('p', { class: 'empty' }, t('consult.noTree')),
			propose, undoButton(code), h('a', { class: 'btn btn-quiet', href: '#/party/plates' + qs({ committee_code: code }) }, w('pt.printPlates')), proposalSlot),
		h('section', { class: 'card', id: 'party-coverage' }, h('h2', null, t('consult.coverage')),
			dl([[t('consult.households'), String(cov.households)], [t('consult.linked'), String(cov.linked)], [t('consult.share'), share(cov.share)]]),
			table(t('consult.byBuilding'), [t('consult.building'), t('consult.households'), t('consult.linked')],
				cov.by_building.map((b) => [`${b.compound_name} ${b.label}`, String(b.households), String(b.linked)])),
			table(t('consult.byMember'), [t('consult.member'), t('consult.households')], cov.by_member.map((m) => [m.name, String(m.households)]))));
}

// --- volunteers ------------------------------------------------------------------------

async function volunteers(code, query) {
	const from = query.get('from') || undefined;
	const to = query.get('to') || undefined;
	const r = await get('/api/v1/reports/volunteers' + qs({ committee_code: code, from, to }));
	const hours = (x) => String(Math.round(x * 10) / 10);
	return h('div', null,
		h('p', null, h('a', { class: 'btn btn-primary', href: '#/network' + qs({ committee_code: code }) }, w('nw.title'))), // issue 17
		h('section', { class: 'card', id: 'volunteer-totals' }, h('h2', null, t('consult.volunteerTotals')),
			dl([[t('consult.activities'), String(r.activities)], [t('consult.hours'), hours(r.hours)], [t('consult.served'), String(r.served)]]),
			table(t('consult.byVolunteer'), [t('consult.volunteer'), t('consult.activities'), t('consult.hours')],
				r.by_volunteer.map((v) => [v.name, String(v.activities), hours(v.hours)])),
			table(t('consult.byTeam'), [t('consult.team'), t('consult.activities'), t('consult.hours'), t('consult.served')],
				r.by_team.map((x) => [x.name, String(x.activities), hours(x.hours), String(x.served)])),
			table(t('consult.byMonth'), [t('consult.month'), t('consult.activities'), t('consult.hours'), t('consult.served')],
				r.by_month.map((x) => [x.month, String(x.activities), hours(x.hours), String(x.served)]))));
}
