// Ids in bodies are checked like ids in paths (issue 14, item 2), over every
// route that takes them: every POST/PUT/PATCH of docs/openapi.yaml whose JSON
// body has (at any depth, through nested objects and arrays, $ref, allOf,
// oneOf) a member named `*_id` or `*_ids` is found in the spec, not listed by
// hand (plus the few id lists named otherwise, EXTRA_IDS), and for every such
// member path a body equal to a valid BASE body for a resource of committee A
// is sent with that id replaced by
//
//   none:       an id that names nothing (a list: added to its valid ids);
//   B:          the id of the same kind of object in committee B, another
//               committee of the same street, which the caller (a street
//               user) sees as well: being in the caller's jurisdiction is not
//               enough, the object must belong to the resource's committee
//               (a list: added to its valid ids);
//   B-alone:    for a list, [that id of B] alone (a list mixing committees
//               may be refused by another rule, a duty's pair of workers);
//   B-isolated: for a place id beside other optional place ids (an issue's
//               compound, building, household, resident), B's id with those
//               left out, so that its own check is reached rather than their
//               agreement;
//   outside:    only for the ids that place the resource (EXCEPTIONS), the id
//               of such an object of a committee of another street, out of
//               the caller's jurisdiction;
//   unknown:    members the spec lists and the server does not take
//               (EXCEPTIONS): sent at all, they must be refused naming them.
//
// Each must be refused: 400 (or 404 where the spec documents it for the
// operation), never 2xx nor 5xx, with the error's `field` naming the member
// (its last segment: `member_ids` in `branches[0].member_ids` or
// `branches.0.member_ids`), and nothing may change: the newest audit entry
// (GET /api/v1/audit?limit=1 as the admin), the collections and the objects
// written, read before and after all the refusals, are the same.  Every base
// body is then sent once and must succeed, so the table cannot rot.  The test
// fails when an operation with id members has no base body, or a member has
// neither a kind of object nor an entry in EXCEPTIONS: a new route with ids
// cannot slip through untested.
//
// SIBAI_IDS_VERBOSE=1 prints every case's answer.  One server, three logins
// (the admin, the street user, a worker of A and B).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO, api, divisions } from './lib/harness.mjs';
import { startVisits, addDays, firstDayFrom, isWorkday } from './lib/visits-fixture.mjs';
import { makeIdNumber } from './lib/register-fixture.mjs';

// ---------------------------------------------------------------------------
// The operations, from the spec

const SPEC = YAML.parse(fs.readFileSync(path.join(REPO, 'docs', 'openapi.yaml'), 'utf8'));

function deref(s) {
	for (let i = 0; s && typeof s.$ref === 'string' && i < 20; i++) {
		s = s.$ref.replace(/^#\//, '').split('/')
			.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce((o, k) => o?.[k], SPEC);
	}
	return s;
}

const ID_NAME = /_ids?$/;

/** The id members of SCHEMA: [{path: ['branches', '[]', 'member_ids'], name,
 * list (an array of ids)}].  allOf/oneOf/anyOf are walked alike; a schema
 * that refers to itself (the party tree's groups) is followed once more, so
 * that `branches[].groups[].member_ids` is there too. */
function idMembers(schema, extra = {}) {
	const out = new Map();
	// REQ: what the schemas around S (allOf and the like) require of it
	const walk = (s, at, stack, req) => {
		s = deref(s);
		if (!s || typeof s !== 'object') return;
		if (stack.filter((x) => x === s).length >= 2) return;
		stack = [...stack, s];
		req = [...req, ...(s.required || [])];
		for (const k of ['allOf', 'oneOf', 'anyOf']) for (const x of s[k] || []) walk(x, at, stack, req);
		if (s.items) walk(s.items, [...at, '[]'], stack, []);
		for (const [name, v] of Object.entries(s.properties || {})) {
			const p = [...at, name];
			if (ID_NAME.test(name) || name in extra) {
				const key = show(p);
				if (!out.has(key)) out.set(key, { path: p, name, list: isList(v), required: req.includes(name) });
			}
			walk(v, p, stack, []);
		}
	};
	walk(schema, [], [], []);
	return [...out.values()];
}

function isList(s) {
	s = deref(s);
	if (!s) return false;
	if ([].concat(s.type || []).includes('array')) return true;
	return ['allOf', 'oneOf', 'anyOf'].some((k) => (s[k] || []).some(isList));
}

/** ['branches', '[]', 'member_ids'] → 'branches[].member_ids' */
function show(p) {
	return p.reduce((s, seg) => (seg === '[]' ? `${s}[]` : s ? `${s}.${seg}` : seg), '');
}

// Members that refer to objects by id without the `_id` suffix, per
// operation (the spec's description says what they hold).
const EXTRA_IDS = {
	'POST /api/v1/visits': { residents_met: 'resident' },
	'PATCH /api/v1/visits/{id}': { residents_met: 'resident' },
	'PUT /api/v1/meetings/{id}/attendance': { present: 'participant' },
};

const OPERATIONS = [];
for (const [p, item] of Object.entries(SPEC.paths)) {
	for (const m of ['post', 'put', 'patch']) {
		const op = item[m];
		if (!op) continue;
		const schema = deref(op.requestBody)?.content?.['application/json']?.schema;
		if (!schema) continue;
		const key = `${m.toUpperCase()} ${p}`;
		const members = idMembers(schema, EXTRA_IDS[key] || {});
		if (members.length === 0) continue;
		OPERATIONS.push({ key, method: m.toUpperCase(), pattern: p, members, has404: '404' in (op.responses || {}) });
	}
}

// ---------------------------------------------------------------------------
// What each id member names

const KIND_BY_NAME = {
	compound_id: 'compound', compound_ids: 'compound',
	building_id: 'building', building_ids: 'building',
	household_id: 'household', household_ids: 'household',
	resident_id: 'resident', member_ids: 'resident', served_resident_ids: 'resident',
	leader_id: 'resident', liaison_id: 'resident',
	worker_id: 'worker', worker_ids: 'worker', assignee_id: 'worker', user_id: 'worker', to_user_id: 'worker',
	issue_id: 'issue', issue_ids: 'issue',
	grid_ids: 'grid',
	campaign_id: 'campaign',
	gate_id: 'gate',
	project_id: 'project',
	motion_id: 'motion',
	team_id: 'team',
	volunteer_id: 'volunteer',
	participant_id: 'participant',
	owner_id: 'worker',
	survey_id: 'survey',
	meeting_id: 'meeting',
};
// where the same name means something else
const KIND_BY_OP = {
	'POST /api/v1/teams': { member_ids: 'volunteer' },
	'PATCH /api/v1/teams/{id}': { member_ids: 'volunteer' },
	// a building campaign's places are buildings (a compound campaign's, compounds)
	'POST /api/v1/campaigns': { place_ids: 'building' },
};

function kindOf(op, m) {
	return KIND_BY_OP[op.key]?.[m.name] ?? EXTRA_IDS[op.key]?.[m.name] ?? KIND_BY_NAME[m.name] ?? null;
}

// ---------------------------------------------------------------------------
// Exceptions.  'places': the id is what places the resource being created
// (there is no committee_code beside it), so an object of B makes a resource
// of B, which the caller may write: no fault.  For those the id of another
// street's committee (out of the caller's jurisdiction) is sent instead of
// B's; an id naming nothing is sent for them as for every member.
// 'unknown': see the party tree below.

const EXCEPTIONS = {
	// the building is created in that compound: a compound of B makes a
	// building of B.  (Not so a PATCH of a building or a household: one that
	// exists is of a committee, and moving it under a parent of another
	// committee is tested like any other id: it would leave the grids,
	// campaigns and party groups of its committee holding it.)
	'POST /api/v1/buildings compound_id': 'places',
	'POST /api/v1/households building_id': 'places',
	'POST /api/v1/residents household_id': 'places',
	// the visit is of that household, so of its committee
	'POST /api/v1/visits household_id': 'places',
	// the gate is of that compound
	'POST /api/v1/gates compound_id': 'places',
	// the entry is at that gate, so of its committee
	'POST /api/v1/gate-entries gate_id': 'places',
	// a resident moves house anywhere in the caller's jurisdiction: the new
	// household places the resident (docs/register.md; not so a building or
	// a household, which stay in their committee)
	'PATCH /api/v1/residents/{id} household_id': 'places',
	// the volunteer is that resident
	'POST /api/v1/volunteers resident_id': 'places',
	// a training is the worker's, for any worker of the street's
	// jurisdiction (docs/openapi.yaml): it has no committee of its own
	'POST /api/v1/trainings worker_id': 'places',
	// The spec describes the party tree with one node schema for branches and
	// groups, so it allows a branch's building_ids and a group's compound_id;
	// the server takes compound_id on a branch and building_ids on a group
	// only and refuses these two as unknown members (src/api/api_party.c,
	// check_org).  'unknown': the member is sent (with an id of A) and must be
	// refused naming it; no base body can hold it.
	// a campaign of households takes household_id, one of residents
	// resident_id: the other member is refused naming it (docs/campaigns.md)
	'POST /api/v1/campaigns/{id}/targets resident_id': 'unknown',
	// the base campaign is a building campaign (for its place_ids), whose
	// filter picks places: a team_id is refused naming it.  A team's
	// committee is checked in the survey audience and meeting invitations.
	'POST /api/v1/campaigns filter.team_id': 'unknown',
	'PUT /api/v1/party/orgs branches[].building_ids': 'unknown',
	'PUT /api/v1/party/orgs branches[].groups[].compound_id': 'unknown',
};

// ---------------------------------------------------------------------------
// Places (from the shipped divisions)

const A = '310107015028'; // 普雄路居委会, 长寿路街道
const STREET = A.slice(0, 9);
const committeesOf = (street) => divisions().filter((d) => d.parent_code === street).map((d) => d.code).sort();
const B = committeesOf(STREET).find((c) => c !== A);
const OTHER_STREET = divisions().filter((d) => d.parent_code === STREET.slice(0, 6) && d.code !== STREET)
	.map((d) => d.code).sort()[0];
const C = committeesOf(OTHER_STREET)[0];

const NONE = 987654321;

let seq = 0;
const uniq = (s) => `${s}${++seq}`;

// ---------------------------------------------------------------------------
// The base bodies: valid, for a resource of committee A.  O is the fixture
// (O.A.compound …); each call makes a fresh body (fresh names and days), so
// that a refused body and the base differ only in the id.

const BASE = {
	'POST /api/v1/buildings': { body: (O) => ({ compound_id: O.A.compound, label: uniq('楼') }) },
	'PATCH /api/v1/buildings/{id}': {
		path: (O) => `/api/v1/buildings/${O.A.buildingMove}`, body: (O) => ({ compound_id: O.A.compound }),
	},
	'POST /api/v1/households': { body: (O) => ({ building_id: O.A.building, room: uniq('9') }) },
	'PATCH /api/v1/households/{id}': {
		path: (O) => `/api/v1/households/${O.A.householdMove}`, body: (O) => ({ building_id: O.A.building }),
	},
	'POST /api/v1/residents': { body: (O) => ({ household_id: O.A.household, name: uniq('新居民') }) },
	'PATCH /api/v1/residents/{id}': {
		path: (O) => `/api/v1/residents/${O.A.residentMove}`, body: (O) => ({ household_id: O.A.household }),
	},
	'POST /api/v1/grids': {
		body: (O) => ({ committee_code: A, name: uniq('新网格'), building_ids: [O.A.buildingGrid], household_ids: [O.A.householdGrid] }),
	},
	'PATCH /api/v1/grids/{id}': {
		path: (O) => `/api/v1/grids/${O.A.grid2}`,
		body: (O) => ({ building_ids: [O.A.buildingGrid2], household_ids: [O.A.householdGrid2] }),
	},
	'POST /api/v1/grids/{id}/assignments': {
		path: (O) => `/api/v1/grids/${O.A.grid}/assignments`,
		body: (O) => ({ worker_id: O.A.worker, start_on: O.today, end_previous: true }),
	},
	'POST /api/v1/visits': {
		body: (O) => ({ household_id: O.A.household, channel: 'home', residents_met: [O.A.resident], issue_ids: [O.A.issue] }),
	},
	'PATCH /api/v1/visits/{id}': {
		path: (O) => `/api/v1/visits/${O.A.visit}`,
		body: (O) => ({ household_id: O.A.household, residents_met: [O.A.resident], issue_ids: [O.A.issue] }),
	},
	'PUT /api/v1/reception/roster/{date}': {
		path: (O) => `/api/v1/reception/roster/${O.workday}`, body: (O) => ({ committee_code: A, worker_id: O.A.worker }),
	},
	'POST /api/v1/issues': {
		body: (O) => ({
			category: 'repairs', description: uniq('楼道漏水'), channel: 'office', committee_code: A,
			compound_id: O.A.compound, building_id: O.A.building, household_id: O.A.household,
			resident_id: O.A.resident, assignee_id: O.A.worker,
		}),
	},
	// a street user may not assign an issue held at the committee level
	// (docs/issues.md, "own level"): a worker of both A and B does
	'POST /api/v1/issues/{id}/events': {
		caller: 'workerAB',
		path: (O) => `/api/v1/issues/${O.A.issue2}/events`, body: (O) => ({ action: 'assign', assignee_id: O.A.worker }),
	},
	'POST /api/v1/campaigns': {
		body: (O) => ({
			// a building campaign (docs/campaigns.md, "Units"), so that place_ids is
			// taken; the filter's ids are checked alike for every unit.  A
			// building campaign takes no team_id (its filter picks places): the
			// filter's team_id is covered by the survey audience and the
			// meeting invitations, which check filters the same way.
			committee_code: A, name: uniq('登记'), unit: 'building', place_ids: [O.A.building],
			filter: { compound_id: O.A.compound, building_id: O.A.building },
			fields: [{ key: 'done', label: '已登记', type: 'yes_no' }],
		}),
	},
	'POST /api/v1/gates': { body: (O) => ({ compound_id: O.A.compound, name: uniq('北门') }) },
	// a helper's account linked to its volunteer record (docs/accounts.md)
	'POST /api/v1/users': {
		body: (O) => ({ username: uniq('helper_new'), password: 'helper-pass-1234', role: 'helper', scope: [A], buildings: [O.A.building], volunteer_id: O.A.volunteer2 }),
	},
	'PATCH /api/v1/users/{id}': { path: (O) => `/api/v1/users/${O.A.helper}`, body: (O) => ({ volunteer_id: O.A.volunteer3 }) },
	'POST /api/v1/gates/{id}/guards': {
		path: (O) => `/api/v1/gates/${O.A.gate}/guards`, body: (O) => ({ user_id: O.A.guard }),
	},
	'POST /api/v1/gate-entries': {
		body: (O) => ({ gate_id: O.A.gate, direction: 'in', person: 'resident', resident_id: O.A.resident, campaign_id: O.A.campaign }),
	},
	'POST /api/v1/duties': {
		body: (O) => ({
			committee_code: A, date: O.nextDay(), kind: 'registration', worker_ids: [O.A.worker],
			grid_ids: [O.A.grid], compound_ids: [O.A.compound], building_ids: [O.A.building], campaign_id: O.A.campaign,
		}),
	},
	// one more target of a campaign of households (a returnee); the
	// resident_id of a campaign of households is refused naming it
	'POST /api/v1/campaigns/{id}/targets': {
		path: (O) => `/api/v1/campaigns/${O.A.campaign}/targets`, body: (O) => ({ household_id: O.A.householdLate }),
	},
	// the worker handing over is of A; the receiver must serve A too
	'POST /api/v1/users/{id}/hand-over': {
		path: (O) => `/api/v1/users/${O.A.handOver}/hand-over`, body: (O) => ({ to_user_id: O.A.worker }),
	},
	'POST /api/v1/trainings': {
		body: (O) => ({ worker_id: O.A.worker, date: O.today, hours: 2, topic: uniq('消防培训') }),
	},
	'POST /api/v1/surveys': {
		body: (O) => ({
			committee_code: A, title: uniq('调研'), questions: [{ kind: 'text', text: '建议' }],
			audience: { compound_id: O.A.compound, building_id: O.A.building, team_id: O.A.team },
		}),
	},
	'POST /api/v1/surveys/{id}/responses': {
		path: (O) => `/api/v1/surveys/${O.A.survey}/responses`, body: (O) => ({ household_id: O.A.household, answers: ['很好'] }),
	},
	'POST /api/v1/surveys/{id}/links': {
		path: (O) => `/api/v1/surveys/${O.A.survey}/links`, body: (O) => ({ household_ids: [O.A.household], days: 7 }),
	},
	'POST /api/v1/projects': {
		body: (O) => ({ committee_code: A, name: uniq('项目'), building_ids: [O.A.building] }),
	},
	'PATCH /api/v1/projects/{id}': {
		path: (O) => `/api/v1/projects/${O.A.project}`, body: (O) => ({ building_ids: [O.A.building] }),
	},
	'PATCH /api/v1/projects/{id}/stages': {
		path: (O) => `/api/v1/projects/${O.A.project}/stages`, body: (O) => ({ stage: 'research', owner_id: O.A.worker }),
	},
	// the fixture's project of A has A's building: its household may sign
	'PUT /api/v1/projects/{id}/signatures': {
		path: (O) => `/api/v1/projects/${O.A.project}/signatures`, body: (O) => ({ household_id: O.A.household, signed: true }),
	},
	'POST /api/v1/projects/{id}/surveys': {
		path: (O) => `/api/v1/projects/${O.A.project}/surveys`, body: (O) => ({ survey_id: O.A.survey }),
	},
	'POST /api/v1/notices': {
		body: (O) => ({
			committee_code: A, title: uniq('通知'), body: '停水', survey_id: O.A.survey, meeting_id: O.A.meeting,
			audience: {
				compound_ids: [O.A.compound], building_ids: [O.A.building],
				filter: { compound_id: O.A.compound, building_id: O.A.building, team_id: O.A.team },
			},
		}),
	},
	'POST /api/v1/projects/{id}/issues': {
		path: (O) => `/api/v1/projects/${O.A.project}/issues`, body: (O) => ({ issue_id: O.A.issue }),
	},
	'POST /api/v1/meetings': {
		body: (O) => ({
			committee_code: A, topic: uniq('议事会'), held_at: '2026-11-20T14:00:00+08:00', project_id: O.A.project,
			invite_filter: { compound_id: O.A.compound, building_id: O.A.building, team_id: O.A.team },
			invitees: [{ resident_id: O.A.resident, role: 'resident_rep' }],
		}),
	},
	'PATCH /api/v1/meetings/{id}': {
		path: (O) => `/api/v1/meetings/${O.A.meeting}`, body: (O) => ({ project_id: O.A.project }),
	},
	'PUT /api/v1/meetings/{id}/attendance': {
		path: (O) => `/api/v1/meetings/${O.A.meeting}/attendance`, body: (O) => ({ present: [O.A.participant] }),
	},
	'POST /api/v1/meetings/{id}/votes': {
		path: (O) => `/api/v1/meetings/${O.A.meeting}/votes`,
		body: (O) => ({ motion_id: O.A.motion, participant_id: O.A.participant, choice: 'for' }),
	},
	'PUT /api/v1/party/orgs': {
		body: (O) => ({
			committee_code: A, name: '普雄路党总支', leader_id: O.A.party[0], member_ids: [O.A.party[0], O.A.party[1]],
			branches: [{
				name: '第一支部', leader_id: O.A.party[1], liaison_id: O.A.party[0], member_ids: [O.A.party[1], O.A.party[2]],
				compound_id: O.A.compound,
				groups: [{
					name: '一楼组', leader_id: O.A.party[2], liaison_id: O.A.party[1], member_ids: [O.A.party[2], O.A.party[3]],
					building_ids: [O.A.buildingParty],
				}],
			}],
		}),
	},
	'PUT /api/v1/party/liaisons': {
		body: (O) => ({ committee_code: A, links: [{ household_id: O.A.household, resident_id: O.A.party[0] }] }),
	},
	'POST /api/v1/volunteers': { body: (O) => ({ resident_id: O.A.residentFree, skills: ['修电器'] }) },
	'POST /api/v1/teams': { body: (O) => ({ committee_code: A, name: uniq('巡逻队'), member_ids: [O.A.volunteer] }) },
	'PATCH /api/v1/teams/{id}': { path: (O) => `/api/v1/teams/${O.A.team}`, body: (O) => ({ member_ids: [O.A.volunteer] }) },
	'POST /api/v1/activities': {
		body: (O) => ({
			committee_code: A, team_id: O.A.team, title: uniq('爱心理发'), date: O.today,
			volunteers: [{ volunteer_id: O.A.volunteer, hours: 2 }], served_resident_ids: [O.A.resident],
		}),
	},
};

// ---------------------------------------------------------------------------
// Bodies

/** A copy of BODY with the id at PATH replaced by ID (a list: ID added, or
 * with ALONE the list [ID]; with ADD, a member the body lacks is added). */
function withId(body, p, list, id, add = false, alone = false) {
	const out = structuredClone(body);
	let o = out;
	for (let i = 0; i < p.length - 1; i++) {
		const seg = p[i];
		if (seg === '[]') continue;
		const next = p[i + 1] === '[]' ? o[seg]?.[0] : o[seg];
		if (next === undefined || next === null || typeof next !== 'object') return null;
		o = next;
	}
	const last = p.at(-1);
	if (add) {
		if (last in o) return null;
		o[last] = list ? [id] : id;
		return out;
	}
	if (!(last in o)) return null;
	if (list) {
		if (!Array.isArray(o[last])) return null;
		o[last] = alone ? [id] : [...o[last], id];
	} else {
		o[last] = id;
	}
	return out;
}

/** The last named segment of an error's field: 'branches[0].member_ids',
 * 'branches.0.member_ids' → 'member_ids'. */
function lastSegment(field) {
	if (typeof field !== 'string') return null;
	const segs = field.replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
	return segs.at(-1) ?? null;
}

// ---------------------------------------------------------------------------
// The cases

const PLACE_KINDS = ['compound', 'building', 'household', 'resident'];

/** The optional place-id members in the same object as M (left out of the
 * body of a 'B-isolated' case). */
function isolating(op, m) {
	const parent = show(m.path.slice(0, -1));
	return op.members.filter((x) => x !== m && !x.required && !x.list && show(x.path.slice(0, -1)) === parent &&
		PLACE_KINDS.includes(kindOf(op, x)));
}

/** BODY without the members MEMBERS (at index 0 of every list on the way). */
function without(body, members) {
	const out = structuredClone(body);
	for (const x of members) {
		let o = out;
		for (const seg of x.path.slice(0, -1)) o = seg === '[]' ? o?.[0] : o?.[seg];
		if (o && typeof o === 'object') delete o[x.path.at(-1)];
	}
	return out;
}

const CASES = [];
for (const op of OPERATIONS) {
	for (const m of op.members) {
		const ex = EXCEPTIONS[`${op.key} ${show(m.path)}`];
		const variants = ex === 'places' ? ['none', 'outside'] : ex === 'unknown' ? ['unknown'] : ['none', 'B'];
		// a list gets the id added to its valid ones, and also B's id alone
		// (a list mixing committees may be refused by another rule, e.g. a
		// duty's pair of workers across committees)
		if (m.list && variants.includes('B')) variants.push('B-alone');
		// a place id beside other place ids (an issue's compound, building,
		// household, resident) is refused by their agreement before its own
		// committee is looked at: B's id is also sent with the optional
		// place ids beside it left out
		if (variants.includes('B') && !m.list && PLACE_KINDS.includes(kindOf(op, m)) && isolating(op, m).length) variants.push('B-isolated');
		for (const v of variants) CASES.push({ op, m, v });
	}
}

describe('ids in bodies: every route that takes them, generated from docs/openapi.yaml', () => {
	let w, street, O;
	const callers = {}; // who sends the requests: the street user, unless BASE says
	const failures = [];

	before(async () => {
		assert.ok(B && C, `committees from divisions(): B=${B} C=${C}`);
		w = await startVisits();
		const mk = async (p, body) => (await w.ok('POST', p, { body, status: 201 })).id;
		const user = async (stem, role, scope) => (await w.ok('POST', '/api/v1/users', {
			status: 201, body: { username: `${stem}_${process.pid}_${++seq}`, password: `${stem}-pass-1234`, role, scope: [scope] },
		})).id;
		street = await w.user('street', 'street', STREET);
		callers.street = street;
		callers.workerAB = await w.user('workerAB', 'worker', [A, B]);
		O = { today: w.today };
		let day = 30;
		O.nextDay = () => addDays(w.today, ++day);
		let n = 0;
		const resident = (household, name, party = true) => mk('/api/v1/residents', {
			household_id: household, name, party_member: party, gender: 'male', birth_date: '1960-01-01',
			id_number: makeIdNumber({ birth: '1960-01-01', male: true, seq: 100 + (++n) * 2 }),
		});
		for (const [X, code] of Object.entries({ A, B, C })) {
			const o = (O[X] = {});
			o.compound = await mk('/api/v1/compounds', { committee_code: code, name: `矩阵小区${X}`, kind: 'old_public' });
			o.building = await mk('/api/v1/buildings', { compound_id: o.compound, label: '1号' });
			o.household = await mk('/api/v1/households', { building_id: o.building, room: '101' });
			o.resident = await resident(o.household, `居民${X}`);
			o.worker = await user(`worker${X}`, 'worker', code);
			if (X === 'C') {
				o.gate = await mk('/api/v1/gates', { compound_id: o.compound, name: '南门' });
				continue;
			}
			o.party = [o.resident];
			for (const k of [2, 3, 4]) o.party.push(await resident(o.household, `党员${X}${k}`));
			o.residentFree = await resident(o.household, `志愿者${X}`, false);
			o.buildingParty = await mk('/api/v1/buildings', { compound_id: o.compound, label: '2号' });
			o.buildingGrid = await mk('/api/v1/buildings', { compound_id: o.compound, label: '3号' });
			o.buildingGrid2 = await mk('/api/v1/buildings', { compound_id: o.compound, label: '4号' });
			o.buildingMove = await mk('/api/v1/buildings', { compound_id: o.compound, label: `迁${X}` });
			o.householdGrid = await mk('/api/v1/households', { building_id: o.buildingParty, room: '201' });
			o.householdGrid2 = await mk('/api/v1/households', { building_id: o.buildingParty, room: '202' });
			o.householdMove = await mk('/api/v1/households', { building_id: o.buildingParty, room: `迁${X}` });
			o.residentMove = await resident(o.householdMove, `搬家${X}`, false);
			o.guard = await user(`guard${X}`, 'worker', code);
			o.handOver = await user(`leaving${X}`, 'worker', code);
			o.grid = await mk('/api/v1/grids', { committee_code: code, name: `网格${X}`, building_ids: [o.building], household_ids: [] });
			o.grid2 = await mk('/api/v1/grids', { committee_code: code, name: `二网格${X}`, building_ids: [], household_ids: [] });
			o.issue = await mk('/api/v1/issues', { category: 'repairs', description: '楼道漏水', channel: 'office', household_id: o.household });
			o.issue2 = await mk('/api/v1/issues', { category: 'repairs', description: '路灯不亮', channel: 'office', household_id: o.household });
			o.campaign = await mk('/api/v1/campaigns', {
				committee_code: code, name: `登记${X}`, unit: 'household', filter: {},
				fields: [{ key: 'done', label: '已登记', type: 'yes_no' }],
			});
			// a household made after the campaign: not a target of it yet
			o.householdLate = await mk('/api/v1/households', { building_id: o.buildingParty, room: `后${X}` });
			o.gate = await mk('/api/v1/gates', { compound_id: o.compound, name: '南门' });
			o.project = await mk('/api/v1/projects', { committee_code: code, name: `项目${X}`, building_ids: [o.building] });
			o.meeting = await mk('/api/v1/meetings', {
				committee_code: code, topic: `议事会${X}`, held_at: '2026-11-20T14:00:00+08:00',
				invitees: [{ resident_id: o.resident, role: 'resident_rep' }],
			});
			const meeting = await w.get(`/api/v1/meetings/${o.meeting}`);
			o.participant = meeting.participants.find((p) => p.resident_id === o.resident)?.id;
			assert.ok(Number.isInteger(o.participant), `a participant of meeting ${X}: ${JSON.stringify(meeting)}`);
			o.motion = (await w.ok('POST', `/api/v1/meetings/${o.meeting}/motions`, {
				status: 201, body: { text: '同意加装电梯', kind: 'approval' },
			})).id;
			assert.ok(Number.isInteger(o.motion), `a motion of meeting ${X}`);
			o.volunteer = await mk('/api/v1/volunteers', { resident_id: o.party[3], skills: ['理发'] });
			o.team = await mk('/api/v1/teams', { committee_code: code, name: `队伍${X}`, member_ids: [o.volunteer] });
			// a building leader's light account and the volunteer records its account may link
			// (docs/accounts.md, "Light accounts")
			o.volunteer2 = await mk('/api/v1/volunteers', { resident_id: await resident(o.household, `楼组长${X}`, false), skills: [] });
			o.volunteer3 = await mk('/api/v1/volunteers', { resident_id: await resident(o.household, `志愿${X}3`, false), skills: [] });
			o.helper = await mk('/api/v1/users', { username: `helper${X}_${process.pid}`, password: 'helper-pass-1234', role: 'helper', scope: [code], buildings: [o.building] });
			o.survey = await mk('/api/v1/surveys', {
				committee_code: code, title: `调研${X}`, audience: {}, questions: [{ kind: 'text', text: '建议' }],
			});
		}
		// the visit the street user corrects (only its author may)
		O.A.visit = (await w.ok('POST', '/api/v1/visits', {
			cookie: street.cookie, status: 201, body: { household_id: O.A.household, channel: 'phone' },
		})).id;
		// a working day ahead with a roster to edit
		O.workday = firstDayFrom(addDays(w.today, 7), isWorkday);
		await w.ok('POST', '/api/v1/reception/roster', { status: 201, body: { committee_code: A, month: O.workday.slice(0, 7) } });
	});

	after(async () => {
		if (w) await w.stop();
		const byVariant = {};
		for (const c of CASES) byVariant[c.v] = (byVariant[c.v] || 0) + 1;
		console.log(`# body-ids matrix: ${OPERATIONS.length} operations, ${CASES.length} cases ` +
			`(${Object.entries(byVariant).map(([k, n]) => `${k} ${n}`).join(', ')}); ${failures.length} not refused as they should be` +
			(failures.length ? `:\n# ${failures.join('\n# ')}` : ''));
	});

	it(`completeness: every operation with id members has a base body, every member a kind or an exception (${OPERATIONS.length} operations)`, () => {
		const problems = [];
		const known = new Set(OPERATIONS.map((op) => op.key));
		for (const op of OPERATIONS) {
			if (!BASE[op.key]) problems.push(`${op.key}: no base body`);
			for (const m of op.members) {
				const k = `${op.key} ${show(m.path)}`;
				if (!kindOf(op, m) && !EXCEPTIONS[k]) problems.push(`${k}: neither a kind nor an exception`);
			}
		}
		for (const k of Object.keys(BASE)) if (!known.has(k)) problems.push(`BASE ${k}: no such operation with id members in the spec`);
		for (const k of Object.keys(EXCEPTIONS)) {
			const op = OPERATIONS.find((o) => k.startsWith(`${o.key} `));
			if (!op || !op.members.some((m) => `${op.key} ${show(m.path)}` === k)) problems.push(`EXCEPTIONS ${k}: no such member`);
		}
		for (const [k, extra] of Object.entries(EXTRA_IDS)) {
			if (!known.has(k)) problems.push(`EXTRA_IDS ${k}: no such operation`);
			else for (const name of Object.keys(extra)) {
				if (!OPERATIONS.find((o) => o.key === k).members.some((m) => m.name === name)) problems.push(`EXTRA_IDS ${k} ${name}: no such member`);
			}
		}
		assert.deepEqual(problems, []);
	});

	it('the fixture has an object of every kind in A and B (and of the placing kinds outside the street)', () => {
		const problems = [];
		for (const { op, m, v } of CASES) {
			const kind = kindOf(op, m);
			if (v.startsWith('B') && !Number.isInteger(O.B[kind])) problems.push(`${op.key} ${show(m.path)}: no ${kind} of B`);
			if (v === 'outside' && !Number.isInteger(O.C[kind])) problems.push(`${op.key} ${show(m.path)}: no ${kind} outside the street`);
			if (v === 'unknown' && !Number.isInteger(O.A[kind])) problems.push(`${op.key} ${show(m.path)}: no ${kind} of A`);
			const base = BASE[op.key]?.body(O);
			if (base && withId(base, m.path, m.list, NONE, v === 'unknown') === null) {
				problems.push(`${op.key}: the base body ${v === 'unknown' ? 'has' : 'has no'} ${show(m.path)}`);
			}
		}
		assert.deepEqual(problems, []);
	});

	// -- nothing changed: the newest audit entry and what the routes write

	const READS = () => [
		'/api/v1/audit?limit=1',
		`/api/v1/compounds?committee_code=${A}&limit=500`,
		`/api/v1/buildings?compound_id=${O.A.compound}&limit=500`,
		`/api/v1/households?committee_code=${A}&limit=500`,
		`/api/v1/residents?committee_code=${A}&status=any&limit=500`,
		`/api/v1/grids?committee_code=${A}&limit=500`,
		`/api/v1/visits?committee_code=${A}&limit=500`,
		'/api/v1/issues?limit=500',
		'/api/v1/campaigns?limit=500',
		'/api/v1/surveys?limit=500',
		'/api/v1/meetings?limit=500',
		'/api/v1/projects?limit=500',
		'/api/v1/notices?limit=500',
		`/api/v1/projects/${O.A.project}/signing`,
		'/api/v1/volunteers?limit=500',
		'/api/v1/teams?limit=500',
		'/api/v1/activities?limit=500',
		`/api/v1/gate-entries?gate_id=${O.A.gate}&date=${O.today}`,
		`/api/v1/gates?compound_id=${O.A.compound}`,
		`/api/v1/gates/${O.A.gate}`,
		`/api/v1/duties?committee_code=${A}`,
		`/api/v1/workers/${O.A.worker}/record?year=${O.today.slice(0, 4)}`,
		`/api/v1/surveys/${O.A.survey}`,
		`/api/v1/surveys/${O.A.survey}/results`,
		`/api/v1/buildings/${O.A.buildingMove}`,
		`/api/v1/households/${O.A.householdMove}`,
		`/api/v1/residents/${O.A.residentMove}`,
		`/api/v1/grids/${O.A.grid}`,
		`/api/v1/grids/${O.A.grid2}`,
		`/api/v1/visits/${O.A.visit}`,
		`/api/v1/issues/${O.A.issue2}`,
		`/api/v1/meetings/${O.A.meeting}`,
		`/api/v1/projects/${O.A.project}`,
		`/api/v1/teams/${O.A.team}`,
		`/api/v1/party/orgs?committee_code=${A}`,
		`/api/v1/party/coverage?committee_code=${A}`,
		`/api/v1/reception/roster?committee_code=${A}&month=${O.workday.slice(0, 7)}`,
	];
	async function snapshot() {
		const out = {};
		for (const p of READS()) {
			const r = await api(w.url, 'GET', p, { cookie: w.admin });
			out[p] = r.status === 200 ? r.json : `${r.status} ${r.text.slice(0, 200)}`;
		}
		return out;
	}
	let before0;
	it('snapshot before the refusals', async () => {
		before0 = await snapshot();
		for (const [p, v] of Object.entries(before0)) assert.equal(typeof v, 'object', `GET ${p}: ${v}`);
	});

	for (const c of CASES) {
		const { op, m, v } = c;
		const where = show(m.path);
		const what = {
			none: m.list ? 'its ids and one naming nothing' : 'an id naming nothing',
			B: m.list ? 'its ids and one of committee B' : 'an id of committee B',
			'B-alone': 'only an id of committee B',
			'B-isolated': `an id of committee B, without ${isolating(op, m).map((x) => x.name).join(', ')}`,
			outside: 'an id of another street', unknown: 'present at all (the server does not take it)',
		}[v];
		it(`${op.key} ${where} = ${what} → refused`, async () => {
			const spec = BASE[op.key];
			assert.ok(spec, `no base body for ${op.key}`);
			const kind = kindOf(op, m);
			const id = v === 'none' ? NONE : O[{ B: 'B', 'B-alone': 'B', 'B-isolated': 'B', outside: 'C', unknown: 'A' }[v]][kind];
			const base = v === 'B-isolated' ? without(spec.body(O), isolating(op, m)) : spec.body(O);
			const body = withId(base, m.path, m.list, id, v === 'unknown', v === 'B-alone');
			assert.ok(body, `the base body of ${op.key} has ${v === 'unknown' ? '' : 'no '}${where}`);
			const url = spec.path ? spec.path(O) : op.pattern;
			const r = await api(w.url, op.method, url, { cookie: callers[spec.caller || 'street'].cookie, body });
			const got = `${r.status} ${r.text.slice(0, 300)}`;
			if (process.env.SIBAI_IDS_VERBOSE) console.log(`# ${op.key} ${where} [${v}=${id}] → ${r.status} ${r.json?.error?.field} ${r.json?.error?.message}`);
			let bad = null;
			if (r.status >= 500) bad = 'a 5xx';
			else if (r.status < 300) bad = 'accepted';
			else if (!(r.status === 400 || (r.status === 404 && op.has404))) bad = `status ${r.status} (want 400${op.has404 ? ' or 404' : ''})`;
			else if (r.json?.error?.code !== (r.status === 400 ? 'bad_field' : 'not_found')) bad = `code ${r.json?.error?.code}`;
			else if (lastSegment(r.json?.error?.field) !== m.name) bad = `field ${JSON.stringify(r.json?.error?.field)} (want …${m.name})`;
			if (bad) {
				failures.push(`${op.key} ${where} [${v}=${id}]: ${bad}: ${got}`);
				assert.fail(`${op.method} ${url} ${JSON.stringify(body)}\n→ ${bad}: ${got}`);
			}
		});
	}

	it('nothing changed: the newest audit entry and the collections are as before', async () => {
		const after0 = await snapshot();
		const changed = Object.keys(before0).filter((p) => JSON.stringify(before0[p]) !== JSON.stringify(after0[p]));
		assert.deepEqual(changed, [], `changed by refused requests:\n${changed.map((p) =>
			`GET ${p}\n  before ${JSON.stringify(before0[p]).slice(0, 600)}\n  after  ${JSON.stringify(after0[p]).slice(0, 600)}`).join('\n')}`);
	});

	for (const key of Object.keys(BASE)) {
		it(`base body of ${key} succeeds`, async () => {
			const spec = BASE[key];
			const [method, pattern] = key.split(' ');
			const url = spec.path ? spec.path(O) : pattern;
			const body = spec.body(O);
			const r = await api(w.url, method, url, { cookie: callers[spec.caller || 'street'].cookie, body });
			assert.ok(r.status >= 200 && r.status < 300, `${method} ${url} ${JSON.stringify(body)} → ${r.status} ${r.text.slice(0, 500)}`);
		});
	}
});
