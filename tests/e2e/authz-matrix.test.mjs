// The authorization matrix: every route of src/http/routes.def (and the
// files it includes) × every kind of caller × objects inside and outside the
// caller's jurisdiction, the expected answer derived from the route table's
// minimum role and flags and the caller's scope, not written by hand per
// route (docs/api.md, "Roles and jurisdiction"):
//
//   - no session on a route that needs one: 401;
//   - a role below the route's minimum: 403 (a gate account, bound to one
//     gate, only reaches routes flagged RF_GATE: 403 elsewhere; a helper,
//     the light account of a building leader, bound to committee A's
//     building, reaches only ROLE_HELPER routes);
//   - an {id}/{code} outside the caller's scope, or naming nothing: 404;
//   - a committee_code query parameter outside the scope: 400 bad_query;
//   - otherwise the authorization layer lets the request through: neither
//     401, 403 nor 404; a write (its body is well-formed JSON with an unknown
//     member, so nothing is created or changed) is never 2xx.
// Never a 5xx, never a 2xx out of scope.  The few routes whose authorization
// is not the session's are listed in EXCEPTIONS with why.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, tmpdir, initDb, addUser, startServer, api, login } from './lib/harness.mjs';
import { makeIdNumber } from './lib/register-fixture.mjs';

// ---------------------------------------------------------------------------
// The route table

const RANK = { ROLE_NONE: 0, ROLE_HELPER: 1, ROLE_WORKER: 2, ROLE_COMMITTEE_HEAD: 3, ROLE_STREET: 4, ROLE_DISTRICT: 5, ROLE_ADMIN: 6 };
const ROLE_RANK = { helper: 1, worker: 2, committee_head: 3, street: 4, district: 5, admin: 6 };

function readRoutes(file, seen = new Set()) {
	const text = fs.readFileSync(path.join(REPO, 'src', file), 'utf8');
	const out = [];
	for (const line of text.split('\n')) {
		const inc = /^#include\s+"([^"]+\.def)"/.exec(line);
		if (inc) {
			assert.ok(!seen.has(inc[1]), `include loop at ${inc[1]}`);
			seen.add(inc[1]);
			out.push(...readRoutes(inc[1], seen));
			continue;
		}
		const m = /^R\(\s*(\w+),\s*"([^"]+)",\s*(\w+),\s*(ROLE_\w+),\s*([^,]+),/.exec(line);
		if (!m) {
			assert.ok(!/^R\(/.test(line), `cannot parse route line: ${line}`);
			continue;
		}
		assert.ok(m[4] in RANK, `unknown role ${m[4]}`);
		out.push({ method: m[1], pattern: m[2], handler: m[3], role: m[4], flags: m[5].trim(), rank: RANK[m[4]] });
	}
	return out;
}
const ROUTES = readRoutes('http/routes.def');

// ---------------------------------------------------------------------------
// Places: two streets of 普陀区, two committees in the first

const DISTRICT = '310107';
const OTHER_DISTRICT = '310104';
const STREET = '310107015'; // 长寿路街道
const A = '310107015028'; // 普雄路居委会
const B = '310107015027'; // 安全里居委会
const C = '310107014001'; // 曹家巷居委会, 长风新村街道
const PLACES = { A, B, C };

const inScope = (scope, code) => scope.some((s) => code.startsWith(s));
// a district's settings are visible to everyone working inside the district
const overlaps = (scope, code) => scope.some((s) => code.startsWith(s) || s.startsWith(code));

// ---------------------------------------------------------------------------
// Exceptions: routes whose authorization is not the session's role and scope

const EXCEPTIONS = {
	// logging out would end the session every other request uses; only the
	// anonymous call (401) is made
	'DELETE /api/v1/session': 'anon-only',
	// the login itself: no session needed, {} is a bad body for everyone
	'POST /api/v1/session': 'open',
	// bearer credentials in the path (RF_SECRET): a made-up token is 404 for all
	'GET /api/v1/feeds/{file}': 'secret',
	'GET /api/v1/survey-links/{token}': 'secret',
	'POST /api/v1/survey-links/{token}': 'secret',
	'GET /api/v1/notice-links/{token}': 'secret',
	'GET /api/v1/feedback/{token}': 'secret',
	'POST /api/v1/feedback/{token}': 'secret',
	// Open311 posting: the handler wants an api_key, whoever's session
	// comes along: 403 in Open311's own format for everyone without one
	'POST /open311/v2/requests.json': 'api_key',
	'POST /open311/v2/requests.xml': 'api_key',
	// only the worker who recorded a visit may correct it (docs/visits.md):
	// in scope, anyone else is 403 (the fixture's visits are the admin's)
	'PATCH /api/v1/visits/{id}': 'author-only',
	// the body is validated before the issue is looked up: an unknown member
	// is 400 bad_field for any id, in scope or not, existing or not, so the
	// answer tells nothing of the issue; a well-formed body would be 404
	'PATCH /api/v1/issues/{id}': 'body-first',
	'POST /api/v1/issues/{id}/events': 'body-first',
	// actions that take no body (RF_NOBODY): a member is refused before the
	// handler looks the object up, the same 400 for any id
	'POST /api/v1/campaigns/{id}/end': 'body-first',
	'POST /api/v1/campaigns/{id}/targets/refresh': 'body-first',
	'POST /api/v1/changes/{id}/rollback': 'body-first',
};
// POST /api/v1/feedback/{token} validates its body before the token, alike
// for every token
const BODY_FIRST_SECRET = new Set(['POST /api/v1/feedback/{token}']);
// paths a session does not govern at all: public (health, metrics, the spec,
// Open311 whose POST needs an api_key checked by the handler)
const isOpen = (r) => r.rank === 0 && !EXCEPTIONS[`${r.method} ${r.pattern}`];

// path parameter → what it names; the kinds without a fixture object get an
// id that names nothing only
const KIND_OF = {
	'/api/v1/workers/{id}': 'users',
	'/api/v1/campaign-targets/{id}': 'campaign-targets',
	'/api/v1/open311/keys/{id}': 'open311-keys',
};
function kindOf(pattern) {
	const m = /^(.*?)\/\{(\w+)\}/.exec(pattern);
	if (!m) return null;
	const prefix = `${m[1]}/{${m[2]}}`;
	if (KIND_OF[prefix]) return KIND_OF[prefix];
	return m[1].split('/').pop();
}

const WRITE_BODY = { matrix_unknown_member: true };
// the names the fixture gives its objects, followed by the committee's letter
const MARKS = ['矩阵小区', '居民', '网格', '调研', '项目', '议事会', '登记', '队伍', '活动', '通知'];

describe('authorization matrix: routes × callers × jurisdiction', () => {
	let server;
	const callers = {}; // name → {cookie, role, scope, gate?}
	const objects = {}; // kind → [{id, place}]
	const stats = { requests: 0, byClass: {}, routes: 0, exceptions: 0 };
	const failures = [];

	before(async () => {
		const dir = await tmpdir();
		const { db, adminPassword } = await initDb(dir);
		const people = {
			district: { role: 'district', scope: [DISTRICT] },
			street: { role: 'street', scope: [STREET] },
			headA: { role: 'committee_head', scope: [A] },
			workerA: { role: 'worker', scope: [A] },
			workerC: { role: 'worker', scope: [C] },
			gateA: { role: 'worker', scope: [A] },
		};
		for (const [name, p] of Object.entries(people)) {
			addUser(db, { username: `m_${name}`, role: p.role, scope: p.scope, password: `${name}-pass-123` });
		}
		server = await startServer({ db });
		const admin = await login(server.url, 'admin', adminPassword);
		callers.anon = { cookie: undefined, role: null, scope: [] };
		callers.admin = { cookie: admin, role: 'admin', scope: ['31'] };
		for (const [name, p] of Object.entries(people)) {
			const cookie = await login(server.url, `m_${name}`, `${name}-pass-123`);
			const me = await api(server.url, 'GET', '/api/v1/me', { cookie });
			assert.equal(me.status, 200);
			callers[name] = { cookie, ...p, id: me.json.id };
		}
		objects.users = [{ id: callers.workerA.id, place: A }, { id: callers.workerC.id, place: C }];

		// the data: one of each kind per committee, made as the admin; a kind
		// whose creation fails is reported and left to the "names nothing" id
		const post = async (p, body) => {
			const r = await api(server.url, 'POST', p, { cookie: admin, body });
			if (r.status !== 201) console.log(`# fixture: POST ${p} → ${r.status} ${r.text.slice(0, 200)}`);
			return r.status === 201 && r.json && Number.isInteger(r.json.id) ? r.json.id : null;
		};
		const add = (kind, id, place) => {
			if (id === null) return;
			(objects[kind] ||= []).push({ id, place });
		};
		const made = {};
		let n = 0;
		for (const [k, code] of Object.entries(PLACES)) {
			const o = (made[k] = {});
			n++;
			o.compound = await post('/api/v1/compounds', { committee_code: code, name: `矩阵小区${k}`, kind: 'old_public', built_year: 1990, property_manager: null });
			o.building = await post('/api/v1/buildings', { compound_id: o.compound, label: '1号', floors: 6, has_lift: false });
			o.household = await post('/api/v1/households', { building_id: o.building, room: '101', housing_kind: 'public_rent' });
			o.resident = await post('/api/v1/residents', {
				household_id: o.household, name: `居民${k}`, id_number: makeIdNumber({ birth: `195${n}-01-01`, male: true, seq: 100 + n * 20 }),
				relation: 'head', residence_kind: 'registered', party_member: false, gender: 'male', birth_date: `195${n}-01-01`,
			});
			o.grid = await post('/api/v1/grids', { committee_code: code, name: `网格${k}`, building_ids: [o.building], household_ids: [] });
			o.issue = await post('/api/v1/issues', { category: 'lift', description: '加装电梯', channel: 'visit', resident_id: o.resident });
			o.visit = await post('/api/v1/visits', { channel: 'home', household_id: o.household });
			o.survey = await post('/api/v1/surveys', { committee_code: code, title: `调研${k}`, description: '说明', audience: {}, questions: [{ kind: 'text', text: '建议' }] });
			o.project = await post('/api/v1/projects', { committee_code: code, name: `项目${k}`, description: '说明' });
			o.notice = await post('/api/v1/notices', { committee_code: code, title: `通知${k}`, body: '说明' });
			o.meeting = await post('/api/v1/meetings', { committee_code: code, topic: `议事会${k}`, held_at: '2026-11-20T14:00:00+08:00', place: '活动室' });
			o.campaign = await post('/api/v1/campaigns', { committee_code: code, name: `登记${k}`, unit: 'household', filter: {}, fields: [{ key: 'a', label: 'A', type: 'text' }] });
			o.gate = await post('/api/v1/gates', { compound_id: o.compound, name: '南门' });
			o.volunteer = await post('/api/v1/volunteers', { resident_id: o.resident, skills: ['理发'] });
			o.team = await post('/api/v1/teams', { committee_code: code, name: `队伍${k}` });
			o.activity = await post('/api/v1/activities', { committee_code: code, title: `活动${k}`, date: '2026-10-15', volunteers: [], served_resident_ids: [] });
			if (o.campaign) {
				const left = await api(server.url, 'GET', `/api/v1/campaigns/${o.campaign}/left`, { cookie: admin });
				add('campaign-targets', left.json?.items?.[0]?.target_id ?? null, code);
			}
			if (o.resident) {
				await api(server.url, 'PATCH', `/api/v1/residents/${o.resident}`, { cookie: admin, body: { name: `居民${k}改` } });
				const h = await api(server.url, 'GET', `/api/v1/residents/${o.resident}/history`, { cookie: admin });
				add('changes', h.json?.items?.find((x) => x.changes?.name)?.id ?? null, code);
			}
			const worker = { A: callers.workerA.id, C: callers.workerC.id }[k];
			if (worker) o.duty = await post('/api/v1/duties', { committee_code: code, date: '2026-12-01', kind: 'registration', worker_ids: [worker], building_ids: [o.building] });
			for (const [kind, id] of Object.entries(o)) add({ activity: 'activities', duty: 'duties' }[kind] || `${kind}s`, id, code);
		}
		// areas and committees are named by code
		objects.areas = Object.values(PLACES).map((c) => ({ id: c, place: c }));
		objects.committees = objects.areas;
		objects.districts = [{ id: DISTRICT, place: DISTRICT, overlap: true }, { id: OTHER_DISTRICT, place: OTHER_DISTRICT, overlap: true }];
		// the gate account: gateA bound to committee A's gate
		if (made.A.gate) {
			const r = await api(server.url, 'POST', `/api/v1/gates/${made.A.gate}/guards`, { cookie: admin, body: { user_id: callers.gateA.id } });
			assert.ok(r.status < 300, `binding the gate account: ${r.status} ${r.text}`);
			callers.gateA.gate = made.A.gate;
		} else {
			delete callers.gateA;
		}
		// the helper (docs/accounts.md, "Light accounts"): made through the
		// API, for it names its buildings — committee A's, where the
		// fixture's household and campaign target of A lie
		if (made.A.building) {
			const body = { username: 'm_helperA', password: 'helperA-pass-123', role: 'helper', scope: [A], buildings: [made.A.building] };
			const r = await api(server.url, 'POST', '/api/v1/users', { cookie: admin, body });
			assert.equal(r.status, 201, `making the helper: ${r.text}`);
			const cookie = await login(server.url, body.username, body.password);
			callers.helperA = { cookie, role: 'helper', scope: [A], id: r.json.id };
		}
		const missing = ['compounds', 'buildings', 'households', 'residents', 'grids', 'issues', 'visits', 'surveys', 'projects', 'notices',
			'meetings', 'campaigns', 'gates', 'volunteers', 'teams', 'activities', 'campaign-targets', 'changes'].filter((k) => !(objects[k]?.length === 3));
		console.log(`# fixture: objects of ${Object.keys(objects).length} kinds; without a full set (only an id naming nothing): ${missing.join(', ') || 'none'}`);
	});

	after(async () => {
		if (server) await server.stop();
		const classes = Object.entries(stats.byClass).sort().map(([k, v]) => `${k}: ${v}`).join(', ');
		console.log(`# authz matrix: ${stats.routes} routes, ${Object.keys(callers).length} callers, ` +
			`${stats.requests} requests (${classes}); ${failures.length} unexpected`);
	});

	/** What CALLER should get from ROUTE on OBJ (null: no object; or
	 * {id, place, absent?, query?}).  Returns one of '401', '403', '404',
	 * 'bad_query', 'pass', 'public', 'secret'. */
	function expected(route, caller, obj) {
		const ex = EXCEPTIONS[`${route.method} ${route.pattern}`];
		if (ex === 'secret') return BODY_FIRST_SECRET.has(`${route.method} ${route.pattern}`) ? '404|body' : '404';
		if (ex === 'api_key') return 'api_key';
		if (ex === 'open' || isOpen(route)) return 'public';
		if (!caller.role) return '401';
		if (caller.gate && !route.flags.includes('RF_GATE')) return '403';
		if (ROLE_RANK[caller.role] < route.rank) return '403';
		if (obj?.absent) return ex === 'body-first' ? '404|body' : '404';
		if (obj && !obj.query) {
			if (caller.gate && kindOf(route.pattern) === 'gates') return obj.id === caller.gate ? 'pass' : '404';
			const ok = obj.overlap ? overlaps(caller.scope, obj.place) : inScope(caller.scope, obj.place);
			if (!ok) return ex === 'body-first' ? '404|body' : '404';
			if (ex === 'author-only') return caller.role === 'admin' ? 'pass' : '403';
			return 'pass';
		}
		if (obj?.query) return inScope(caller.scope, obj.place) ? 'pass' : 'bad_query|empty';
		return 'pass';
	}

	function judge(route, want, r, obj) {
		const s = r.status;
		if (s >= 500) return `5xx`;
		const write = route.method !== 'GET';
		const ex = EXCEPTIONS[`${route.method} ${route.pattern}`];
		switch (want) {
			case '404|body':
				if (s === 404) return null;
				return s === 400 && r.json?.error?.code === 'bad_field' && r.json.error.field === 'matrix_unknown_member'
					? null : 'want 404 (or 400 bad_field on the unknown member, alike for every id)';
			case 'api_key': return s === 403 && /api_key/.test(r.text) ? null : 'want 403 for a missing api_key';
			case 'bad_query|empty':
				// docs/api.md says 400 bad_query; the register, grid and visit
				// lists answer 200 with nothing instead: either, but no leak
				if (s === 400 && r.json?.error?.code === 'bad_query') return null;
				if (s !== 200) return 'want 400 bad_query or an empty 200';
				if (r.text.includes(`"${obj.place}"`) || r.text.includes(obj.place + ',') || MARKS.some((m) => r.text.includes(m + obj.letter)))
					return 'a 200 that shows data of the committee out of scope';
				return null;
			case '401': return s === 401 ? null : 'want 401';
			case '403': return s === 403 && r.json?.error?.code === 'forbidden' ? null : 'want 403 forbidden';
			case '404': return s === 404 ? null : 'want 404';
			case 'bad_query': return s === 400 && r.json?.error?.code === 'bad_query' ? null : 'want 400 bad_query';
			case 'public':
				if (write && s < 300) return 'a write with a bad body succeeded';
				return s === 401 || s === 403 ? `want no session check` : null;
			case 'pass':
				if (s === 401 || s === 403 || s === 404) return 'want through the authorization layer';
				if (write && route.method !== 'DELETE' && s < 300) return 'a write with a bad body succeeded';
				return null;
			default: return `bad expectation ${want}`;
		}
	}

	for (const route of ROUTES) {
		const key = `${route.method} ${route.pattern}`;
		it(`${key} (${route.role}${route.flags !== '0' ? ' ' + route.flags : ''})`, async () => {
			stats.routes++;
			const ex = EXCEPTIONS[key];
			if (ex) stats.exceptions++;
			const kind = kindOf(route.pattern);
			const param = /\{(\w+)\}/.exec(route.pattern)?.[1];
			let objs = [null];
			if (param) {
				if (ex === 'secret') objs = [{ id: param === 'file' ? 'x'.repeat(43) + '.ics' : 'x'.repeat(43), absent: true }];
				else if (param === 'date') objs = [{ id: '2026-12-01' }];
				else if (param === 'file') objs = [{ id: '999999.json', absent: true }];
				else if (kind === 'issue-categories') objs = [{ id: 'lift' }];
				else objs = [...(kind === 'open311-keys' ? [] : objects[kind] || []), { id: param === 'code' ? '310107015999' : '999999', absent: true }];
			}
			const queryCode = route.method === 'GET' && objs[0] === null && !isOpen(route) && !ex && hasCommitteeQuery(route);
			if (queryCode) objs.push(...Object.entries(PLACES).map(([letter, c]) => ({ query: true, place: c, letter })));
			const problems = [];
			const jobs = [];
			for (const [cname, caller] of Object.entries(callers)) {
				if (ex === 'anon-only' && caller.role) continue;
				for (const obj of objs) {
					let url = param ? route.pattern.replace(/\{\w+\}/, String(obj.id)) : route.pattern;
					if (obj?.query) url += `?committee_code=${obj.place}${route.pattern.endsWith('/export') ? '&format=csv' : ''}`;
					// the date of a roster, the issue category: objects without a place
					const o = obj && (obj.query || obj.absent || obj.place) ? obj : null;
					const want = expected(route, caller, o);
					jobs.push(async () => {
						let r;
						try {
							r = await api(server.url, route.method, url, {
								cookie: caller.cookie,
								body: route.method === 'GET' || route.method === 'DELETE' ? undefined : WRITE_BODY,
							});
						} catch (e) {
							problems.push(`${cname} ${route.method} ${url}: ${e.message.split('\n')[0]}`);
							return;
						}
						stats.requests++;
						const cls = `${Math.floor(r.status / 100)}xx`;
						stats.byClass[cls] = (stats.byClass[cls] || 0) + 1;
						const bad = judge(route, want, r, obj);
						if (bad) problems.push(`${cname} ${route.method} ${url} → ${r.status} (${bad}) ${r.text.slice(0, 160)}`);
					});
				}
			}
			// a few at a time: the machine is shared
			const queue = [...jobs];
			await Promise.all(Array.from({ length: 4 }, async () => {
				while (queue.length) await queue.shift()();
			}));
			failures.push(...problems);
			assert.deepEqual(problems, [], `${key}:\n${problems.join('\n')}`);
		});
	}
});

/** Whether ROUTE declares committee_code among its query parameters. */
function hasCommitteeQuery(route) {
	const text = ['routes.def', 'routes_issues.def', 'routes_campaigns.def', 'routes_consult.def']
		.map((f) => fs.readFileSync(path.join(REPO, 'src', 'http', f), 'utf8')).join('\n');
	const line = text.split('\n').find((l) => l.includes(`"${route.pattern}"`) && l.includes(`R(${route.method},`));
	if (!line) return false;
	if (line.includes('committee_code')) return true;
	return /Q_(FILTER|ISSUES)/.test(line);
}
