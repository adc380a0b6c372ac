// The household register: create, read, update and list compounds,
// buildings, households and residents (docs/register.md); masks, derived
// fields, scoping and bad input.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, listAll } from './lib/harness.mjs';
import {
	startRegister, create, COMMITTEES, maskId, maskPhone, makeIdNumber, breakCheckDigit, addDays,
	ageOn, idsOf, assertNoClearNumbers, BUILTIN_TAGS,
} from './lib/register-fixture.mjs';

const COMPOUND_KEYS = ['built_year', 'committee_code', 'id', 'kind', 'name', 'property_manager'];
const BUILDING_KEYS = ['committee_code', 'compound_id', 'floors', 'has_lift', 'id', 'label'];
const HOUSEHOLD_KEYS = ['address', 'building_id', 'committee_code', 'compound_id', 'floor', 'grid_id',
	'housing_kind', 'id', 'last_visit_on', 'members', 'room', 'status', 'tags'];
const RESIDENT_KEYS = ['address', 'age', 'birth_date', 'carer_name', 'carer_phone', 'carer_relation', 'committee_code',
	'emergency_name', 'emergency_phone', 'emergency_relation', 'gender', 'health', 'hobbies',
	'household_id', 'id', 'id_number', 'last_visit_on', 'lives_here', 'name', 'owns', 'party_member', 'phone', 'registered_here',
	'relation', 'residence_kind', 'skills', 'status', 'status_date', 'tags', 'work', 'work_background'];
const TAG_KEYS = ['category', 'derived', 'name', 'review_on', 'set_at', 'set_by', 'set_by_name'];

/** Asserts that OBJ has every key of KEYS (the exact set is checked once,
 * in its own test, so that one extra member does not hide other failures). */
function assertHasKeys(obj, keys, what) {
	for (const k of keys) assert.ok(k in obj, `${what} has ${k}: ${JSON.stringify(obj)}`);
}

describe('register: create, read, update, list', () => {
	let ctx, url, fx, c;

	before(async () => {
		ctx = await startRegister();
		({ url, fx, cookies: c } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const get = async (path, cookie) => {
		const r = await api(url, 'GET', path, { cookie });
		assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
		return r.json;
	};
	const patch = async (path, body, cookie) => {
		const r = await api(url, 'PATCH', path, { cookie, body });
		assert.equal(r.status, 200, `PATCH ${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`);
		return r.json;
	};
	const residentCount = async () => {
		const r = await get('/api/v1/residents?status=any&limit=1', c.admin);
		assert.equal(typeof r.total, 'number', `residents list has a total: ${JSON.stringify(r)}`);
		return r.total;
	};
	const householdCount = async () => {
		const r = await get('/api/v1/households?limit=1', c.admin);
		assert.equal(typeof r.total, 'number', `households list has a total: ${JSON.stringify(r)}`);
		return r.total;
	};

	/** A new building of compound A1 for a test that needs free rooms. */
	let buildingSeq = 0;
	async function freshBuilding(cookie = c.workerA, compoundKey = 'A1') {
		return create(url, cookie, '/api/v1/buildings', {
			compound_id: fx.compound(compoundKey).id, label: `${90 + ++buildingSeq}号`, floors: 6, has_lift: false,
		});
	}

	describe('compounds', () => {
		it('POST answers 201 with the compound as GET returns it; PATCH changes it', async () => {
			const body = { committee_code: COMMITTEES.A.code, name: '普雄新苑', kind: 'sold_public', built_year: 1998, property_manager: null };
			const made = await create(url, c.workerA, '/api/v1/compounds', body);
			assert.deepEqual(Object.keys(made).sort(), COMPOUND_KEYS, `compound fields: ${JSON.stringify(made)}`);
			assert.deepEqual({ ...made, id: undefined }, { ...body, id: undefined });
			assert.deepEqual(await get(`/api/v1/compounds/${made.id}`, c.workerA), made);

			const p = await patch(`/api/v1/compounds/${made.id}`, { property_manager: '长寿物业', built_year: 1999 }, c.workerA);
			assert.deepEqual(p, { ...made, property_manager: '长寿物业', built_year: 1999 });
			assert.deepEqual(await get(`/api/v1/compounds/${made.id}`, c.workerA), p);
		});

		it('the fixture compounds read back as written', async () => {
			for (const cp of fx.compounds) {
				const g = await get(`/api/v1/compounds/${cp.id}`, c.admin);
				assert.deepEqual(g, {
					id: cp.id, committee_code: cp.committee_code, name: cp.name, kind: cp.kind,
					built_year: cp.built_year, property_manager: cp.property_manager,
				});
			}
		});

		it('list by committee and by name', async () => {
			const a = await listAll(url, `/api/v1/compounds?committee_code=${COMMITTEES.A.code}`, c.workerA);
			const names = a.map((x) => x.name);
			for (const cp of fx.compounds.filter((x) => x.committee === 'A')) assert.ok(names.includes(cp.name), `${cp.name} in ${names}`);
			assert.ok(a.every((x) => x.committee_code === COMMITTEES.A.code), JSON.stringify(a));
			const q = await listAll(url, `/api/v1/compounds?q=${encodeURIComponent('安全里')}`, c.admin);
			assert.deepEqual(idsOf(q), [fx.compound('B1').id]);
			// a worker of A does not see B's compounds at all
			const w = await listAll(url, `/api/v1/compounds?q=${encodeURIComponent('安全里')}`, c.workerA);
			assert.deepEqual(w, []);
		});

		it('a compound name is unique in its committee; a bad kind is bad_field kind', async () => {
			const before = (await listAll(url, '/api/v1/compounds', c.admin)).length;
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.A.code, name: '普雄小区', kind: 'other' },
			}), 409, 'conflict');
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.A.code, name: '别墅区', kind: 'villa' },
			}), 400, 'bad_field', 'kind');
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.A.code, name: '未来小区', kind: 'other', built_year: 1899 },
			}), 400, 'bad_field', 'built_year');
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.A.code, name: '长'.repeat(101), kind: 'other' },
			}), 400, 'bad_field', 'name');
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.A.code, name: '好物业小区', kind: 'other', property_manager: '物'.repeat(101) },
			}), 400, 'bad_field', 'property_manager');
			assert.equal((await listAll(url, '/api/v1/compounds', c.admin)).length, before, 'nothing was created');
			const ok = await create(url, c.workerA, '/api/v1/compounds', { committee_code: COMMITTEES.A.code, name: '长'.repeat(100), kind: 'other' });
			assert.equal(ok.name, '长'.repeat(100), '100 Chinese characters are fine');
			assert.equal(ok.built_year, null);
			assert.equal(ok.property_manager, null);
		});
	});

	describe('buildings', () => {
		it('POST answers 201 with the building as GET returns it; PATCH changes it; list by compound', async () => {
			const body = { compound_id: fx.compound('A2').id, label: '7号楼', floors: 11, has_lift: false };
			const made = await create(url, c.workerA, '/api/v1/buildings', body);
			assert.deepEqual(Object.keys(made).sort(), BUILDING_KEYS, `building fields: ${JSON.stringify(made)}`);
			assert.deepEqual(made, { ...body, id: made.id, committee_code: COMMITTEES.A.code });
			assert.deepEqual(await get(`/api/v1/buildings/${made.id}`, c.workerA), made);
			// 加装电梯: the lift is added
			const p = await patch(`/api/v1/buildings/${made.id}`, { has_lift: true }, c.workerA);
			assert.deepEqual(p, { ...made, has_lift: true });
			assert.deepEqual(await get(`/api/v1/buildings/${made.id}`, c.workerA), p);

			const list = await listAll(url, `/api/v1/buildings?compound_id=${fx.compound('A2').id}`, c.workerA);
			assert.deepEqual(idsOf(list), [...fx.buildings.filter((b) => b.compound === 'A2').map((b) => b.id), made.id].sort((a, b) => a - b));
		});

		it('the fixture buildings read back as written', async () => {
			for (const b of fx.buildings) {
				assert.deepEqual(await get(`/api/v1/buildings/${b.id}`, c.admin), {
					id: b.id, compound_id: b.compound_id, committee_code: b.committee_code,
					label: b.label, floors: b.floors, has_lift: b.has_lift,
				});
			}
		});

		it('a label is unique in its compound; floors 1–200', async () => {
			assertError(await api(url, 'POST', '/api/v1/buildings', {
				cookie: c.workerA, body: { compound_id: fx.compound('A1').id, label: '20号', floors: 6, has_lift: false },
			}), 409, 'conflict');
			assertError(await api(url, 'POST', '/api/v1/buildings', {
				cookie: c.workerA, body: { compound_id: fx.compound('A1').id, label: '号'.repeat(51), floors: 6, has_lift: false },
			}), 400, 'bad_field', 'label');
			assertError(await api(url, 'POST', '/api/v1/buildings', {
				cookie: c.workerA, body: { compound_id: fx.compound('A1').id, label: '88号', floors: 6, has_lift: 'no' },
			}), 400, 'bad_field', 'has_lift');
			for (const floors of [0, 201, 'six']) {
				assertError(await api(url, 'POST', '/api/v1/buildings', {
					cookie: c.workerA, body: { compound_id: fx.compound('A1').id, label: '88号', floors, has_lift: false },
				}), 400, 'bad_field', 'floors');
			}
			const list = await listAll(url, `/api/v1/buildings?compound_id=${fx.compound('A1').id}`, c.admin);
			assert.ok(!list.some((b) => b.label === '88号'), 'nothing was created');
		});
	});

	describe('households', () => {
		it('POST answers 201 with the household as GET returns it, with address, members and tags', async () => {
			const b = await freshBuilding();
			const made = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room: '1201室', housing_kind: 'rented' });
			assert.deepEqual(Object.keys(made).sort(), HOUSEHOLD_KEYS, `household fields: ${JSON.stringify(made)}`);
			assert.equal(made.building_id, b.id);
			assert.equal(made.compound_id, fx.compound('A1').id);
			assert.equal(made.committee_code, COMMITTEES.A.code);
			assert.equal(made.room, '1201室');
			assert.equal(made.floor, 12, 'floor from 1201室');
			assert.equal(made.housing_kind, 'rented');
			assert.equal(made.status, 'active');
			assert.deepEqual(made.members, []);
			assert.deepEqual(made.tags, []);
			assert.equal(typeof made.address, 'string');
			const at = (s, from = 0) => made.address.indexOf(s, from);
			assert.ok(at('普雄小区') >= 0 && at(b.label) > at('普雄小区') && at('1201室') > at(b.label),
				`address is "compound building room": ${made.address}`);
			assert.deepEqual(await get(`/api/v1/households/${made.id}`, c.workerA), made);

			const p = await patch(`/api/v1/households/${made.id}`, { housing_kind: 'owned' }, c.workerA);
			assert.deepEqual(p, { ...made, housing_kind: 'owned' });
			assert.deepEqual(await get(`/api/v1/households/${made.id}`, c.workerA), p);
		});

		it('the fixture households have their derived floors, addresses and masked members', async () => {
			for (const h of fx.households) {
				const g = await get(`/api/v1/households/${h.id}`, c.admin);
				assert.equal(g.floor, h.floor, `floor of room ${h.room}`);
				assert.equal(g.room, h.room);
				assert.equal(g.building_id, h.building_id);
				assert.equal(g.compound_id, h.compound_id);
				assert.equal(g.committee_code, h.committee_code);
				assert.ok(g.address.includes(h.compoundName) && g.address.includes(h.label) && g.address.endsWith(h.room),
					`address of ${h.key}: ${g.address}`);
				const members = fx.residents.filter((r) => r.household === h.key);
				const living = members.filter((r) => r.status === 'living');
				const got = idsOf(g.members);
				for (const r of living) assert.ok(got.includes(r.id), `${r.name} is a member of ${h.key}: ${JSON.stringify(g.members)}`);
				for (const m of g.members) {
					const r = fx.residentById(m.id);
					assert.ok(r && r.household === h.key, `member ${JSON.stringify(m)} belongs to ${h.key}`);
					assert.equal(m.name, r.name);
					assert.equal(m.id_number, maskId(r.id_number), `member ${r.name} ID masked`);
					assert.equal(m.phone, r.phone === null ? null : maskPhone(r.phone), `member ${r.name} phone masked`);
				}
				assert.deepEqual(g.tags.map((t) => t.name).sort(), [...h.tags].sort(), `tags of ${h.key}`);
			}
		});

		it('a household tag reads back with its category and a yearly review date', async () => {
			const g = await get(`/api/v1/households/${fx.household('h20-401').id}`, c.workerA);
			assert.equal(g.tags.length, 1, JSON.stringify(g.tags));
			const t = g.tags[0];
			assertHasKeys(t, TAG_KEYS, 'a tag');
			assert.equal(t.name, '困难家庭');
			assert.equal(t.category, 'vulnerable');
			assert.equal(t.derived, false);
			const nextYear = `${Number(fx.today.slice(0, 4)) + 1}${fx.today.slice(4)}`;
			assert.ok([addDays(fx.today, 365), nextYear].includes(t.review_on),
				`困难家庭 is reviewed yearly: review_on ${t.review_on}, today ${fx.today}`);
		});

		it('floor from the room when not given; a given floor wins', async () => {
			const b = await freshBuilding();
			const cases = [['1201', 12], ['301', 3], ['05', null], ['3-201', 2], ['B102', -1], ['地下室', null], ['2-1502室', 15]];
			for (const [room, floor] of cases) {
				const h = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room });
				assert.equal(h.floor, floor, `room ${room} → floor ${floor}: ${JSON.stringify(h)}`);
				assert.equal((await get(`/api/v1/households/${h.id}`, c.workerA)).floor, floor);
			}
			const given = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room: '701', floor: 8 });
			assert.equal(given.floor, 8, 'the given floor wins over the room');
			assert.equal((await get(`/api/v1/households/${given.id}`, c.workerA)).floor, 8);
		});

		it('a room is unique among a building\'s active households: 409, then free again once moved out', async () => {
			const h = fx.household('h20-301');
			const before = await householdCount();
			assertError(await api(url, 'POST', '/api/v1/households', {
				cookie: c.workerA, body: { building_id: h.building_id, room: h.room },
			}), 409, 'conflict');
			assert.equal(await householdCount(), before, 'nothing was created');

			const b = await freshBuilding();
			const first = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room: '402' });
			assertError(await api(url, 'POST', '/api/v1/households', {
				cookie: c.workerA, body: { building_id: b.id, room: '402' },
			}), 409, 'conflict');
			const moved = await patch(`/api/v1/households/${first.id}`, { status: 'moved_out' }, c.workerA);
			assert.equal(moved.status, 'moved_out');
			const second = await create(url, c.workerA, '/api/v1/households', { building_id: b.id, room: '402' });
			assert.notEqual(second.id, first.id);
		});
	});

	describe('residents', () => {
		it('POST answers 201 with every field, as GET returns it; PATCH changes it', async () => {
			const h = fx.household('h21-201');
			const birth = addDays(fx.today, -(41 * 365 + 100));
			const id = makeIdNumber({ birth, male: true, seq: 700 });
			const body = {
				household_id: h.id, name: '郑大海', gender: 'male', birth_date: birth, id_number: id,
				phone: '138 0000 5678', relation: 'spouse', residence_kind: 'resident', work: '出租车司机',
				work_background: '原国棉二厂', health: '高血压', hobbies: '下象棋', skills: '修自行车',
				party_member: true, lives_here: true, registered_here: false, owns: false, tags: ['志愿者'],
			};
			const made = await create(url, c.workerA, '/api/v1/residents', body);
			assert.deepEqual(Object.keys(made).sort(), RESIDENT_KEYS, `resident fields: ${JSON.stringify(made)}`);
			for (const k of ['household_id', 'name', 'gender', 'birth_date', 'relation', 'residence_kind', 'work',
				'work_background', 'health', 'hobbies', 'skills', 'party_member', 'lives_here', 'registered_here', 'owns']) {
				assert.deepEqual(made[k], body[k], `field ${k}`);
			}
			assert.equal(made.committee_code, COMMITTEES.A.code);
			assert.equal(made.age, ageOn(birth, fx.today));
			assert.equal(made.id_number, maskId(id));
			assert.equal(made.phone, '138****5678');
			assert.equal(made.status, 'living');
			assert.equal(made.status_date, null);
			assert.equal(made.address, (await get(`/api/v1/households/${h.id}`, c.workerA)).address);
			assert.equal(made.tags.length, 1);
			assertHasKeys(made.tags[0], TAG_KEYS, 'a tag');
			assert.equal(made.tags[0].name, '志愿者');
			assert.equal(made.tags[0].category, 'role');
			assert.equal(made.tags[0].derived, false);
			assert.equal(made.tags[0].review_on, null, '志愿者 has no review');
			assert.equal(typeof made.tags[0].set_at, 'string');
			assert.deepEqual(await get(`/api/v1/residents/${made.id}`, c.workerA), made);

			const p = await patch(`/api/v1/residents/${made.id}`, { work: '退休', hobbies: '越剧', owns: true }, c.workerA);
			assert.deepEqual(p, { ...made, work: '退休', hobbies: '越剧', owns: true });
			assert.deepEqual(await get(`/api/v1/residents/${made.id}`, c.workerA), p);
			// the household now lists the new member, masked
			const hh = await get(`/api/v1/households/${h.id}`, c.workerA);
			const m = hh.members.find((x) => x.id === made.id);
			assert.ok(m, `member listed: ${JSON.stringify(hh.members)}`);
			assert.equal(m.id_number, maskId(id));
			assert.equal(m.phone, '138****5678');
		});

		it('defaults: party_member false, lives_here true, registered_here true, owns false, status living', async () => {
			const made = await create(url, c.workerA, '/api/v1/residents', { household_id: fx.household('h21-201').id, name: '郑小妹' });
			assert.equal(made.party_member, false);
			assert.equal(made.lives_here, true);
			assert.equal(made.registered_here, true);
			assert.equal(made.owns, false);
			assert.equal(made.status, 'living');
			assert.equal(made.id_number, null);
			assert.equal(made.phone, null);
			assert.equal(made.birth_date, null);
			assert.equal(made.age, null);
			assert.deepEqual(made.tags, []);
		});

		it('the fixture residents: ages at today, masks, birth date and gender from the ID number', async () => {
			for (const r of fx.residents) {
				const g = await get(`/api/v1/residents/${r.id}`, c.admin);
				assert.equal(g.name, r.name);
				assert.equal(g.household_id, r.household_id);
				assert.equal(g.committee_code, r.committee_code);
				assert.equal(g.birth_date, r.birth_date, `${r.name}: birth date${r.derive ? ' from the ID number' : ''}`);
				assert.equal(g.gender, r.gender, `${r.name}: gender${r.derive ? ' from the ID number' : ''}`);
				assert.equal(g.age, r.age, `${r.name} born ${r.birth_date} is ${r.age} on ${fx.today}`);
				assert.equal(g.id_number, maskId(r.id_number), `${r.name}: ID masked`);
				assert.match(g.id_number, /^\d{4}\*{10}\d{3}[\dX]$/);
				assert.equal(g.phone, r.phone === null ? null : maskPhone(r.phone), `${r.name}: phone masked`);
				assert.equal(g.party_member, r.party_member);
				assert.equal(g.residence_kind, r.residence_kind);
				assert.equal(g.relation, r.relation);
				assert.equal(g.status, r.status);
				assert.equal(g.status_date, r.status_date);
				const hand = g.tags.filter((t) => !t.derived).map((t) => t.name).sort();
				assert.deepEqual(hand, [...r.tags].sort(), `${r.name}: tags`);
				for (const t of g.tags) {
					assertHasKeys(t, TAG_KEYS, 'a tag');
					if (!t.derived) assert.equal(t.category, BUILTIN_TAGS[t.name], `category of ${t.name}`);
				}
				const derived = g.tags.filter((t) => t.derived).map((t) => t.name);
				assert.deepEqual(derived, r.age >= 80 ? ['高龄'] : [], `${r.name} (${r.age}): derived 高龄 from 80`);
			}
			// the masks exactly as the contract writes them
			const wang = await get(`/api/v1/residents/${fx.resident('r01').id}`, c.workerA);
			assert.match(fx.resident('r01').id_number, /X$/, 'fixture: r01 has a check character X');
			assert.equal(wang.id_number, `3101**********${fx.resident('r01').id_number.slice(14)}`);
			assert.equal(wang.phone, `138****${fx.resident('r01').phone.slice(7)}`);
			const zheng = await get(`/api/v1/residents/${fx.resident('r12').id}`, c.workerA);
			assert.equal(zheng.phone, `021-****${fx.resident('r12').phone.slice(-4)}`);
		});

		it('a tag reads back exactly as {name, category, set_by, set_by_name, set_at, review_on, derived}', async () => {
			const g = await get(`/api/v1/residents/${fx.resident('r01').id}`, c.workerA);
			for (const t of g.tags) assert.deepEqual(Object.keys(t).sort(), TAG_KEYS, `tag shape: ${JSON.stringify(t)}`);
			const h = await get(`/api/v1/households/${fx.household('h20-401').id}`, c.workerA);
			for (const t of h.tags) assert.deepEqual(Object.keys(t).sort(), TAG_KEYS, `tag shape: ${JSON.stringify(t)}`);
		});

		it('list residents of a committee; a worker sees its own committee only', async () => {
			const a = await listAll(url, '/api/v1/residents', c.workerA);
			const own = a.filter((x) => fx.residentById(x.id));
			assert.deepEqual(idsOf(own), fx.residentIds((r) => r.committee === 'A'));
			assert.ok(a.every((x) => x.committee_code === COMMITTEES.A.code), 'only committee A');
			const b = await listAll(url, '/api/v1/residents', c.workerB);
			assert.deepEqual(idsOf(b), fx.residentIds((r) => r.committee === 'B'));
			const s = await listAll(url, `/api/v1/residents?committee_code=${COMMITTEES.B.code}`, c.street);
			assert.deepEqual(idsOf(s), fx.residentIds((r) => r.committee === 'B'));
		});

		it('the derived 高龄 cannot be set by hand', async () => {
			const r = fx.resident('r09');
			const before = await get(`/api/v1/residents/${r.id}`, c.workerA);
			assertError(await api(url, 'PATCH', `/api/v1/residents/${r.id}`, { cookie: c.workerA, body: { tags: ['高龄'] } }),
				400, 'bad_field', 'tags');
			assert.deepEqual(await get(`/api/v1/residents/${r.id}`, c.workerA), before);
		});

		it('the clear ID and phone numbers appear in no GET or list body', async () => {
			const bodies = [];
			const grab = async (path, cookie = c.admin) => {
				const r = await api(url, 'GET', path, { cookie });
				assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
				bodies.push([path, r.text]);
				return r.json;
			};
			for (const path of ['/api/v1/residents?status=any&limit=500', '/api/v1/households?limit=500',
				`/api/v1/residents?q=${encodeURIComponent('王建国')}`, `/api/v1/residents/key-persons?committee_code=${COMMITTEES.A.code}`]) {
				await grab(path);
			}
			for (const r of fx.residents) {
				await grab(`/api/v1/residents/${r.id}`);
				await grab(`/api/v1/residents/${r.id}/history`);
			}
			for (const h of fx.households) {
				await grab(`/api/v1/households/${h.id}`);
				await grab(`/api/v1/households/${h.id}/history`);
			}
			for (const [path, text] of bodies) assertNoClearNumbers(fx, text, `GET ${path}`);
			// the masks are there, so the check above looked at real answers
			const all = bodies.map(([, t]) => t).join('\n');
			for (const r of fx.residents) assert.ok(all.includes(maskId(r.id_number)), `mask of ${r.name} shown`);
		});
	});

	describe('scoping', () => {
		const objects = () => [
			['households', fx.household('h8-501').id, { housing_kind: 'other' }],
			['residents', fx.resident('r20').id, { hobbies: '打麻将' }],
			['compounds', fx.compound('B1').id, { property_manager: '某物业' }],
			['buildings', fx.building('B1-8').id, { has_lift: true }],
		];

		it('a worker of committee A gets 404 for a household, resident, compound or building of B (GET and PATCH)', async () => {
			for (const [kind, id, body] of objects()) {
				const before = await get(`/api/v1/${kind}/${id}`, c.admin);
				assertError(await api(url, 'GET', `/api/v1/${kind}/${id}`, { cookie: c.workerA }), 404, 'not_found');
				assertError(await api(url, 'PATCH', `/api/v1/${kind}/${id}`, { cookie: c.workerA, body }), 404, 'not_found');
				assert.deepEqual(await get(`/api/v1/${kind}/${id}`, c.admin), before, `${kind}/${id} unchanged`);
				// out of scope answers like a missing id
				const missing = await api(url, 'GET', `/api/v1/${kind}/987654`, { cookie: c.workerA });
				assertError(missing, 404, 'not_found');
			}
			assertError(await api(url, 'GET', `/api/v1/residents/${fx.resident('r23').id}/history`, { cookie: c.workerA }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/households/${fx.household('h1-401').id}/history`, { cookie: c.workerB }), 404, 'not_found');
			// the street user of 长寿路 does not see 曹家巷 (another street)
			assertError(await api(url, 'GET', `/api/v1/residents/${fx.resident('r23').id}`, { cookie: c.street }), 404, 'not_found');
			assert.equal((await api(url, 'GET', `/api/v1/residents/${fx.resident('r20').id}`, { cookie: c.street })).status, 200);
		});

		it('a household POSTed into a building of B by a worker of A is 400 bad_field building_id, nothing created', async () => {
			const before = await householdCount();
			assertError(await api(url, 'POST', '/api/v1/households', {
				cookie: c.workerA, body: { building_id: fx.building('B1-8').id, room: '601' },
			}), 400, 'bad_field', 'building_id');
			assert.equal(await householdCount(), before, 'nothing was created');
			const b = await listAll(url, `/api/v1/households?building_id=${fx.building('B1-8').id}`, c.admin);
			assert.ok(!b.some((h) => h.room === '601'), 'no room 601 in 8号');
		});

		it('other parents outside the scope are bad_field too', async () => {
			const residents = await residentCount();
			assertError(await api(url, 'POST', '/api/v1/residents', {
				cookie: c.workerA, body: { household_id: fx.household('h8-202').id, name: '越界者' },
			}), 400, 'bad_field', 'household_id');
			assert.equal(await residentCount(), residents, 'no resident created');
			const compounds = (await listAll(url, '/api/v1/compounds', c.admin)).length;
			assertError(await api(url, 'POST', '/api/v1/compounds', {
				cookie: c.workerA, body: { committee_code: COMMITTEES.B.code, name: '越界小区', kind: 'other' },
			}), 400, 'bad_field', 'committee_code');
			assertError(await api(url, 'POST', '/api/v1/buildings', {
				cookie: c.workerA, body: { compound_id: fx.compound('B1').id, label: '99号', floors: 6, has_lift: false },
			}), 400, 'bad_field', 'compound_id');
			assert.equal((await listAll(url, '/api/v1/compounds', c.admin)).length, compounds);
			assert.ok(!(await listAll(url, `/api/v1/buildings?compound_id=${fx.compound('B1').id}`, c.admin)).some((b) => b.label === '99号'));
		});
	});

	describe('bad input names the field and changes nothing', () => {
		async function rejectedPatch(path, body, field, cookie = c.workerA) {
			const before = await get(path, c.admin);
			const r = await api(url, 'PATCH', path, { cookie, body });
			assertError(r, 400, 'bad_field', field);
			assert.deepEqual(await get(path, c.admin), before, `PATCH ${path} ${JSON.stringify(body)} changed nothing`);
		}
		async function rejectedPost(path, body, field, cookie = c.workerA) {
			const residents = await residentCount();
			const households = await householdCount();
			assertError(await api(url, 'POST', path, { cookie, body }), 400, 'bad_field', field);
			assert.equal(await residentCount(), residents, `POST ${path} ${JSON.stringify(body)} created no resident`);
			assert.equal(await householdCount(), households, `POST ${path} ${JSON.stringify(body)} created no household`);
		}
		const base = () => ({ household_id: fx.household('h21-201').id, name: '错误示范' });

		it('an ID number with a wrong check digit: id_number', async () => {
			const r = fx.resident('r09');
			const bad = breakCheckDigit(r.id_number);
			await rejectedPost('/api/v1/residents', { ...base(), id_number: bad }, 'id_number');
			await rejectedPatch(`/api/v1/residents/${r.id}`, { id_number: bad }, 'id_number');
			await rejectedPatch(`/api/v1/residents/${r.id}`, { id_number: r.id_number.slice(0, 17) }, 'id_number');
		});

		it('a birth date in the future: birth_date', async () => {
			await rejectedPost('/api/v1/residents', { ...base(), birth_date: addDays(fx.today, 1) }, 'birth_date');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { birth_date: addDays(fx.today, 30) }, 'birth_date');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { birth_date: '1980-02-30' }, 'birth_date');
		});

		it('an unknown gender: gender', async () => {
			await rejectedPost('/api/v1/residents', { ...base(), gender: 'unknown' }, 'gender');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { gender: '男' }, 'gender');
		});

		it('an unknown field: named', async () => {
			await rejectedPost('/api/v1/residents', { ...base(), nickname: '小王' }, 'nickname');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { nickname: '小孙' }, 'nickname');
			await rejectedPatch(`/api/v1/households/${fx.household('h20-601').id}`, { elevator: true }, 'elevator');
		});

		it('a name of 51 characters: name (50 Chinese characters are fine)', async () => {
			await rejectedPost('/api/v1/residents', { ...base(), name: '张'.repeat(51) }, 'name');
			await rejectedPost('/api/v1/residents', { ...base(), name: '' }, 'name');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { name: 'a'.repeat(51) }, 'name');
			const ok = await create(url, c.workerA, '/api/v1/residents', { ...base(), name: '张'.repeat(50) });
			assert.equal(ok.name, '张'.repeat(50));
		});

		it('a room in a building of another committee: building_id', async () => {
			await rejectedPatch(`/api/v1/households/${fx.household('h20-402').id}`, { building_id: fx.building('B1-8').id }, 'building_id');
			await rejectedPost('/api/v1/households', { building_id: fx.building('C1-1').id, room: '502' }, 'building_id');
		});

		it('a tag of another committee: tags', async () => {
			const tag = await create(url, c.headB, '/api/v1/tags', { name: '安全里巡逻队', category: 'team', committee_code: COMMITTEES.B.code });
			assert.equal(tag.committee_code, COMMITTEES.B.code);
			// the admin sees the tag, yet it is not a tag of the resident's committee
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { tags: ['安全里巡逻队'] }, 'tags', c.admin);
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { tags: ['安全里巡逻队'] }, 'tags', c.workerA);
			await rejectedPatch(`/api/v1/households/${fx.household('h20-601').id}`, { tags: ['安全里巡逻队'] }, 'tags', c.admin);
			await rejectedPost('/api/v1/residents', { ...base(), tags: ['安全里巡逻队'] }, 'tags');
			await rejectedPost('/api/v1/residents', { ...base(), tags: ['没有这个标签'] }, 'tags');
			// and it is fine in B
			const p = await patch(`/api/v1/residents/${fx.resident('r22').id}`, { tags: ['安全里巡逻队'] }, c.workerB);
			assert.deepEqual(p.tags.map((t) => t.name), ['安全里巡逻队']);
		});

		it('status deceased without status_date: status_date', async () => {
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { status: 'deceased' }, 'status_date');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { status: 'moved_out' }, 'status_date');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { status: 'gone', status_date: fx.today }, 'status');
			await rejectedPost('/api/v1/residents', { ...base(), status: 'deceased' }, 'status_date');
		});

		it('a phone of another city: phone', async () => {
			await rejectedPost('/api/v1/residents', { ...base(), phone: '0755-26781234' }, 'phone');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { phone: '075526781234' }, 'phone');
			await rejectedPatch(`/api/v1/residents/${fx.resident('r09').id}`, { phone: '12800001234' }, 'phone');
			// a Shanghai fixed line, with or without 021, is fine
			const p = await patch(`/api/v1/residents/${fx.resident('r15').id}`, { phone: '6234 5678' }, c.workerA);
			assert.equal(p.phone, '021-****5678');
		});

		it('wrong types and bad enumerations', async () => {
			const id = fx.resident('r09').id;
			await rejectedPatch(`/api/v1/residents/${id}`, { party_member: 'yes' }, 'party_member');
			await rejectedPatch(`/api/v1/residents/${id}`, { relation: 'cousin' }, 'relation');
			await rejectedPatch(`/api/v1/residents/${id}`, { residence_kind: '户籍' }, 'residence_kind');
			await rejectedPatch(`/api/v1/residents/${id}`, { work: 'x'.repeat(501) }, 'work');
			await rejectedPatch(`/api/v1/households/${fx.household('h20-601').id}`, { housing_kind: 'castle' }, 'housing_kind');
			await rejectedPatch(`/api/v1/households/${fx.household('h20-601').id}`, { room: 'x'.repeat(21) }, 'room');
		});

		it('a duplicate active room in a building: 409 conflict, nothing changed', async () => {
			const h = fx.household('h20-402');
			const before = await get(`/api/v1/households/${h.id}`, c.admin);
			assertError(await api(url, 'PATCH', `/api/v1/households/${h.id}`, { cookie: c.workerA, body: { room: '401' } }),
				409, 'conflict');
			assert.deepEqual(await get(`/api/v1/households/${h.id}`, c.admin), before);
		});
	});
});
