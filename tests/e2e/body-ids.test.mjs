// Ids in bodies are checked like ids in paths (security review F7, F8): an id
// the body refers to must exist and belong to the committee of the resource
// written, not merely be somewhere the caller can see.  The caller is a
// street user who sees both committees A and B of the street; an id of B in
// a write for A, or an id that does not exist, is 400 bad_field naming the
// field, and nothing is created.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, STREET, A, B } from './lib/visits-fixture.mjs';

const NONE = 99999999;

describe('ids in bodies belong to the resource\'s committee', () => {
	let w, street, hA, rA, rB, bB, issueA, issueB, volA, volB;

	before(async () => {
		w = await startVisits();
		street = await w.user('street', 'street', STREET);
		const xA = await w.compound(A, '普雄小区');
		const bA = await w.building(xA, '1号');
		hA = await w.household(bA, '101');
		rA = await w.resident(hA, '王一');
		const rA2 = await w.resident(hA, '王二');
		const xB = await w.compound(B, '安全里公寓');
		bB = await w.building(xB, '8号');
		const hB = await w.household(bB, '101');
		rB = await w.resident(hB, '赵四');
		const rB2 = await w.resident(hB, '赵五');
		const issue = (household) => w.ok('POST', '/api/v1/issues', {
			cookie: street.cookie, status: 201,
			body: { category: 'repairs', description: '楼道漏水', channel: 'office', household_id: household.id },
		});
		issueA = await issue(hA);
		issueB = await issue(hB);
		assert.equal(issueB.committee_code, B);
		const vol = (r) => w.ok('POST', '/api/v1/volunteers', { cookie: street.cookie, status: 201, body: { resident_id: r.id } });
		volA = await vol(rA2);
		volB = await vol(rB2);
	});
	after(async () => {
		if (w) await w.stop();
	});

	const count = async (path) => (await w.get(path, street.cookie)).items.length;

	it('F7: a visit\'s issue_ids are issues of the household\'s committee', async () => {
		const before = await count(`/api/v1/visits?household_id=${hA.id}&limit=500`);
		const post = (issue_ids) => w.req('POST', '/api/v1/visits', {
			cookie: street.cookie, body: { household_id: hA.id, channel: 'home', issue_ids },
		});
		for (const ids of [[issueA.id, issueB.id], [NONE], [issueB.id]]) {
			const r = await post(ids);
			assertError(r, 400, 'bad_field', 'issue_ids');
			assert.match(r.json.error.message, new RegExp(`issue ${ids.at(-1)}`));
			assert.match(r.json.error.message_zh, /事件/);
		}
		assert.equal(await count(`/api/v1/visits?household_id=${hA.id}&limit=500`), before, 'nothing recorded');
		const ok = await post([issueA.id]);
		assert.equal(ok.status, 201, ok.text);
		assert.deepEqual(ok.json.issue_ids, [issueA.id]);
	});

	it('F7: correcting a visit checks issue_ids too', async () => {
		const v = await w.visit(street.cookie, { household_id: hA.id });
		const r = await w.req('PATCH', `/api/v1/visits/${v.id}`, { cookie: street.cookie, body: { issue_ids: [issueB.id] } });
		assertError(r, 400, 'bad_field', 'issue_ids');
		assert.deepEqual((await w.get(`/api/v1/visits/${v.id}`, street.cookie)).issue_ids, []);
	});

	it('F8: an activity serves residents of its own committee', async () => {
		const before = await count('/api/v1/activities?limit=500');
		const post = (served_resident_ids) => w.req('POST', '/api/v1/activities', {
			cookie: street.cookie,
			body: { committee_code: A, title: '爱心理发日', date: '2026-10-15', served_resident_ids },
		});
		for (const ids of [[rA.id, rB.id], [NONE]]) {
			const r = await post(ids);
			assertError(r, 400, 'bad_field', 'served_resident_ids');
			assert.match(r.json.error.message, new RegExp(`resident ${ids.at(-1)}`));
		}
		assert.equal(await count('/api/v1/activities?limit=500'), before, 'nothing recorded');
		const ok = await post([rA.id]);
		assert.equal(ok.status, 201, ok.text);
		assert.equal(ok.json.served, 1);
	});

	it('others: volunteers of an activity or team, issues of a project, buildings of a grid', async () => {
		const nActivities = await count('/api/v1/activities?limit=500');
		for (const id of [volB.id, NONE]) {
			assertError(await w.req('POST', '/api/v1/activities', {
				cookie: street.cookie,
				body: { committee_code: A, title: '送药上门', date: '2026-11-02', volunteers: [{ volunteer_id: id, hours: 1 }] },
			}), 400, 'bad_field', 'volunteers[0].volunteer_id');
		}
		assert.equal(await count('/api/v1/activities?limit=500'), nActivities);

		const nTeams = await count('/api/v1/teams?limit=500');
		for (const id of [volB.id, NONE]) {
			assertError(await w.req('POST', '/api/v1/teams', {
				cookie: street.cookie, body: { committee_code: A, name: `红袖章${id}`, member_ids: [volA.id, id] },
			}), 400, 'bad_field', 'member_ids');
		}
		assert.equal(await count('/api/v1/teams?limit=500'), nTeams);

		const project = await w.ok('POST', '/api/v1/projects', {
			cookie: street.cookie, status: 201, body: { committee_code: A, name: '加装电梯' },
		});
		for (const id of [issueB.id, NONE]) {
			assertError(await w.req('POST', `/api/v1/projects/${project.id}/issues`, {
				cookie: street.cookie, body: { issue_id: id },
			}), 400, 'bad_field', 'issue_id');
		}
		assert.deepEqual((await w.get(`/api/v1/projects/${project.id}`, street.cookie)).issue_ids, []);

		const nGrids = await count(`/api/v1/grids?committee_code=${A}&limit=500`);
		for (const id of [bB.id, NONE]) {
			assertError(await w.req('POST', '/api/v1/grids', {
				cookie: street.cookie, body: { committee_code: A, name: '三网格', building_ids: [id], household_ids: [] },
			}), 400, 'bad_field', 'building_ids');
		}
		assert.equal(await count(`/api/v1/grids?committee_code=${A}&limit=500`), nGrids);
	});

	it('the place ids of a stored filter (campaign, survey audience, meeting invitations)', async () => {
		const head = await w.user('headA', 'committee_head', A);
		const cases = [
			['/api/v1/campaigns', 'filter', {
				committee_code: A, name: '口罩预约', unit: 'household',
				fields: [{ key: 'booked', label: '已预约', type: 'yes_no' }],
			}],
			['/api/v1/surveys', 'audience', {
				committee_code: A, title: '需求调研',
				questions: [{ kind: 'text', text: '其他建议' }],
			}],
			['/api/v1/meetings', 'invite_filter', {
				committee_code: A, topic: '议事会', held_at: '2026-11-20T14:00:00+08:00',
			}],
		];
		for (const [path, member, base] of cases) {
			const list = path === '/api/v1/campaigns' ? path : `${path}?limit=500`;
			const n = await count(list);
			for (const cookie of [street.cookie, head.cookie]) {
				for (const [key, id] of [['building_id', bB.id], ['compound_id', bB.compound.id], ['building_id', NONE], ['compound_id', NONE]]) {
					const r = await w.req('POST', path, { cookie, body: { ...base, [member]: { [key]: id } } });
					assertError(r, 400, 'bad_field', `${member}.${key}`);
				}
			}
			assert.equal(await count(list), n, `nothing created at ${path}`);
			const ok = await w.req('POST', path, { cookie: street.cookie, body: { ...base, [member]: { building_id: hA.building.id } } });
			assert.equal(ok.status, 201, `${path}: ${ok.text}`);
		}
	});
});
