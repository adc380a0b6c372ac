// Issue 18, the close-out: "a worker's morning offline in a stairwell, step
// by step" (docs/phone.md) in one go, with the service worker, at 360 px.
// The plan opens without the network (after a reload), a household never
// opened before opens, a visit is recorded and shows as waiting, the printed
// walking list and visit sheet open too; the network comes back and the visit is sent by
// itself, stored once.  offline.test.mjs and outbox.test.mjs test each part
// on its own (and the network failing at every moment of a write).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api } from './lib/seed.mjs';
import { launch, newPage, loginAs, settle, shot, assertNoOverflow, assertNoErrors, savedShots, SHOTS } from './lib/browser.mjs';

describe('a worker\'s morning offline in a stairwell', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	it('plan, household, visit offline; waiting; sent once when the network is back', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		// at the office: logged in, the day read ahead onto the phone
		await loginAs(page, w.url, w.users.worker);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		await page.waitForFunction(() => document.documentElement.dataset.offlineReady === '1', null, { timeout: 30000 });
		const rooms = await page.locator('.plan-item .room').allInnerTexts();

		// 1. in the stairwell, no network; the page reloaded (the phone slept): the plan
		await page.context().setOffline(true);
		await page.reload();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		assert.deepEqual(await page.locator('.plan-item .room').allInnerTexts(), rooms);
		const status = page.locator('#status');
		await status.getByText('离线').waitFor();
		await status.getByText(/数据更新于/).waitFor();

		// 2. a household of the plan, never opened before
		const hid = w.fx.household('h21-602').id;
		const item = page.locator('.plan-item', { has: page.locator(`a[href="#/households/${hid}"]`) });
		await item.locator('.plan-link').click();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '普雄小区 21号 602' }).waitFor();
		await page.getByRole('link', { name: '周美华' }).waitFor();

		// 3. the visit, recorded offline: kept on the phone, said so
		const before_ = (await api(w.url, 'GET', `/api/v1/visits?household_id=${hid}&limit=100`, { cookie: w.cookies.worker })).json.items.length;
		await page.getByRole('link', { name: '记走访' }).first().click();
		await settle(page);
		const note = `楼道里记的走访 ${process.pid}`;
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill(note);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		// 4. waiting, on every page
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();
		await assertNoOverflow(page, 'visit kept offline');
		await shot(page, 'morning-kept');
		await page.evaluate(() => { location.hash = '#/plan'; });
		await settle(page);
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();
		// the walking list opens offline as well (read ahead with the day)
		await page.evaluate(() => { location.hash = '#/plan/print'; });
		await settle(page);
		assert.equal(await page.locator('.walk-item').count(), rooms.length);
		await page.locator('.walk-item', { hasText: '周美华' }).waitFor();
		// and the household's visit sheet, its 小区 楼号 室号 from the plan kept on the phone
		await page.evaluate((x) => { location.hash = x; }, `#/households/${hid}/sheet`);
		await settle(page);
		assert.deepEqual(await page.locator('.sheet td.given').allInnerTexts(), ['普雄小区', '21号', '602']);
		assert.equal((await api(w.url, 'GET', `/api/v1/visits?household_id=${hid}&limit=100`, { cookie: w.cookies.worker })).json.items.length, before_, 'nothing reached the server yet');

		// 5. the network is back: sent by itself, once
		await page.context().setOffline(false);
		await page.getByText('待发送的 1 条记录已送达').waitFor({ timeout: 20000 });
		await page.waitForFunction(() => !document.querySelector('#outbox-badge'), null, { timeout: 20000 });
		const v = (await api(w.url, 'GET', `/api/v1/visits?household_id=${hid}&limit=100`, { cookie: w.cookies.worker })).json.items;
		assert.equal(v.length, before_ + 1);
		assert.equal(v.filter((x) => x.heard === note).length, 1, 'stored once');
		// the browser logs each fetch that failed while offline; nothing else
		page.errors = page.errors.filter((e) => !/^console: Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)$/.test(e));
		assertNoErrors(page, 'the morning');
		await page.context().close();
	});
});
