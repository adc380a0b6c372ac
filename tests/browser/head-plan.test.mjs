// A head at the counter PC (issue 18, items 4 and 6): the dashboard says
// which worker is behind today and lets the head set each worker's
// households a day; the register lists the households not visited for N days
// (独居老人 over 80 unvisited for 30 days) with a last-visit column.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('a head sees who is behind and who was not visited', () => {
	let w, browser, visitedOn;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		// the worker has a name people see, besides the login
		const n = await api(w.url, 'PATCH', `/api/v1/users/${w.users.worker.id}`, { cookie: w.cookies.admin, body: { display_name: '王晓燕' } });
		assert.equal(n.status, 200, n.text);
		// one household of the worker's grid visited today; every other never
		const v = await api(w.url, 'POST', '/api/v1/visits', {
			cookie: w.cookies.worker, body: { household_id: w.fx.household('h20-601').id, channel: 'home', observed: '老人在家' },
		});
		assert.equal(v.status, 201, v.text);
		visitedOn = v.json.visited_on;
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	const planReport = async () => {
		const r = await api(w.url, 'GET', `/api/v1/reports/plan?committee_code=${A}`, { cookie: w.cookies.head });
		assert.equal(r.status, 200, r.text);
		return r.json.items.find((x) => x.worker_id === w.users.worker.id);
	};

	for (const width of [1440, 360]) {
		it(`the dashboard lists the workers' plans; the head sets a worker's households a day (${width} px)`, async () => {
			const before = await planReport();
			assert.equal(before?.name, '王晓燕', 'the report names the worker');
			assert.ok(before.due > 0, `the worker has households due: ${JSON.stringify(before)}`);
			const page = await newPage(browser, width);
			await loginAs(page, w.url, w.users.head);
			await go(page, w.url, `#/dashboard?area=${A}`);
			const card = page.locator('#plan-report');
			await card.waitFor();
			const row = card.locator('tbody tr', { hasText: before.name });
			await row.waitFor();
			assert.equal(await row.locator('td[data-label="到期"]').innerText(), String(before.due));
			assert.equal(await row.locator('td[data-label="落后"]').innerText(), String(before.behind));
			assert.doesNotMatch(await card.innerText(), new RegExp(w.users.worker.username), 'no login on the card');
			const want = before.households_per_day === 3 ? 4 : 3;
			await row.getByRole('spinbutton', { name: '每日户数' }).fill(String(want));
			await row.getByRole('button', { name: '保存' }).click();
			await page.getByText(`已保存：${before.name}每日 ${want} 户`).waitFor();
			const after = await planReport();
			assert.equal(after.households_per_day, want);
			assert.ok(after.today <= want, `today's walk holds at most ${want}: ${after.today}`);
			await assertNoOverflow(page, `dashboard plan ${width}`);
			await shot(page, `dashboard-plan-${width}`);
			assertNoErrors(page, 'dashboard plan');
			await page.context().close();
		});
	}

	it('the register lists who was not visited in 30 days, with the last visit', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/register');
		const more = page.locator('details.more-filters');
		if (!(await more.evaluate((d) => d.open))) await more.locator('summary').first().click(); // open on a wide screen already
		await page.getByLabel('未走访天数不少于').fill('30');
		await page.getByRole('button', { name: '筛选', exact: true }).click();
		await page.waitForFunction(() => location.hash.includes('not_visited_days=30'));
		await settle(page);
		const visited = w.fx.residentNames((r) => r.household === 'h20-601');
		assert.ok(visited.length > 0);
		const api30 = await api(w.url, 'GET', '/api/v1/residents?not_visited_days=30&limit=1', { cookie: w.cookies.head });
		assert.equal(api30.status, 200, api30.text);
		await page.getByText(`符合条件 ${api30.json.total} 人`).waitFor();
		const names = (await page.locator('.residents-table tbody td:first-child a').allInnerTexts()).map((s) => s.trim());
		for (const n of visited) assert.ok(!names.includes(n), `${n}'s household was visited today`);
		const last = await page.locator('.residents-table tbody td[data-label="上次走访"]').allInnerTexts();
		assert.ok(last.length > 0 && last.every((s) => s.trim() === '从未走访'), `none of them was visited: ${[...new Set(last)]}`);
		// without the filter, the visited household's residents show today's visit
		await go(page, w.url, `#/register?q=${encodeURIComponent(visited[0])}`);
		const cell = page.locator('.residents-table tbody tr', { hasText: visited[0] }).locator('td[data-label="上次走访"]');
		await cell.waitFor();
		assert.equal((await cell.innerText()).trim(), visitedOn);
		await shot(page, 'register-not-visited');
		assertNoErrors(page, 'register not visited');
		await page.context().close();
	});
});
