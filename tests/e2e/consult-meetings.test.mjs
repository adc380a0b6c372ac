// Meetings (议事会, docs/consultation.md): a project, a meeting with
// participants by filter and by hand, attendance, minutes, decisions, motions
// and votes with the approval share and the quorum rule; the project's
// timeline; refusals (a vote from someone not invited) and scoping.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;

describe('consultation: meetings and votes', () => {
	let env, url, c, fx, project, meeting, other, byName;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const getMeeting = async (id, cookie = c.headA) => {
		const r = await api(url, 'GET', `/api/v1/meetings/${id}`, { cookie });
		assert.equal(r.status, 200, r.text);
		return r.json;
	};
	const vote = (id, body, cookie = c.workerA) => api(url, 'POST', `/api/v1/meetings/${id}/votes`, { cookie, body });

	it('a project, then a meeting inviting a building\'s adults by filter and others by hand', async () => {
		let r = await api(url, 'POST', '/api/v1/projects', {
			cookie: c.headA, body: { committee_code: A, name: '普雄小区20号加装电梯', description: '6层无电梯，悬空老人多' },
		});
		assert.equal(r.status, 201, r.text);
		project = r.json;
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { committee_code: A, name: '普雄小区20号加装电梯' } }),
			409, 'conflict', 'name');
		r = await api(url, 'POST', '/api/v1/meetings', {
			cookie: c.headA,
			body: {
				committee_code: A, topic: '20号加装电梯方案议事会', project_id: project.id,
				held_at: '2026-11-20T14:00:00+08:00', place: '红色议事厅',
				quorum: { min_present: 5, present_pct: 60, pass_pct: 66 },
				invite_filter: { building_id: fx.building('A1-20').id, age_min: 18 },
				invitees: [
					{ resident_id: fx.resident('r14').id, role: 'expert' },
					{ resident_id: fx.resident('r08').id, role: 'building_leader' },
					{ name: '上海普雄物业管理有限公司', role: 'property' },
				],
			},
		});
		assert.equal(r.status, 201, r.text);
		meeting = r.json;
		assert.equal(meeting.held_at, '2026-11-20T06:00:00Z');
		assert.equal(meeting.project_id, project.id);
		assert.deepEqual(meeting.quorum, { min_present: 5, present_pct: 60, pass_pct: 66 });
		// the living adults of 20号 (r07 died, r10 is 12) plus r14 and the property company;
		// r08 is both picked by hand and matched by the filter: once, as building leader
		const adults20 = fx.residentNames((x) => x.building === 'A1-20' && x.age >= 18);
		const names = meeting.participants.map((p) => p.name).sort();
		assert.deepEqual(names, [...adults20, fx.resident('r14').name, '上海普雄物业管理有限公司'].sort());
		assert.equal(meeting.invited, adults20.length + 2);
		byName = Object.fromEntries(meeting.participants.map((p) => [p.name, p]));
		assert.equal(byName[fx.resident('r08').name].role, 'building_leader');
		assert.equal(byName[fx.resident('r01').name].role, 'resident');
		assert.equal(byName['上海普雄物业管理有限公司'].resident_id, null);
		assert.equal(meeting.present, 0);
	});

	it('refuses bad meetings and changes nothing', async () => {
		const base = { committee_code: A, topic: 't', held_at: '2026-11-20T06:00:00Z' };
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.workerA, body: base }), 403, 'forbidden');
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, held_at: '下周三' } }), 400, 'bad_field', 'held_at');
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, quorum: { present_pct: 120 } } }), 400, 'bad_field', 'quorum.present_pct');
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, invitees: [{ resident_id: fx.resident('r21').id, role: 'expert' }] } }),
			400, 'bad_field', 'invitees[0].resident_id');
		// the street sees committee B's residents, but A's meeting takes A's residents only
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.street, body: { ...base, invitees: [{ resident_id: fx.resident('r20').id, role: 'resident_rep' }] } }),
			400, 'bad_field', 'invitees[0].resident_id');
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, invitees: [{ name: '专家', role: 'guest' }] } }),
			400, 'bad_field', 'invitees[0].role');
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, invite_filter: { committee_code: B } } }),
			400, 'bad_field', 'invite_filter.committee_code');
		const list = await api(url, 'GET', `/api/v1/meetings?committee_code=${A}`, { cookie: c.headA });
		assert.deepEqual(list.json.items.map((m) => m.id), [meeting.id]);
	});

	it('a vote on a motion: approval share, quorum, passed', async () => {
		let r = await api(url, 'POST', `/api/v1/meetings/${meeting.id}/motions`, { cookie: c.headA, body: { text: '同意按方案加装电梯', kind: 'approval' } });
		assert.equal(r.status, 201, r.text);
		const motion = r.json;
		// a second meeting, whose participants are not invited to the first
		r = await api(url, 'POST', '/api/v1/meetings', {
			cookie: c.headA, body: { committee_code: A, topic: '花苑停车议事会', held_at: '2026-11-21T06:00:00Z', invitees: [{ resident_id: fx.resident('r18').id, role: 'resident_rep' }] },
		});
		assert.equal(r.status, 201, r.text);
		other = r.json;
		const stranger = other.participants[0].id;
		r = await vote(meeting.id, { motion_id: motion.id, participant_id: stranger, choice: 'for' });
		assertError(r, 400, 'bad_field', 'participant_id');
		assert.match(r.json.error.message, /not invited/);
		// voters: everyone of 20号 but one votes for, one against; the property company abstains
		const voters = meeting.participants.filter((p) => p.name !== fx.resident('r14').name);
		const against = byName[fx.resident('r09').name].id;
		for (const p of voters) {
			const choice = p.id === against ? 'against' : (p.resident_id === null ? 'abstain' : 'for');
			r = await vote(meeting.id, { motion_id: motion.id, participant_id: p.id, choice });
			assert.equal(r.status, 201, r.text);
		}
		assertError(await vote(meeting.id, { motion_id: motion.id, participant_id: against, choice: 'for' }), 409, 'conflict', 'participant_id');
		assertError(await vote(meeting.id, { motion_id: motion.id, participant_id: against, score: 4 }), 400, 'bad_field', 'choice');
		assertError(await vote(meeting.id, { motion_id: 999999, participant_id: against, choice: 'for' }), 400, 'bad_field', 'motion_id');
		const m = await getMeeting(meeting.id);
		const t = m.motions[0];
		const nFor = voters.length - 2;
		assert.equal(t.for, nFor);
		assert.equal(t.against, 1);
		assert.equal(t.abstain, 1);
		assert.equal(t.cast, voters.length);
		assert.equal(t.approval_share, Math.round((nFor / voters.length) * 10000) / 10000);
		// voters count as present: all but r14 of the invited
		assert.equal(m.present, voters.length);
		assert.equal(t.quorum_met, voters.length >= 5 && voters.length * 100 >= 60 * m.invited);
		assert.equal(t.quorum_met, true);
		assert.equal(t.passed, nFor * 100 > 66 * voters.length);
		assert.equal(t.passed, true);
		// the stranger's refused vote changed nothing
		assert.equal((await getMeeting(other.id)).present, 0);
	});

	it('attendance decides the quorum; a satisfaction vote has a mean', async () => {
		// only three marked present: under min_present 5 and 60 %
		const three = meeting.participants.slice(0, 3).map((p) => p.id);
		let r = await api(url, 'PUT', `/api/v1/meetings/${meeting.id}/attendance`, { cookie: c.workerA, body: { present: three } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.present, 3);
		assert.equal(r.json.motions[0].quorum_met, false);
		assert.equal(r.json.motions[0].passed, false);
		assertError(await api(url, 'PUT', `/api/v1/meetings/${meeting.id}/attendance`, { cookie: c.workerA, body: { present: [other.participants[0].id] } }),
			400, 'bad_field', 'present');
		assert.equal((await getMeeting(meeting.id)).present, 3, 'a refused attendance list changes nothing');
		const all = meeting.participants.map((p) => p.id);
		r = await api(url, 'PUT', `/api/v1/meetings/${meeting.id}/attendance`, { cookie: c.workerA, body: { present: all } });
		assert.equal(r.json.present, all.length);
		assert.equal(r.json.motions[0].passed, true);
		r = await api(url, 'POST', `/api/v1/meetings/${meeting.id}/motions`, { cookie: c.headA, body: { text: '对施工方案的满意度', kind: 'satisfaction' } });
		assert.equal(r.status, 201, r.text);
		const sat = r.json.id;
		const scores = [5, 5, 4, 3];
		for (let i = 0; i < scores.length; i++) {
			r = await vote(meeting.id, { motion_id: sat, participant_id: all[i], score: scores[i] });
			assert.equal(r.status, 201, r.text);
		}
		assertError(await vote(meeting.id, { motion_id: sat, participant_id: all[5], choice: 'for' }), 400, 'bad_field', 'score');
		const s = (await getMeeting(meeting.id)).motions[1];
		assert.equal(s.kind, 'satisfaction');
		assert.deepEqual(s.scores, [0, 0, 1, 1, 2]);
		assert.equal(s.mean, 4.25);
		assert.equal(s.approval_share, 0.75);
	});

	it('minutes and decisions; the project keeps meetings, issues and decisions on one timeline', async () => {
		let r = await api(url, 'PATCH', `/api/v1/meetings/${meeting.id}`, { cookie: c.headA, body: { minutes: '与会居民充分讨论，物业介绍了施工方案。' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.minutes, '与会居民充分讨论，物业介绍了施工方案。');
		r = await api(url, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, { cookie: c.headA, body: { text: '采用某品牌电梯，12月开工' } });
		assert.equal(r.status, 201, r.text);
		assertError(await api(url, 'POST', `/api/v1/meetings/${meeting.id}/decisions`, { cookie: c.headA, body: { text: '' } }), 400, 'bad_field', 'text');
		// an issue of committee A about the lift, and one of committee B
		const issue = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA, body: { category: 'lift', description: '20号老人上下楼困难，希望加装电梯', channel: 'visit', resident_id: fx.resident('r01').id },
		});
		assert.equal(issue.status, 201, issue.text);
		const issueB = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerB, body: { category: 'lift', description: '8号想装电梯', channel: 'visit', resident_id: fx.resident('r20').id },
		});
		assert.equal(issueB.status, 201, issueB.text);
		r = await api(url, 'POST', `/api/v1/projects/${project.id}/issues`, { cookie: c.workerA, body: { issue_id: issue.json.id } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.issue_ids, [issue.json.id]);
		assertError(await api(url, 'POST', `/api/v1/projects/${project.id}/issues`, { cookie: c.headA, body: { issue_id: issueB.json.id } }),
			400, 'bad_field', 'issue_id');
		r = await api(url, 'GET', `/api/v1/projects/${project.id}/timeline`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		const kinds = r.json.items.map((x) => x.kind);
		assert.deepEqual(kinds.filter((k) => k !== 'issue').slice(0, 1), ['meeting'], JSON.stringify(r.json.items));
		assert.deepEqual([...kinds].sort(), ['decision', 'issue', 'meeting', 'motion', 'motion'].sort());
		const times = r.json.items.map((x) => Date.parse(x.at));
		assert.deepEqual(times, [...times].sort((a, b) => a - b), 'the timeline is in time order');
		assert.equal(r.json.items.find((x) => x.kind === 'decision').title, '采用某品牌电梯，12月开工');
		assert.equal(r.json.items.find((x) => x.kind === 'issue').issue_id, issue.json.id);
		const p = await api(url, 'GET', `/api/v1/projects/${project.id}`, { cookie: c.workerA });
		assert.equal(p.json.meetings, 1);
		const ms = await api(url, 'GET', `/api/v1/meetings?project_id=${project.id}`, { cookie: c.workerA });
		assert.deepEqual(ms.json.items.map((m) => m.id), [meeting.id]);
	});

	it('is scoped: another committee gets 404 for meetings and projects', async () => {
		for (const cookie of [c.headB, c.workerB]) {
			assertError(await api(url, 'GET', `/api/v1/meetings/${meeting.id}`, { cookie }), 404, 'not_found');
			assertError(await vote(meeting.id, { motion_id: 1, participant_id: meeting.participants[0].id, choice: 'for' }, cookie), 404, 'not_found');
			assertError(await api(url, 'PUT', `/api/v1/meetings/${meeting.id}/attendance`, { cookie, body: { present: [] } }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/projects/${project.id}`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/projects/${project.id}/timeline`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'POST', `/api/v1/projects/${project.id}/issues`, { cookie, body: { issue_id: 1 } }), 404, 'not_found');
			assert.deepEqual((await api(url, 'GET', '/api/v1/meetings', { cookie })).json.items, []);
			assert.deepEqual((await api(url, 'GET', '/api/v1/projects', { cookie })).json.items, []);
		}
		for (const [m, p] of [['PATCH', `/api/v1/meetings/${meeting.id}`], ['POST', `/api/v1/meetings/${meeting.id}/decisions`], ['POST', `/api/v1/meetings/${meeting.id}/motions`]]) {
			assertError(await api(url, m, p, { cookie: c.headB, body: { text: 'x' } }), 404, 'not_found');
		}
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headB, body: { committee_code: B, topic: 't', held_at: '2026-11-20T06:00:00Z', project_id: project.id } }),
			400, 'bad_field', 'project_id');
		assert.equal((await api(url, 'GET', `/api/v1/meetings/${meeting.id}`, { cookie: c.street })).status, 200);
	});
});
