// The party network (docs/consultation.md): the proposal of groups (API and
// `sibai party propose`), the tree accepted or edited by the head, refusals
// (a member of another committee), liaison chains to households and their
// coverage, party members per building (亮身份), scoping.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, sibai, describeRun } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;

describe('networks: the party tree and liaison', () => {
	let env, url, c, fx, proposal, id;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		id = (key) => fx.resident(key).id;
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const tree = async (cookie = c.headA) => {
		const r = await api(url, 'GET', `/api/v1/party/orgs?committee_code=${A}`, { cookie });
		assert.equal(r.status, 200, r.text);
		return r.json;
	};

	it('proposes a group for 20号 (3 members) and one below the minimum for the lone 3号楼 (2)', async () => {
		const r = await api(url, 'GET', `/api/v1/party/proposal?committee_code=${A}`, { cookie: c.headA });
		assert.equal(r.status, 200, r.text);
		proposal = r.json;
		// living party members of A: r01, r05, r08 in 20号; r14, r17 in 3号楼 (r07 died)
		assert.equal(proposal.members, 5);
		assert.equal(proposal.groups.length, 2);
		const [g20, g3] = proposal.groups;
		assert.equal(g20.name, '普雄小区20号党小组');
		assert.deepEqual(g20.members.map((m) => m.id).sort((a, b) => a - b), [id('r01'), id('r05'), id('r08')].sort((a, b) => a - b));
		assert.equal(g20.below_minimum, false);
		assert.deepEqual(g3.buildings.map((b) => b.label), ['3号楼']);
		assert.equal(g3.below_minimum, true);
		assert.deepEqual(proposal.buildings_without_members.sort(), [fx.building('A1-21').id, fx.building('A1-22').id].sort());
		// the tree to accept: one branch per compound
		assert.deepEqual(proposal.tree.branches.map((b) => b.name), ['普雄小区党支部', '普雄花苑党支部']);
		assert.deepEqual(proposal.tree.branches[0].groups[0].building_ids, [fx.building('A1-20').id]);
		assertError(await api(url, 'GET', `/api/v1/party/proposal?committee_code=${A}`, { cookie: c.workerA }), 403, 'forbidden');
		assertError(await api(url, 'GET', `/api/v1/party/proposal?committee_code=${B}`, { cookie: c.headA }), 400, 'bad_query', 'committee_code');
		assertError(await api(url, 'GET', '/api/v1/party/proposal', { cookie: c.headA }), 400, 'bad_query', 'committee_code');
	});

	it('the command line proposes the same', () => {
		const args = ['party', 'propose', '--db', env.db, '--committee', A];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		const cli = JSON.parse(r.stdout);
		assert.deepEqual(cli.tree, proposal.tree);
		assert.deepEqual(cli.groups, proposal.groups);
		const bad = sibai(['party', 'propose', '--db', env.db, '--committee', '310107015']);
		assert.equal(bad.status, 1, describeRun(['party'], bad));
		assert.match(bad.stderr, /not a committee/);
		assert.equal(sibai(['party', 'propose', '--db', env.db]).status, 2);
	});

	it('the head accepts the proposal with edits: leaders and the liaison chain', async () => {
		const body = structuredClone(proposal.tree);
		body.leader_id = id('r08');
		body.member_ids = [id('r08'), id('r14')]; // 总支委员
		const [b1, b2] = body.branches;
		b1.liaison_id = id('r14'); // 委员 → 支部
		b1.leader_id = id('r01');
		b1.member_ids = [id('r01'), id('r05')]; // 支部委员
		b1.groups[0].liaison_id = id('r05'); // 支部委员 → 小组
		b1.groups[0].leader_id = id('r08');
		b2.liaison_id = id('r08');
		// an edit: the 3号楼 group is renamed
		b2.groups[0].name = '花苑党小组';
		const r = await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.headA, body });
		assert.equal(r.status, 200, r.text);
		const g = r.json.general_branch;
		assert.equal(g.kind, 'general_branch');
		assert.equal(g.leader.id, id('r08'));
		assert.equal(g.branches.length, 2);
		assert.equal(g.branches[0].liaison.id, id('r14'));
		assert.equal(g.branches[0].groups[0].kind, 'group');
		assert.equal(g.branches[0].groups[0].liaison.name, fx.resident('r05').name);
		assert.equal(g.branches[1].groups[0].name, '花苑党小组');
		assert.deepEqual(g.branches[1].groups[0].members.map((m) => m.id).sort(), [id('r14'), id('r17')].sort());
		assert.deepEqual(await tree(c.workerA), r.json);
	});

	it('refuses a group with a member of another committee, or no party member, and changes nothing', async () => {
		const before = await tree();
		const bad = async (edit, field) => {
			const body = structuredClone(proposal.tree);
			edit(body);
			const r = await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.headA, body });
			assertError(r, 400, 'bad_field', field);
			return r;
		};
		let r = await bad((t) => t.branches[0].groups[0].member_ids.push(id('r21')), 'branches[0].groups[0].member_ids');
		assert.match(r.json.error.message, /not a party member of this committee/);
		await bad((t) => t.branches[0].groups[0].member_ids.push(id('r02')), 'branches[0].groups[0].member_ids');
		await bad((t) => t.branches[0].groups[0].member_ids.push(id('r07')), 'branches[0].groups[0].member_ids');
		await bad((t) => t.branches[1].groups[0].member_ids.push(id('r01')), 'branches[1].groups[0].member_ids');
		await bad((t) => { t.branches[0].groups[0].building_ids.push(fx.building('B1-8').id); }, 'branches[0].groups[0].building_ids');
		await bad((t) => { t.branches[0].liaison_id = id('r05'); }, 'branches[0].liaison_id');
		await bad((t) => { t.branches[0].compound_id = fx.compound('B1').id; }, 'branches[0].compound_id');
		await bad((t) => { t.branches[0].groups[0].colour = 'red'; }, 'branches[0].groups[0].colour');
		assertError(await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.headA, body: { ...proposal.tree, committee_code: B } }),
			400, 'bad_field', 'committee_code');
		assertError(await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.workerA, body: proposal.tree }), 403, 'forbidden');
		assert.deepEqual(await tree(), before);
	});

	it('links households to party members and reports the coverage', async () => {
		const hA = fx.households.filter((h) => h.committee === 'A');
		const link = (hh, r) => ({ household_id: fx.household(hh).id, resident_id: r ? id(r) : null });
		let r = await api(url, 'PUT', '/api/v1/party/liaisons', {
			cookie: c.headA,
			body: { committee_code: A, links: [link('h20-101', 'r01'), link('h20-301', 'r01'), link('h20-401', 'r01'), link('h21-602', 'r05'), link('h3-1201', 'r17')] },
		});
		assert.equal(r.status, 200, r.text);
		let cov = r.json;
		assert.equal(cov.households, hA.length);
		assert.equal(cov.linked, 5);
		assert.equal(cov.share, Math.round((5 / hA.length) * 10000) / 10000);
		const b20 = cov.by_building.find((b) => b.building_id === fx.building('A1-20').id);
		assert.equal(b20.households, 6);
		assert.equal(b20.linked, 3);
		assert.equal(cov.by_member.find((m) => m.resident_id === id('r01')).households, 3);
		assert.equal(cov.by_member.find((m) => m.resident_id === id('r08')).households, 0);
		assert.equal(cov.unlinked_household_ids.length, hA.length - 5);
		assert.ok(!cov.unlinked_household_ids.includes(fx.household('h20-101').id));
		// the chain: 委员 → 支部 → 小组
		const branch = cov.chains.find((x) => x.kind === 'branch' && x.name === '普雄小区党支部');
		assert.equal(branch.liaison.id, id('r14'));
		// move one, unlink another
		r = await api(url, 'PUT', '/api/v1/party/liaisons', { cookie: c.headA, body: { committee_code: A, links: [link('h20-401', 'r08'), link('h3-1201', null)] } });
		assert.equal(r.status, 200, r.text);
		cov = r.json;
		assert.equal(cov.linked, 4);
		assert.equal(cov.by_member.find((m) => m.resident_id === id('r01')).households, 2);
		// refusals: a member of another committee, a household of another committee, not a party member
		const bad = async (links, field) => {
			assertError(await api(url, 'PUT', '/api/v1/party/liaisons', { cookie: c.headA, body: { committee_code: A, links } }), 400, 'bad_field', field);
		};
		await bad([link('h20-502', 'r08'), link('h20-402', 'r21')], 'links[1].resident_id');
		await bad([link('h8-501', 'r08')], 'links[0].household_id');
		await bad([link('h20-502', 'r02')], 'links[0].resident_id');
		await bad([], 'links');
		r = await api(url, 'GET', `/api/v1/party/coverage?committee_code=${A}`, { cookie: c.workerA });
		assert.equal(r.status, 200);
		assert.equal(r.json.linked, 4, 'refused links changed nothing');
		assert.equal(r.json.by_member.find((m) => m.resident_id === id('r08')).households, 1);
	});

	it('lists the party members of each building (亮身份)', async () => {
		const r = await api(url, 'GET', `/api/v1/party/members?committee_code=${A}`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		const b20 = r.json.items.find((b) => b.building_id === fx.building('A1-20').id);
		assert.deepEqual(b20.members.map((m) => m.name).sort(), [fx.resident('r01').name, fx.resident('r05').name, fx.resident('r08').name].sort());
		assert.ok(b20.members.every((m) => m.group === '普雄小区20号党小组'));
		assert.deepEqual(b20.members.map((m) => m.room), ['101', '402', '601']);
		assert.deepEqual(r.json.items.find((b) => b.building_id === fx.building('A1-21').id).members, []);
		const one = await api(url, 'GET', `/api/v1/party/members?committee_code=${A}&building_id=${fx.building('A2-3').id}`, { cookie: c.workerA });
		assert.deepEqual(one.json.items.map((b) => b.label), ['3号楼']);
		assert.equal(one.json.items[0].members[0].group, '花苑党小组');
	});

	it('is scoped: another committee cannot read or change A\'s network', async () => {
		for (const p of ['orgs', 'coverage', 'members']) {
			assertError(await api(url, 'GET', `/api/v1/party/${p}?committee_code=${A}`, { cookie: c.headB }), 400, 'bad_query', 'committee_code');
		}
		assertError(await api(url, 'PUT', '/api/v1/party/liaisons', { cookie: c.headB, body: { committee_code: A, links: [{ household_id: fx.household('h20-101').id, resident_id: null }] } }),
			400, 'bad_field', 'committee_code');
		// B's own tree is empty; B's head cannot put A's members in it
		const own = await api(url, 'GET', `/api/v1/party/orgs?committee_code=${B}`, { cookie: c.headB });
		assert.equal(own.status, 200);
		assert.equal(own.json.general_branch, null);
		assertError(await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.headB, body: { committee_code: B, name: '党总支', member_ids: [id('r01')] } }),
			400, 'bad_field', 'member_ids');
		const ok = await api(url, 'PUT', '/api/v1/party/orgs', { cookie: c.headB, body: { committee_code: B, name: '安全里党总支', member_ids: [id('r21')] } });
		assert.equal(ok.status, 200, ok.text);
		assert.equal((await tree()).general_branch.branches.length, 2, "A's tree is untouched");
		assert.equal((await api(url, 'GET', `/api/v1/party/coverage?committee_code=${A}`, { cookie: c.street })).status, 200);
	});
});
