// Issue 17: accepting the proposed party groups shows the difference, asks
// to confirm, keeps the name and leader of a group that did not change,
// and can be undone.  At 1440 and 360 px.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, shot, assertNoOverflow, assertNoErrors } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('party groups: difference, confirmation, officers kept, undo', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		// the tree in force: the proposal, with the 20号 group renamed and led by 赵丽
		const p = await api(w.url, 'GET', `/api/v1/party/proposal?committee_code=${A}`, { cookie: w.cookies.head });
		assert.equal(p.status, 200, p.text);
		const tree = p.json.tree;
		tree.name = '普雄路居民区党总支';
		const g20 = tree.branches.flatMap((b) => b.groups).find((g) => g.building_ids.includes(w.fx.building('A1-20').id));
		g20.name = '普雄红色楼组';
		g20.leader_id = w.fx.resident('r08').id;
		const r = await api(w.url, 'PUT', '/api/v1/party/orgs', { cookie: w.cookies.head, body: tree });
		assert.equal(r.status, 200, r.text);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	const propose = async (page) => {
		await go(page, w.url, `#/consult/party?committee_code=${A}`);
		await page.getByRole('button', { name: '按楼生成党小组建议' }).click();
		await page.getByRole('button', { name: '采纳建议' }).click();
		return page.locator('#party-diff');
	};
	const tree = async () => (await api(w.url, 'GET', `/api/v1/party/orgs?committee_code=${A}`, { cookie: w.cookies.head })).json.general_branch;
	const group20 = (g) => g.branches.flatMap((b) => b.groups).find((x) => x.building_ids.includes(w.fx.building('A1-20').id));

	it('an unchanged group keeps its name and leader through an acceptance', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		const diff = await propose(page);
		await diff.getByText('普雄红色楼组 · 不变：保留名称、组长和联系人').waitFor();
		await shot(page, 'party-diff');
		// nothing is written before the confirmation
		assert.equal(group20(await tree()).name, '普雄红色楼组');
		await page.getByRole('button', { name: '确认采纳' }).click();
		await page.locator('#party-tree .org-tree').getByText('普雄红色楼组').waitFor();
		const g = await tree();
		assert.equal(g.name, '普雄路居民区党总支');
		assert.equal(group20(g).leader.name, w.fx.resident('r08').name);
		assertNoErrors(page, 'accept unchanged');
	});

	it('a changed group is said so, and the acceptance can be undone', async () => {
		// a new party member in 20号: the group's members change
		const r09 = w.fx.resident('r09');
		const r = await api(w.url, 'PATCH', `/api/v1/residents/${r09.id}`, { cookie: w.cookies.head, body: { party_member: true } });
		assert.equal(r.status, 200, r.text);
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		const diff = await propose(page);
		await diff.getByText('普雄小区20号党小组 · 调整（原 普雄红色楼组）').waitFor();
		await page.getByRole('button', { name: '确认采纳' }).click();
		await page.locator('#party-tree .org-tree').getByText('普雄小区20号党小组').waitFor();
		assert.ok(group20(await tree()).members.some((m) => m.id === r09.id));
		await page.getByRole('button', { name: '撤销上次采纳' }).click();
		await page.locator('#party-tree .org-tree').getByText('普雄红色楼组').waitFor();
		const back = group20(await tree());
		assert.equal(back.name, '普雄红色楼组');
		assert.equal(back.leader.name, w.fx.resident('r08').name);
		assert.ok(!back.members.some((m) => m.id === r09.id));
		assert.equal(await page.getByRole('button', { name: '撤销上次采纳' }).count(), 0, 'undone once');
		assertNoErrors(page, 'undo');
		const phone = await newPage(browser, 360);
		await loginAs(phone, w.url, w.users.head);
		await propose(phone);
		await assertNoOverflow(phone, 'party diff 360');
		await shot(phone, 'party-diff');
		assertNoErrors(phone, 'party 360');
	});
});

describe('亮身份: door plates per building', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('prints a plate for every living party member, a building a page', async () => {
		for (const width of [1440, 360]) {
			const page = await newPage(browser, width);
			await loginAs(page, w.url, w.users.worker);
			await go(page, w.url, `#/party/plates?committee_code=${A}`);
			const members = w.fx.residents.filter((r) => r.party_member && r.status === 'living' && w.fx.household(r.household).committee === 'A');
			assert.ok(members.length >= 4, 'fixture: party members of A');
			assert.equal(await page.locator('.pt-plate').count(), members.length);
			for (const r of members) {
				const plate = page.locator('.pt-plate', { hasText: r.name });
				assert.match(await plate.innerText(), new RegExp(`共产党员户[\\s\\S]*${r.name}[\\s\\S]*${w.fx.household(r.household).room}`));
			}
			// a building without party members has no page
			assert.equal(await page.locator('.pt-building h2', { hasText: '21号' }).count(), 0);
			// the deceased 陈国平 is no longer shown
			assert.equal(await page.locator('.pt-plate', { hasText: w.fx.resident('r07').name }).count(), 0);
			await page.emulateMedia({ media: 'print' });
			assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
			await shot(page, 'party-plates-print');
			await page.emulateMedia({ media: 'screen' });
			if (width === 360) await assertNoOverflow(page, 'plates 360');
			assertNoErrors(page, 'plates');
		}
	});
});
