// Accepting the proposed party groups (issue 17, docs/consultation.md):
// the difference with the tree in force, a confirmation, and the officers,
// names and liaisons kept for every group whose buildings and members did
// not change (and for the general branch and the branches of the same
// compounds); the tree replaced is kept in this browser tab so that the
// acceptance can be undone.

import { get, put, qs } from '../api.js';
import { h, toast, errorText, pageTitle } from '../ui.js';
import { pagesCss } from './answer.js';
import { go } from '../app.js';
import { w } from './words.js';
import './words-head.js';

const ids = (xs) => (xs || []).map((x) => x.id);
const same = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
const idOf = (x) => (x ? x.id : null);

/** The tree as read (GET /party/orgs) in the shape PUT takes. */
export function toInput(code, g) {
	if (!g) return null;
	const org = (o) => ({ name: o.name, leader_id: idOf(o.leader), liaison_id: idOf(o.liaison), member_ids: ids(o.members) });
	return {
		committee_code: code, name: g.name, leader_id: idOf(g.leader), member_ids: ids(g.members),
		branches: (g.branches || []).map((b) => ({ ...org(b), compound_id: b.compound_id, groups: (b.groups || []).map((x) => ({ ...org(x), building_ids: x.building_ids || [] })) })),
	};
}

/** The proposal with what the tree in force keeps, and each group's fate:
 * {tree, rows: [[name, fate]]}. */
export function merge(current, proposed) {
	const tree = structuredClone(proposed);
	const rows = [];
	if (!current) {
		for (const b of tree.branches) for (const g of b.groups) rows.push([g.name, w('pt.new')]);
		return { tree, rows };
	}
	tree.name = current.name;
	tree.leader_id = current.leader_id;
	tree.member_ids = current.member_ids;
	const oldGroups = current.branches.flatMap((b) => b.groups);
	const used = new Set();
	for (const b of tree.branches) {
		const ob = current.branches.find((x) => x.compound_id === b.compound_id);
		if (ob) Object.assign(b, { name: ob.name, leader_id: ob.leader_id, liaison_id: ob.liaison_id, member_ids: ob.member_ids });
		b.groups = b.groups.map((g) => {
			const og = oldGroups.find((x) => same(x.building_ids, g.building_ids));
			if (og && same(og.member_ids, g.member_ids)) {
				used.add(og);
				rows.push([og.name, w('pt.kept')]);
				return { ...og };
			}
			if (og) used.add(og);
			rows.push([g.name, og ? w('pt.changed', { name: og.name }) : w('pt.new')]);
			return g;
		});
	}
	for (const og of oldGroups) if (!used.has(og)) rows.push([og.name, w('pt.gone')]);
	return { tree, rows };
}

const UNDO = (code) => 'sibai.party.undo.' + code;

/** The difference, the confirmation, the undo (null when nothing to undo). */
export function acceptPanel(code, current, proposal) {
	const { tree, rows } = merge(current, proposal.tree);
	const confirm = h('button', {
		type: 'button', class: 'btn btn-primary', onclick: async () => {
			confirm.disabled = true;
			try {
				await put('/api/v1/party/orgs', tree);
				if (current) sessionStorage.setItem(UNDO(code), JSON.stringify(current));
				toast(w('pt.saved'));
				go('#/consult/party' + qs({ committee_code: code }));
			} catch (err) {
				toast(errorText(err), 'error');
				confirm.disabled = false;
			}
		},
	}, w('pt.confirm'));
	return h('div', { class: 'pt-diff', id: 'party-diff' }, h('h3', null, w('pt.diff')),
		h('ul', null, rows.map(([name, fate]) => h('li', null, h('strong', null, name), ' · ', fate))),
		h('p', { class: 'muted' }, w('pt.keepHint')), confirm);
}

/** A button to put back the tree an acceptance replaced, or null. */
export function undoButton(code) {
	const saved = sessionStorage.getItem(UNDO(code));
	if (!saved) return null;
	const b = h('button', {
		type: 'button', class: 'btn', onclick: async () => {
			b.disabled = true;
			try {
				await put('/api/v1/party/orgs', JSON.parse(saved));
				sessionStorage.removeItem(UNDO(code));
				toast(w('pt.undone'));
				go('#/consult/party' + qs({ committee_code: code }));
			} catch (err) {
				toast(errorText(err), 'error');
				b.disabled = false;
			}
		},
	}, w('pt.undo'));
	return b;
}

/** #/party/plates?committee_code=&building_id=: the 亮身份 door plates, a
 * building a page, one plate per living party member with room and group. */
export async function platesView({ query }) {
	pagesCss();
	const code = query.get('committee_code') || '';
	const r = await get('/api/v1/party/members' + qs({ committee_code: code, building_id: query.get('building_id') || undefined }));
	r.items = r.items.filter((b) => b.members.length); // a plate per member: no empty pages
	return h('section', { class: 'plates' }, pageTitle(w('pt.plates')),
		h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, w('sv.print')),
			h('a', { class: 'btn btn-quiet', href: '#/consult/party' + qs({ committee_code: code }) }, w('pt.back'))),
		r.items.length ? r.items.map((b) => h('section', { class: 'pt-building' }, h('h2', null, `${b.compound_name || ''} ${b.label}`),
			h('div', { class: 'pt-plates' }, b.members.map((m) => h('div', { class: 'pt-plate' },
				h('p', { class: 'pt-mark' }, w('pt.mark')), h('p', { class: 'pt-name' }, m.name),
				h('p', null, m.room), m.group ? h('p', { class: 'small' }, m.group) : null)))))
			: h('p', { class: 'empty' }, w('pt.noMembers')));
}
