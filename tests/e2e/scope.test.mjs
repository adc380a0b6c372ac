// Jurisdiction: each user sees only the areas in its scope; anything outside
// answers 404 exactly as if it did not exist; roles gate the admin routes.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
	tmpdir, initDb, addUser, startServer, api, login, assertError, listAll, divisions, uniqueName,
} from './lib/harness.mjs';

// 普陀区 310107 → 长寿路街道 310107015 → 普雄路居委会 310107015028
const DISTRICT = '310107';
const STREET = '310107015';
const COMMITTEE = '310107015028';
const SIBLING_STREET = '310107014'; // 长风新村街道, also in 普陀区
const OTHER_COMMITTEE = { code: '310107014001', name: '曹家巷居委会' }; // in the sibling street

describe('jurisdiction', () => {
	let server, url;
	const admin = { username: 'admin', password: 'scope-admin-1' };
	const district = { username: uniqueName('district'), role: 'district', scope: [DISTRICT], password: 'district-pass-1' };
	const street = { username: uniqueName('street'), role: 'street', scope: [STREET], password: 'street-pass-1' };
	const worker = { username: uniqueName('worker'), role: 'worker', scope: [COMMITTEE], password: 'worker-pass-1' };
	const cookies = {};

	before(async () => {
		const rows = divisions();
		assert.equal(rows.find((d) => d.code === SIBLING_STREET)?.parent_code, DISTRICT, 'fixture: sibling street');
		assert.equal(rows.find((d) => d.code === OTHER_COMMITTEE.code)?.name, OTHER_COMMITTEE.name, 'fixture: other committee');
		assert.equal(rows.filter((d) => d.name === OTHER_COMMITTEE.name).length, 1, 'fixture: other committee name is unique');

		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: admin.password });
		for (const u of [district, street, worker]) addUser(db, u);
		server = await startServer({ db });
		url = server.url;
		cookies.admin = await login(url, admin.username, admin.password);
		cookies.district = await login(url, district.username, district.password);
		cookies.street = await login(url, street.username, street.password);
		cookies.worker = await login(url, worker.username, worker.password);
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('areas need a session', async () => {
		assertError(await api(url, 'GET', `/api/v1/areas/${STREET}`), 401, 'unauthorized');
		assertError(await api(url, 'GET', '/api/v1/areas?q=普雄'), 401, 'unauthorized');
	});

	it('a street user reads its street with children and the chain of parents', async () => {
		const r = await api(url, 'GET', `/api/v1/areas/${STREET}`, { cookie: cookies.street });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.code, STREET);
		assert.equal(r.json.name, '长寿路街道');
		assert.equal(r.json.level, 'street');
		assert.equal(r.json.parent_code, DISTRICT);
		const children = r.json.children.map((c) => c.code);
		assert.ok(children.includes(COMMITTEE), `children include ${COMMITTEE}`);
		assert.equal(r.json.children.find((c) => c.code === COMMITTEE).name, '普雄路居委会');
		const expected = divisions().filter((d) => d.parent_code === STREET).map((d) => d.code).sort();
		assert.deepEqual(children, expected, 'children are all committees of the street, ordered by code');
		assert.ok(Array.isArray(r.json.parents), `parents is a list: ${r.text}`);
		assert.deepEqual(r.json.parents.map((p) => p.code), ['31', DISTRICT], `parents from the city down: ${JSON.stringify(r.json.parents)}`);
		assert.equal(r.json.parents.find((p) => p.code === DISTRICT).name, '普陀区');
	});

	it('a street user reads a committee of its street', async () => {
		const r = await api(url, 'GET', `/api/v1/areas/${COMMITTEE}`, { cookie: cookies.street });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.name, '普雄路居委会');
		assert.equal(r.json.level, 'committee');
	});

	it('everything outside a street user\'s scope is 404', async () => {
		for (const code of [SIBLING_STREET, OTHER_COMMITTEE.code, DISTRICT, '31', '310104', '310104003', '999999', '319999']) {
			const r = await api(url, 'GET', `/api/v1/areas/${code}`, { cookie: cookies.street });
			assertError(r, 404, 'not_found');
		}
		// out of scope answers exactly like does-not-exist
		const outside = await api(url, 'GET', `/api/v1/areas/${SIBLING_STREET}`, { cookie: cookies.street });
		const missing = await api(url, 'GET', '/api/v1/areas/999999', { cookie: cookies.street });
		assert.equal(outside.json.error.code, missing.json.error.code);
		assert.equal(outside.json.error.message, missing.json.error.message);
	});

	it('a street user\'s search finds only its own committees', async () => {
		const r = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent('普雄')}`, { cookie: cookies.street });
		assert.equal(r.status, 200, r.text);
		const hit = r.json.items.find((i) => i.code === COMMITTEE);
		assert.ok(hit, `search 普雄 finds ${COMMITTEE}: ${r.text}`);
		assert.equal(hit.name, '普雄路居委会');
		assert.ok('next_cursor' in r.json, 'collection has next_cursor');

		const other = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent(OTHER_COMMITTEE.name)}`, { cookie: cookies.street });
		assert.equal(other.status, 200, other.text);
		assert.deepEqual(other.json.items, [], `a committee of another street is not found: ${other.text}`);
		assert.equal(other.json.next_cursor, null);

		// the admin does find it, so the empty answer above is the scope at work
		const adm = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent(OTHER_COMMITTEE.name)}`, { cookie: cookies.admin });
		assert.ok(adm.json.items.some((i) => i.code === OTHER_COMMITTEE.code), `admin finds ${OTHER_COMMITTEE.code}: ${adm.text}`);

		const all = await listAll(url, `/api/v1/areas?q=${encodeURIComponent('居委会')}`, cookies.street);
		const expected = divisions().filter((d) => d.parent_code === STREET && d.name.includes('居委会')).map((d) => d.code).sort();
		assert.deepEqual(all.map((i) => i.code).sort(), expected, 'search 居委会 gives exactly the street\'s committees');
	});

	it('a worker sees its committee and nothing above or beside it', async () => {
		const r = await api(url, 'GET', `/api/v1/areas/${COMMITTEE}`, { cookie: cookies.worker });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.code, COMMITTEE);
		assert.equal(r.json.name, '普雄路居委会');
		for (const code of [STREET, DISTRICT, '310107015001', OTHER_COMMITTEE.code]) {
			assertError(await api(url, 'GET', `/api/v1/areas/${code}`, { cookie: cookies.worker }), 404, 'not_found');
		}
		const s = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent('居委会')}`, { cookie: cookies.worker });
		assert.equal(s.status, 200, s.text);
		assert.deepEqual(s.json.items.map((i) => i.code), [COMMITTEE], 'a worker\'s search sees only its committee');
	});

	it('a district user sees its district and not another one', async () => {
		const r = await api(url, 'GET', `/api/v1/areas/${SIBLING_STREET}`, { cookie: cookies.district });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.name, '长风新村街道');
		assertError(await api(url, 'GET', '/api/v1/areas/310104', { cookie: cookies.district }), 404, 'not_found');
		assertError(await api(url, 'GET', '/api/v1/areas/310104003', { cookie: cookies.district }), 404, 'not_found');
	});

	// Accounts are managed by the level above within its jurisdiction
	// (docs/accounts.md; issue 19): a street changes its committees'
	// workers, never the district's account, never a role at or above its own.
	it('a worker may not read the audit log or the users; a street reads its own users only, and changes only those below it', async () => {
		assertError(await api(url, 'GET', '/api/v1/audit', { cookie: cookies.worker }), 403, 'forbidden');
		assertError(await api(url, 'GET', '/api/v1/users', { cookie: cookies.worker }), 403, 'forbidden');
		assertError(await api(url, 'GET', '/api/v1/audit', { cookie: cookies.street }), 403, 'forbidden');
		// the street's list: its own accounts (the worker and itself), not the district's, not the admin
		const st = await listAll(url, '/api/v1/users', cookies.street);
		const names = st.map((u) => u.username).sort();
		assert.deepEqual(names, [street.username, worker.username].sort(), JSON.stringify(st));
		const ids = Object.fromEntries((await listAll(url, '/api/v1/users', cookies.admin)).map((u) => [u.username, u.id]));
		assert.equal((await api(url, 'GET', `/api/v1/users/${ids[worker.username]}`, { cookie: cookies.street })).status, 200);
		assertError(await api(url, 'GET', `/api/v1/users/${ids[district.username]}`, { cookie: cookies.street }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/users/${ids.admin}`, { cookie: cookies.street }), 404, 'not_found');
		const off = await api(url, 'PATCH', `/api/v1/users/${ids[worker.username]}`, { cookie: cookies.street, body: { disabled: true } });
		assert.equal(off.status, 200, off.text);
		const on = await api(url, 'PATCH', `/api/v1/users/${ids[worker.username]}`, { cookie: cookies.street, body: { disabled: false } });
		assert.equal(on.status, 200, on.text);
		cookies.worker = await login(url, worker.username, worker.password);
		assertError(await api(url, 'PATCH', `/api/v1/users/${ids[worker.username]}`, { cookie: cookies.street, body: { role: 'street', scope: [STREET] } }), 403, 'forbidden', 'role');
		assertError(await api(url, 'PATCH', `/api/v1/users/${ids[district.username]}`, { cookie: cookies.street, body: { disabled: true } }), 404, 'not_found');
		const me = await api(url, 'GET', '/api/v1/me', { cookie: cookies.street });
		assertError(await api(url, 'PATCH', `/api/v1/users/${me.json.id}`, { cookie: cookies.street, body: { disabled: true } }), 403, 'forbidden');
		// the district sees the street's and its own, still not the admin
		const di = (await listAll(url, '/api/v1/users', cookies.district)).map((u) => u.username);
		assert.ok(di.includes(worker.username) && di.includes(street.username) && di.includes(district.username), JSON.stringify(di));
		assert.ok(!di.includes('admin'), 'the admin (no area) is listed for the admin only');
		assertError(await api(url, 'POST', '/api/v1/users', {
			cookie: cookies.district,
			body: { username: uniqueName('sneaky'), password: 'sneaky-pass-1', role: 'worker', scope: ['310104003001'] },
		}), 403, 'forbidden', 'scope');
		assertError(await api(url, 'POST', '/api/v1/users', {
			cookie: cookies.district,
			body: { username: uniqueName('sneaky'), password: 'sneaky-pass-1', role: 'district', scope: ['310107'] },
		}), 403, 'forbidden', 'role');
		assertError(await api(url, 'GET', '/api/v1/audit'), 401, 'unauthorized');
	});

	it('a district user reads only its district\'s audit entries', async () => {
		// activity elsewhere: a user in 徐汇区 is created and logs in; so does the admin
		const xuhui = { username: uniqueName('xuhui'), password: 'xuhui-pass-12', role: 'street', scope: ['310104003'] };
		const created = await api(url, 'POST', '/api/v1/users', { cookie: cookies.admin, body: xuhui });
		assert.equal(created.status, 201, created.text);
		await login(url, xuhui.username, xuhui.password);

		const r = await api(url, 'GET', '/api/v1/audit', { cookie: cookies.district });
		assert.equal(r.status, 200, r.text);
		const items = await listAll(url, '/api/v1/audit', cookies.district);
		for (const it of items) {
			assert.equal(typeof it.area_code, 'string', `an entry with no area is for the admin only: ${JSON.stringify(it)}`);
			assert.ok(it.area_code.startsWith(DISTRICT), `entry outside 普陀区: ${JSON.stringify(it)}`);
		}
		// the admin sees all of those and more (its own login, at least)
		const adminItems = await listAll(url, '/api/v1/audit', cookies.admin);
		const adminIds = new Set(adminItems.map((i) => i.id));
		for (const it of items) assert.ok(adminIds.has(it.id), `admin sees entry ${it.id} too`);
		assert.ok(adminItems.length > items.length, `admin ${adminItems.length} entries, district ${items.length}`);
		assert.ok(adminItems.some((i) => i.username === xuhui.username && i.action === 'login'), 'the 徐汇区 login is audited');
		assert.ok(!items.some((i) => i.username === xuhui.username), 'the 徐汇区 login is not shown to 普陀区');
	});

	it('areas search pages with limit and cursor', async () => {
		const q = encodeURIComponent('居委会');
		const p1 = await api(url, 'GET', `/api/v1/areas?q=${q}&limit=2`, { cookie: cookies.admin });
		assert.equal(p1.status, 200, p1.text);
		assert.equal(p1.json.items.length, 2);
		assert.equal(typeof p1.json.next_cursor, 'string');
		const p2 = await api(url, 'GET', `/api/v1/areas?q=${q}&limit=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`,
			{ cookie: cookies.admin });
		assert.equal(p2.status, 200, p2.text);
		assert.equal(p2.json.items.length, 2);
		const first = p1.json.items.map((i) => i.code);
		for (const i of p2.json.items) {
			assert.ok(!first.includes(i.code), `page 2 repeats ${i.code}`);
			assert.ok(i.name.includes('居委会'), `page 2 item matches: ${JSON.stringify(i)}`);
		}
		const p3 = await api(url, 'GET', `/api/v1/areas?q=${q}&limit=2&cursor=${encodeURIComponent(p2.json.next_cursor)}`,
			{ cookie: cookies.admin });
		const seen = new Set([...first, ...p2.json.items.map((i) => i.code)]);
		for (const i of p3.json.items) assert.ok(!seen.has(i.code), `page 3 repeats ${i.code}`);
	});

	it('a bad limit is 400 bad_query', async () => {
		for (const limit of ['0', 'abc', '501', '-1', '2x']) {
			const r = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent('居委会')}&limit=${limit}`, { cookie: cookies.admin });
			assertError(r, 400, 'bad_query', 'limit');
		}
		const ok = await api(url, 'GET', `/api/v1/areas?q=${encodeURIComponent('居委会')}&limit=500`, { cookie: cookies.admin });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.items.length, 500);
	});
});
