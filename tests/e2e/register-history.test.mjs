// Change history, rollback and reveal of the register (docs/register.md,
// "History"; "Who may do what").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, listAll } from './lib/harness.mjs';
import { startRegister, create, maskId, maskPhone, mobile, makeIdNumber, assertNoClearNumbers } from './lib/register-fixture.mjs';

const CHANGE_KEYS = ['action', 'at', 'changes', 'entity', 'entity_id', 'id', 'name', 'user_id', 'username'];

describe('register history, rollback and reveal', () => {
	let ctx, url, fx, c, users;

	before(async () => {
		ctx = await startRegister();
		({ url, fx, cookies: c, users } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const get = async (path, cookie = c.admin) => {
		const r = await api(url, 'GET', path, { cookie });
		assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
		return r.json;
	};
	const patch = async (path, body, cookie) => {
		const r = await api(url, 'PATCH', path, { cookie, body });
		assert.equal(r.status, 200, `PATCH ${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`);
		return r.json;
	};
	const history = async (kind, id, cookie = c.workerA) => {
		const items = await listAll(url, `/api/v1/${kind}/${id}/history`, cookie);
		for (const ch of items) {
			assert.deepEqual(Object.keys(ch).sort(), CHANGE_KEYS, `change shape: ${JSON.stringify(ch)}`);
			assert.equal(typeof ch.at, 'string');
			assert.match(ch.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, `at is RFC 3339 UTC: ${ch.at}`);
		}
		return items;
	};

	/** A new resident of household HH_KEY, created by COOKIE's user. */
	async function newResident(hhKey, extra = {}, cookie = c.workerA) {
		return create(url, cookie, '/api/v1/residents', { household_id: fx.household(hhKey).id, name: '史料', ...extra });
	}

	it('each PATCH is a change, newest first, with old → new per field, numbers masked', async () => {
		const birth = '1962-04-05';
		const id1 = makeIdNumber({ birth, male: false, seq: 500 });
		const id2 = makeIdNumber({ birth, male: false, seq: 520 });
		const p1 = mobile(4321);
		const p2 = mobile(8765);
		const made = await newResident('h21-201', { name: '史红梅', id_number: id1, phone: p1, gender: 'female', birth_date: birth });
		await patch(`/api/v1/residents/${made.id}`, { work: '纺织厂退休', hobbies: '广场舞' }, c.workerA);
		await patch(`/api/v1/residents/${made.id}`, { phone: p2 }, c.workerA);
		await patch(`/api/v1/residents/${made.id}`, { id_number: id2, work: '社区志愿者' }, c.headA);

		const h = await history('residents', made.id);
		assert.equal(h.length, 4, `create + 3 updates: ${JSON.stringify(h)}`);
		assert.deepEqual(h.map((x) => x.action), ['update', 'update', 'update', 'create']);
		for (const x of h) {
			assert.equal(x.entity, 'resident');
			assert.equal(x.entity_id, made.id);
		}
		const ids = h.map((x) => x.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		const ats = h.map((x) => x.at);
		assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first by time');

		assert.deepEqual(h[0].changes, {
			id_number: { old: maskId(id1), new: maskId(id2) },
			work: { old: '纺织厂退休', new: '社区志愿者' },
		});
		assert.equal(h[0].username, users.headA.username);
		assert.deepEqual(h[1].changes, { phone: { old: maskPhone(p1), new: maskPhone(p2) } });
		assert.equal(h[1].username, users.workerA.username);
		assert.deepEqual(h[2].changes, { work: { old: null, new: '纺织厂退休' }, hobbies: { old: null, new: '广场舞' } });
		assert.equal(h[3].action, 'create');
		assert.equal(h[3].changes.name.new, '史红梅');
		if (h[3].changes.id_number) assert.equal(h[3].changes.id_number.new, maskId(id1));
		const text = JSON.stringify(h);
		for (const clear of [id1, id2, p1, p2]) assert.ok(!text.includes(clear), `history shows ${clear} in clear`);
		assertNoClearNumbers(fx, text, 'history');
	});

	it('a move to another household is a change with action move; the earlier entries stay', async () => {
		const made = await newResident('h20-601', { name: '史迁' });
		await patch(`/api/v1/residents/${made.id}`, { skills: '木匠' }, c.workerA);
		const to = fx.household('h22-501');
		const moved = await patch(`/api/v1/residents/${made.id}`, { household_id: to.id }, c.workerA);
		assert.equal(moved.household_id, to.id);
		assert.equal(moved.address, (await get(`/api/v1/households/${to.id}`)).address);
		const h = await history('residents', made.id);
		assert.deepEqual(h.map((x) => x.action), ['move', 'update', 'create']);
		assert.deepEqual(h[0].changes.household_id, { old: fx.household('h20-601').id, new: to.id });
		assert.deepEqual(h[1].changes, { skills: { old: null, new: '木匠' } });
		// the new household lists the member, the old one does not
		assert.ok((await get(`/api/v1/households/${to.id}`)).members.some((m) => m.id === made.id));
		assert.ok(!(await get(`/api/v1/households/${fx.household('h20-601').id}`)).members.some((m) => m.id === made.id));
		// a move into another committee's household is refused
		assertError(await api(url, 'PATCH', `/api/v1/residents/${made.id}`, {
			cookie: c.workerA, body: { household_id: fx.household('h8-501').id },
		}), 400, 'bad_field', 'household_id');
		assert.equal((await history('residents', made.id)).length, 3, 'a refused move records nothing');
	});

	it('a household set to moved_out keeps its history', async () => {
		const b = await create(url, c.workerA, '/api/v1/buildings', { compound_id: fx.compound('A1').id, label: '30号', floors: 5, has_lift: false });
		const hh = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room: '201', housing_kind: 'rented' });
		await patch(`/api/v1/households/${hh.id}`, { housing_kind: 'owned' }, c.workerA);
		const out = await patch(`/api/v1/households/${hh.id}`, { status: 'moved_out' }, c.workerA);
		assert.equal(out.status, 'moved_out');
		const h = await history('households', hh.id);
		assert.equal(h.length, 3, JSON.stringify(h));
		assert.equal(h[2].action, 'create');
		assert.equal(h[2].entity, 'household');
		assert.equal(h[2].entity_id, hh.id);
		assert.deepEqual(h[1].changes, { housing_kind: { old: 'rented', new: 'owned' } });
		assert.deepEqual(h[0].changes.status, { old: 'active', new: 'moved_out' });
		// still readable, with its history, after moving out
		assert.equal((await get(`/api/v1/households/${hh.id}`, c.workerA)).status, 'moved_out');
		assert.equal((await history('households', hh.id)).length, 3);
	});

	it('a resident\'s status change is recorded', async () => {
		const made = await newResident('h20-601', { name: '史终' });
		const d = fx.today;
		await patch(`/api/v1/residents/${made.id}`, { status: 'deceased', status_date: d }, c.workerA);
		const h = await history('residents', made.id);
		assert.equal(h.length, 2);
		assert.deepEqual(h[0].changes.status, { old: 'living', new: 'deceased' });
		assert.deepEqual(h[0].changes.status_date, { old: null, new: d });
	});

	it('a committee head rolls one change back; the field returns and history has a rollback', async () => {
		const made = await newResident('h20-601', { name: '史回', work: '教师', hobbies: '书法' });
		await patch(`/api/v1/residents/${made.id}`, { work: '校长' }, c.workerA);
		await patch(`/api/v1/residents/${made.id}`, { hobbies: '国画' }, c.workerA);
		let h = await history('residents', made.id);
		const workChange = h.find((x) => x.changes.work);
		assert.ok(workChange, JSON.stringify(h));

		// a worker may not
		assertError(await api(url, 'POST', `/api/v1/changes/${workChange.id}/rollback`, { cookie: c.workerA, body: {} }), 403, 'forbidden');
		assert.equal((await get(`/api/v1/residents/${made.id}`)).work, '校长', 'the worker\'s attempt changed nothing');
		// a head of another committee does not see the change
		assertError(await api(url, 'POST', `/api/v1/changes/${workChange.id}/rollback`, { cookie: c.headB, body: {} }), 404, 'not_found');

		const r = await api(url, 'POST', `/api/v1/changes/${workChange.id}/rollback`, { cookie: c.headA, body: {} });
		assert.equal(r.status, 200, r.text);
		const after = await get(`/api/v1/residents/${made.id}`);
		assert.equal(after.work, '教师', 'work is back to the old value');
		assert.equal(after.hobbies, '国画', 'the later change of another field stays');
		h = await history('residents', made.id);
		assert.equal(h[0].action, 'rollback');
		assert.deepEqual(h[0].changes, { work: { old: '校长', new: '教师' } });
		assert.equal(h[0].username, ctx.users.headA.username);
		assert.equal(h.length, 4, 'create, 2 updates, rollback');
	});

	it('a rollback of a field that changed since is 409 conflict and changes nothing', async () => {
		const made = await newResident('h20-601', { name: '史冲', health: '良好' });
		await patch(`/api/v1/residents/${made.id}`, { health: '高血压' }, c.workerA);
		await patch(`/api/v1/residents/${made.id}`, { health: '糖尿病' }, c.workerA);
		const h = await history('residents', made.id);
		const first = h.find((x) => x.changes.health && x.changes.health.new === '高血压');
		assertError(await api(url, 'POST', `/api/v1/changes/${first.id}/rollback`, { cookie: c.headA, body: {} }), 409, 'conflict');
		assert.equal((await get(`/api/v1/residents/${made.id}`)).health, '糖尿病');
		assert.equal((await history('residents', made.id)).length, 3);
		assertError(await api(url, 'POST', '/api/v1/changes/99999999/rollback', { cookie: c.headA, body: {} }), 404, 'not_found');
	});

	it('a rollback of a move puts the resident back', async () => {
		const made = await newResident('h20-601', { name: '史归' });
		await patch(`/api/v1/residents/${made.id}`, { household_id: fx.household('h20-402').id }, c.workerA);
		const move = (await history('residents', made.id))[0];
		assert.equal(move.action, 'move');
		const r = await api(url, 'POST', `/api/v1/changes/${move.id}/rollback`, { cookie: c.headA, body: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal((await get(`/api/v1/residents/${made.id}`)).household_id, fx.household('h20-601').id);
	});

	describe('reveal', () => {
		it('a committee head gets the clear numbers with a reason; the audit log has it', async () => {
			const r = fx.resident('r01');
			const reason = `办理高龄津贴 ${Date.now()}`;
			const rv = await api(url, 'POST', `/api/v1/residents/${r.id}/reveal`, { cookie: c.headA, body: { reason } });
			assert.equal(rv.status, 200, rv.text);
			assert.equal(rv.json.id_number, r.id_number);
			assert.equal(rv.json.phone, r.phone);
			if ('id' in rv.json) assert.equal(rv.json.id, r.id);

			const audit = await listAll(url, '/api/v1/audit?action=reveal', c.admin);
			const e = audit.find((x) => JSON.stringify(x.detail).includes(reason));
			assert.ok(e, `an audit entry with the reason: ${JSON.stringify(audit)}`);
			assert.equal(e.action, 'reveal');
			assert.equal(e.username, ctx.users.headA.username);
			assert.equal(String(e.entity_id), String(r.id));
			assert.ok(!JSON.stringify(e).includes(r.id_number), 'the audit entry does not hold the clear number');
		});

		it('a resident without a phone reveals phone null; a fixed line in full', async () => {
			const kid = fx.resident('r10');
			const a = await api(url, 'POST', `/api/v1/residents/${kid.id}/reveal`, { cookie: c.headA, body: { reason: '核对户籍' } });
			assert.equal(a.status, 200, a.text);
			assert.equal(a.json.id_number, kid.id_number);
			assert.equal(a.json.phone, null);
			const zheng = fx.resident('r12');
			const b = await api(url, 'POST', `/api/v1/residents/${zheng.id}/reveal`, { cookie: c.headA, body: { reason: '联系家属' } });
			assert.equal(b.status, 200, b.text);
			assert.equal(b.json.id_number, zheng.id_number);
			assert.equal(b.json.phone.replace(/[\s-]/g, ''), zheng.phone.replace(/[\s-]/g, ''));
		});

		it('a worker gets 403; no reason is 400 bad_field reason; another committee is 404', async () => {
			const r = fx.resident('r03');
			assertError(await api(url, 'POST', `/api/v1/residents/${r.id}/reveal`, { cookie: c.workerA, body: { reason: '好奇' } }), 403, 'forbidden');
			assertError(await api(url, 'POST', `/api/v1/residents/${r.id}/reveal`, { cookie: c.headA, body: {} }), 400, 'bad_field', 'reason');
			assertError(await api(url, 'POST', `/api/v1/residents/${r.id}/reveal`, { cookie: c.headA, body: { reason: '' } }), 400, 'bad_field', 'reason');
			assertError(await api(url, 'POST', `/api/v1/residents/${r.id}/reveal`, { cookie: c.headB, body: { reason: '越权' } }), 404, 'not_found');
		});
	});
});
