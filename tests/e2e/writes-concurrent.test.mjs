// Many writes at once (docs/internals/store.md, "Batched transactions"): the
// server commits concurrent requests together, yet each request stands
// alone — one refused inside a batch changes nothing of the others, and
// every request answered 2xx is there afterwards.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { tmpdir, initDb, startServer, api, login, assertError } from './lib/harness.mjs';

const ADMIN_PASSWORD = 'batch-admin-123';
const COMMITTEE = '310107015028';

describe('concurrent writes', () => {
	let server, cookie, building;

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: ADMIN_PASSWORD });
		server = await startServer({ db });
		cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
		const c = await api(server.url, 'POST', '/api/v1/compounds', {
			cookie, body: { committee_code: COMMITTEE, name: '并发小区', kind: 'commercial' },
		});
		assert.equal(c.status, 201, c.text);
		const b = await api(server.url, 'POST', '/api/v1/buildings', {
			cookie, body: { compound_id: c.json.id, label: '1号' },
		});
		assert.equal(b.status, 201, b.text);
		building = b.json.id;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('40 households in one building at once: each answered 201 is there, with its own room', async () => {
		const rooms = Array.from({ length: 40 }, (_, i) => `${Math.floor(i / 4) + 1}0${(i % 4) + 1}`);
		const rs = await Promise.all(rooms.map((room) => api(server.url, 'POST', '/api/v1/households', {
			cookie, body: { building_id: building, room },
		})));
		for (const r of rs) assert.equal(r.status, 201, r.text);
		const ids = new Set(rs.map((r) => r.json.id));
		assert.equal(ids.size, 40, 'forty different households');
		for (let i = 0; i < rs.length; i++) {
			const g = await api(server.url, 'GET', `/api/v1/households/${rs[i].json.id}`, { cookie });
			assert.equal(g.status, 200, g.text);
			assert.equal(g.json.room, rooms[i]);
		}
	});

	it('the same room 12 times at once: one 201, eleven 409, and the others in the same moment are kept', async () => {
		const same = Array.from({ length: 12 }, () => api(server.url, 'POST', '/api/v1/households', {
			cookie, body: { building_id: building, room: '1801' },
		}));
		const others = Array.from({ length: 12 }, (_, i) => api(server.url, 'POST', '/api/v1/households', {
			cookie, body: { building_id: building, room: `19${String(i + 1).padStart(2, '0')}` },
		}));
		const [a, b] = await Promise.all([Promise.all(same), Promise.all(others)]);
		assert.equal(a.filter((r) => r.status === 201).length, 1, a.map((r) => r.status).join(','));
		for (const r of a.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict');
		for (const r of b) assert.equal(r.status, 201, r.text);
		const list = await api(server.url, 'GET', `/api/v1/households?building_id=${building}&limit=200`, { cookie });
		assert.equal(list.status, 200, list.text);
		const inRoom = list.json.items.filter((h) => h.room === '1801');
		assert.equal(inRoom.length, 1, 'one household in 1801');
		for (const r of b) assert.ok(list.json.items.some((h) => h.id === r.json.id), `household ${r.json.id} kept`);
	});
});
