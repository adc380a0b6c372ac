// Issue 9's pages: the head creates a mask-reservation campaign (口罩预约),
// a worker at 360 px fills in a household's checklist (a bad value first:
// its error next to its field), the head's page shows the progress moved;
// daily duties; a gate made and bound, and the gate account sees its gate
// page only and records an entry; the worker's record and the quota table.
// Every page at 360 and 1440 px: no overflow, labelled, no errors, a shot.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES, todayShanghai } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled, savedShots, SHOTS } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('campaigns, duties, the gate log, the record (issue 9)', () => {
	let w, browser, guard, households, campId;

	/** Checks a page at its width and saves its screenshot. */
	async function check(page, name) {
		await settle(page);
		assert.doesNotMatch(await page.locator('main h1').innerText(), /出错了|没有这个页面/, `${name}: an error page`);
		const width = page.viewportSize().width;
		await assertNoOverflow(page, `${name} ${width}`);
		if (width === 360) await assertLabelled(page, name);
		await shot(page, name);
		assertNoErrors(page, `${name} ${width}`);
	}

	before(async () => {
		w = await startWorld();
		browser = await launch();
		// a gate volunteer's account, opened by the admin
		guard = { username: 'menggang_' + process.pid, password: 'guard-pass-123' };
		const u = await api(w.url, 'POST', '/api/v1/users', { cookie: w.cookies.admin, body: { ...guard, role: 'worker', scope: [A] } });
		assert.equal(u.status, 201, u.text);
		guard.id = u.json.id;
		// the households of committee A, counted through the register
		const hs = await api(w.url, 'GET', `/api/v1/households?committee_code=${A}&limit=500`, { cookie: w.cookies.head });
		assert.equal(hs.status, 200, hs.text);
		households = hs.json.items.filter((x) => x.status === 'active').length;
		assert.ok(households > 3);
		// the worker's duty today, with the head as partner
		const d = await api(w.url, 'POST', '/api/v1/duties', {
			cookie: w.cookies.head,
			body: { committee_code: A, date: todayShanghai(), kind: 'registration', worker_ids: [w.users.worker.id, w.users.head.id], grid_ids: [w.grid.id], compound_ids: [], building_ids: [] },
		});
		assert.equal(d.status, 201, d.text);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	it('the head creates a mask-reservation campaign over the whole committee', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/campaigns');
		await check(page, 'campaigns-empty');
		await page.getByLabel('任务名称').fill('口罩预约');
		// the checklist: booked yes/no, collected yes/no, receipt number text
		await page.getByRole('button', { name: '口罩预约', exact: true }).click();
		assert.equal(await page.locator('[name="fields[0].label"]').inputValue(), '已预约');
		assert.equal(await page.locator('[name="fields[1].type"]').inputValue(), 'yes_no');
		assert.equal(await page.locator('[name="fields[2].label"]').inputValue(), '回执号');
		assert.equal(await page.locator('[name="fields[2].type"]').inputValue(), 'text');
		assert.equal(await page.locator('[name="fields[2].required"]').isChecked(), false);
		await page.getByRole('button', { name: '新建专项任务' }).click();
		await page.waitForFunction(() => /^#\/campaigns\/\d+$/.test(location.hash));
		await settle(page);
		campId = Number((await page.evaluate(() => location.hash)).split('/').pop());
		await page.getByRole('heading', { level: 1, name: '口罩预约' }).waitFor();
		assert.match(await page.locator('#camp-figure').innerText(), new RegExp(`已完成 0 / ${households}`));
		const c = await api(w.url, 'GET', `/api/v1/campaigns/${campId}`, { cookie: w.cookies.head });
		assert.deepEqual(c.json.fields.map((f) => [f.key, f.type, !!f.required]), [['booked', 'yes_no', true], ['collected', 'yes_no', true], ['receipt', 'text', false]]);
		assert.equal(c.json.unit, 'household');
		// the export links of the campaign
		const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
		assert.equal(href, `/api/v1/campaigns/${campId}/export?format=xlsx`);
		const got = await page.evaluate(async (x) => { const r = await fetch(x); return { s: r.status, t: r.headers.get('content-type') }; }, href);
		assert.equal(got.s, 200);
		assert.match(got.t, /spreadsheetml/);
		await check(page, 'campaign-new');
		await page.context().close();
	});

	it('a worker at 360 px: my duty today, a field error next to its field, then the household done', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, '#/campaigns');
		await page.getByRole('heading', { name: '我今天的任务' }).waitFor();
		assert.match(await page.locator('li.duty').innerText(), /登记.*与 .*一组/s);
		await check(page, 'campaigns-worker');
		await page.getByRole('link', { name: '口罩预约' }).click();
		await page.waitForFunction((id) => location.hash === `#/campaigns/${id}`, campId);
		await settle(page);
		// mine by default: the worker's grid (20号, 21号 of 普雄小区), in walking order
		const left = await api(w.url, 'GET', `/api/v1/campaigns/${campId}/left?mine=true`, { cookie: w.cookies.worker });
		const first = left.json.items[0];
		const item = page.locator(`li.camp-target[data-target="${first.target_id}"]`);
		assert.equal(await page.locator('li.camp-target').count(), left.json.count);
		await item.locator('summary').click();
		await item.getByLabel('已预约').selectOption('true');
		await item.getByLabel('已领取').selectOption('true');
		await item.getByLabel('回执号').fill('K'.repeat(501)); // a scanner gone wrong
		await item.getByRole('button', { name: '保存' }).click();
		const err = item.locator('[data-field="values.receipt"] .field-error');
		await err.filter({ hasText: /回执号|receipt/ }).waitFor();
		assert.equal(await item.getByLabel('回执号').getAttribute('aria-invalid'), 'true');
		let p = await api(w.url, 'GET', `/api/v1/campaigns/${campId}/progress`, { cookie: w.cookies.head });
		assert.equal(p.json.done, 0, 'nothing stored');
		await check(page, 'campaign-worker-error');
		await item.getByLabel('回执号').fill('K-0001');
		await item.getByRole('button', { name: '保存' }).click();
		await item.getByText('已完成').waitFor();
		const pct = Math.floor(100 / households);
		await page.locator('#camp-figure', { hasText: `已完成 1 / ${households}` }).waitFor();
		assert.match(await page.locator('#camp-figure').innerText(), new RegExp(`${pct}%`));
		p = await api(w.url, 'GET', `/api/v1/campaigns/${campId}/progress`, { cookie: w.cookies.head });
		assert.equal(p.json.done, 1);
		const e = await api(w.url, 'GET', `/api/v1/campaigns/${campId}/export?format=csv`, { cookie: w.cookies.head });
		assert.match(e.text, /K-0001/);
		await check(page, 'campaign-worker');
		// the worker's record: the checklist is a point with its line
		await go(page, w.url, '#/record');
		await page.locator('.record-lines', { hasText: `专项登记 #${first.target_id}` }).waitFor();
		await check(page, 'record-worker');
		await page.context().close();
	});

	it("the head's page shows the progress moved; the day's duties; the campaign ends", async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/campaigns/${campId}`);
		assert.match(await page.locator('#camp-figure').innerText(), new RegExp(`已完成 1 / ${households} · ${Math.floor(100 / households)}%`));
		const gridRow = page.locator('.camp-by tr', { hasText: '普雄一网格' });
		await gridRow.waitFor();
		const inGrid = (await api(w.url, 'GET', `/api/v1/campaigns/${campId}/left?grid_id=${w.grid.id}`, { cookie: w.cookies.head })).json.count + 1;
		assert.match(await gridRow.innerText(), new RegExp(`1/${inGrid}`));
		await check(page, 'campaign-head');
		await go(page, w.url, '#/campaigns');
		await page.locator('.camp-item', { hasText: `已完成 1 / ${households}` }).waitFor();
		await check(page, 'campaigns-head');
		// the day's duties: a second pair made on the page
		await go(page, w.url, '#/duties');
		await page.locator('details.card summary', { hasText: '安排一组' }).click();
		await page.getByLabel('任务类别').selectOption('patrol');
		await page.locator('select[name=w1]').selectOption(String(w.users.worker.id));
		await page.getByLabel('普雄一网格').check();
		await page.getByRole('button', { name: '安排一组' }).click();
		await page.getByText('共 2 项任务，已完成 0 项').waitFor();
		const day = await api(w.url, 'GET', `/api/v1/duties?committee_code=${A}&date=${todayShanghai()}`, { cookie: w.cookies.head });
		assert.deepEqual(day.json.items.map((d) => d.kind).sort(), ['patrol', 'registration']);
		await check(page, 'duties');
		await go(page, w.url, '#/record');
		await page.getByRole('heading', { name: '社工额度' }).waitFor();
		await check(page, 'record-head');
		// ending asks first, then the campaign stays readable
		await go(page, w.url, `#/campaigns/${campId}`);
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: '结束任务' }).click();
		await page.locator('.page-head .badge', { hasText: '已结束' }).waitFor();
		assert.equal((await api(w.url, 'GET', `/api/v1/campaigns/${campId}`, { cookie: w.cookies.head })).json.status, 'ended');
		await page.context().close();
	});

	it('a gate: the head makes it and binds an account; the gate account sees its gate only and records an entry', async () => {
		const head = await newPage(browser, 1440);
		await loginAs(head, w.url, w.users.head);
		await go(head, w.url, '#/gate');
		await head.locator('summary', { hasText: '新建门岗' }).click();
		await head.locator('select[name=compound_id]').selectOption({ label: '普雄小区' });
		await head.getByLabel('门岗名称').fill('南门');
		await head.getByRole('button', { name: '新建门岗' }).click();
		await head.getByRole('heading', { level: 1, name: '门岗登记 · 普雄小区 南门' }).waitFor();
		await settle(head);
		await head.locator('summary', { hasText: '绑定门岗账号' }).click();
		await head.getByLabel('或账号编号').fill(String(guard.id));
		await head.getByRole('button', { name: '绑定门岗账号' }).click();
		await head.getByText(`绑定账号：${guard.username}`).waitFor();
		await check(head, 'gate-head');
		await head.context().close();

		for (const width of [360, 1440]) {
			const page = await newPage(browser, width);
			await loginAs(page, w.url, guard);
			assert.equal(await page.evaluate(() => location.hash), '#/gate');
			const nav = await page.locator('#nav a').allInnerTexts();
			assert.deepEqual(nav.map((s) => s.trim()), ['门岗登记'], 'the gate page is all it sees');
			// any other page sends it back to the gate
			for (const hash of ['#/plan', '#/register', '#/campaigns', '#/nowhere']) {
				await page.goto(w.url + '/' + hash);
				await page.waitForFunction(() => location.hash === '#/gate');
				await settle(page);
			}
			await page.getByRole('heading', { level: 1, name: '门岗登记 · 普雄小区 南门' }).waitFor();
			if (width === 360) {
				await page.getByText('访客', { exact: true }).click();
				await page.getByLabel('访客姓名').fill('快递员');
				await page.getByLabel('事由').fill('送货');
				await page.getByRole('button', { name: '登记', exact: true }).click();
				await page.locator('#gate-counts', { hasText: '进 1 人次，出 0 人次' }).waitFor();
				await page.locator('main table', { hasText: '快递员' }).waitFor();
			} else {
				// a resident, found by name among the compound's residents (no register needed)
				const r = w.fx.residents.find((x) => x.compound === 'A1' && x.status === 'living');
				await page.getByText('居民', { exact: true }).click();
				assert.equal(await page.getByLabel('访客姓名').isVisible(), false, 'no visitor name for a resident');
				await page.getByRole('searchbox', { name: '居民（姓名或门牌）' }).fill(r.name);
				await page.locator('.gate-picks label', { hasText: r.name }).first().click();
				await page.getByRole('button', { name: '登记', exact: true }).click();
				await page.locator('#gate-counts', { hasText: '进 2 人次，出 0 人次' }).waitFor();
			}
			await check(page, 'gate');
			await page.context().close();
		}
		const gates = await api(w.url, 'GET', '/api/v1/gates', { cookie: w.cookies.head });
		const log = await api(w.url, 'GET', `/api/v1/gate-entries?gate_id=${gates.json.items[0].id}&date=${todayShanghai()}`, { cookie: w.cookies.head });
		const resident = w.fx.residents.find((x) => x.compound === 'A1' && x.status === 'living');
		assert.deepEqual(log.json.items.map((e) => [e.direction, e.person, e.name, e.purpose, e.recorded_by]).sort(),
			[['in', 'resident', null, null, guard.username], ['in', 'visitor', '快递员', '送货', guard.username]]);
		assert.equal(log.json.items.find((e) => e.person === 'resident').resident_id, w.fx.resident(resident.key).id);
	});

	it('the new pages at 360 px for the head, and in English', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.head);
		for (const [name, hash] of [['campaigns-head', '#/campaigns'], ['campaign-head', `#/campaigns/${campId}`], ['duties', '#/duties'], ['gate-head', '#/gate'], ['record-head', '#/record']]) {
			await go(page, w.url, hash);
			await check(page, name);
		}
		await page.evaluate(() => localStorage.setItem('sibai.lang', 'en'));
		for (const [name, hash] of [['campaign-head-en', `#/campaigns/${campId}`], ['duties-en', '#/duties']]) {
			await go(page, w.url, hash);
			await page.reload();
			await check(page, name);
		}
		await page.context().close();
	});
});
