// The demo's grids are grids like any other (docs/demo-data.md): a committee
// head who opens 管理 → 网格 and saves a demo grid, unchanged or with one
// building moved to another grid, changes that grid only — every other grid,
// the households in no grid and the other workers' plans stay as they were.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
	api, describeRun, initDb, login, rmdir, sibai, startServer, tmpdir, writeSecretFile,
} from './lib/harness.mjs';

const CODE = '310107015028'; // 普雄路居委会
const WORKER_PASSWORD = 'demo-worker-pass-1';

describe('demo: grids made as the API makes them', () => {
	let dir, db, srv, out, head;
	const cookies = {};

	before(async () => {
		dir = await tmpdir();
		({ db } = await initDb(dir));
		const pw = writeSecretFile(dir, WORKER_PASSWORD, 'worker-pass');
		const args = ['demo', '--db', db, '--scale', 'committee', '--seed', '3',
			'--worker-password-file', pw];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		out = r.stdout;
		srv = await startServer({ db });
		const m = out.match(/^\s*puxiong_head\s+committee_head\s+310107015028\s+.*password: (\S+)$/m);
		assert.ok(m, `puxiong_head and its password are printed:\n${out}`);
		head = await login(srv.url, 'puxiong_head', m[1]);
	});
	after(async () => {
		if (srv) await srv.stop();
		if (dir) await rmdir(dir);
	});

	const get = async (path, cookie = head) => {
		const r = await api(srv.url, 'GET', path, { cookie });
		assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
		return r.json;
	};
	const grids = async () => {
		const items = (await get(`/api/v1/grids?committee_code=${CODE}`)).items;
		return new Map(items.map((g) => [g.id, g]));
	};
	const plan = async (username) => {
		if (!cookies[username]) {
			const pw = username === 'puxiong_worker'
				? out.match(/^\s*puxiong_worker\s+worker\s+.*password: (\S+)$/m)[1]
				: WORKER_PASSWORD;
			cookies[username] = await login(srv.url, username, pw);
		}
		return get('/api/v1/me/plan', cookies[username]);
	};
	// Everything a head and the workers see of the grids.
	const snapshot = async () => ({
		grids: await grids(),
		unassigned: await get(`/api/v1/grids/unassigned?committee_code=${CODE}`),
		plans: {
			w1: await plan('w015028_1'),
			named: await plan('puxiong_worker'),
			w2: await plan('w015028_2'),
		},
	});
	const ownerOf = (g) => g.workers.map((w) => w.username).join(',');
	const patch = async (id, body) => {
		const r = await api(srv.url, 'PATCH', `/api/v1/grids/${id}`, { body, cookie: head });
		assert.equal(r.status, 200, `PATCH grid ${id}: ${r.status} ${r.text}`);
		return r.json;
	};

	it('prints the committee scale named users only, and the demo grids are whole buildings, every household in one', async () => {
		assert.match(out, /puxiong_worker\s+worker\s+310107015028/);
		assert.doesNotMatch(out, /putuo_district|changshou_street/);
		const s = await snapshot();
		assert.ok(s.grids.size >= 4, `${s.grids.size} grids`);
		assert.equal(s.unassigned.total, 0, 'every household in a grid');
		let households = 0;
		for (const g of s.grids.values()) {
			assert.ok(g.building_ids.length > 0, `${g.name} has buildings`);
			assert.ok(g.households >= 120 && g.households <= 420, `${g.name}: ${g.households}`);
			assert.equal(g.workers.length, 1, `${g.name} has one worker`);
			households += g.households;
		}
		const byName = [...s.grids.values()].sort((a, b) => a.id - b.id);
		assert.equal(ownerOf(byName[0]), 'w015028_1');
		assert.equal(ownerOf(byName[1]), 'puxiong_worker', 'the named worker owns 第2网格');
		assert.ok(households > 1000);
		assert.ok(s.plans.named.items.length > 0, 'the named worker has a plan');
	});

	it('saving a demo grid unchanged (as the 网格 page does) changes nothing', async () => {
		const before = await snapshot();
		const first = [...before.grids.values()].sort((a, b) => a.id - b.id)[0];
		const saved = await patch(first.id, { name: first.name, building_ids: first.building_ids });
		assert.deepEqual(saved, first);
		await patch(first.id, {
			name: first.name, building_ids: first.building_ids, household_ids: first.household_ids,
		});
		assert.deepEqual(await snapshot(), before);
	});

	it('moving one building to another grid moves its households and nothing else', async () => {
		const before = await snapshot();
		const [g1, g2] = [...before.grids.values()].sort((a, b) => a.id - b.id);
		const moved = g1.building_ids[g1.building_ids.length - 1];
		const b = await get(`/api/v1/households?building_id=${moved}&limit=500`);
		const movedIds = b.items.map((x) => x.id).sort((x, y) => x - y);
		assert.ok(movedIds.length > 0);

		await patch(g2.id, { building_ids: [...g2.building_ids, moved] });
		const now = await snapshot();
		// the two grids concerned
		const n1 = now.grids.get(g1.id), n2 = now.grids.get(g2.id);
		assert.deepEqual(n1.building_ids, g1.building_ids.filter((x) => x !== moved));
		assert.deepEqual(n2.building_ids, [...g2.building_ids, moved].sort((x, y) => x - y));
		assert.equal(n1.households, g1.households - movedIds.length);
		assert.equal(n2.households, g2.households + movedIds.length);
		for (const id of movedIds) {
			const hh = await get(`/api/v1/households/${id}`);
			assert.equal(hh.grid_id, g2.id, `household ${id} follows its building`);
		}
		// every other grid, the households in none, another worker's plan
		for (const [id, g] of before.grids) {
			if (id !== g1.id && id !== g2.id) assert.deepEqual(now.grids.get(id), g, `grid ${g.name}`);
		}
		assert.deepEqual(now.unassigned, before.unassigned);
		assert.deepEqual(now.plans.w2, before.plans.w2, 'the plan of a worker of another grid');
		// the two workers' plans: the moved households left one and (when due) joined the other
		const inPlan = (p) => new Set(p.items.map((x) => x.household_id));
		for (const id of movedIds) assert.ok(!inPlan(now.plans.w1).has(id));
		for (const id of inPlan(before.plans.w1)) {
			if (!movedIds.includes(id)) assert.ok(inPlan(now.plans.w1).has(id));
			else assert.ok(inPlan(now.plans.named).has(id), `due household ${id} moves to the new plan`);
		}
		for (const id of inPlan(before.plans.named)) assert.ok(inPlan(now.plans.named).has(id));
	});
});
