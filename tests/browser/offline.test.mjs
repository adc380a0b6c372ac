// Issue 18, item 2: a worker's morning offline in a stairwell.  With the
// service worker (web/sw.js) the plan, a household of the plan (never opened
// before: read ahead), the key persons and the worker's open issues open
// without the network, saying they are offline and how old their data is; a
// page never opened says so in Chinese; a reload offline still shows the app.
// Logout wipes what the phone kept (asking first about unsent writes), and a
// login by another user finds nothing of the first.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api } from './lib/seed.mjs';
import { launch, newPage, loginAs, settle, shot, assertNoOverflow, savedShots, SHOTS } from './lib/browser.mjs';

describe('offline reading, and the phone wiped at logout', () => {
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

	/** Goes to HASH inside the app (no reload) and waits for the view. */
	async function open(page, hash) {
		await page.evaluate((x) => { location.hash = x; }, hash);
		await settle(page);
	}

	/** What the phone keeps: API answers in the cache, outbox databases, drafts. */
	const kept = (page) => page.evaluate(async () => {
		const api = (await caches.has('sibai-api')) ? (await (await caches.open('sibai-api')).keys()).map((r) => new URL(r.url).pathname) : [];
		const dbs = (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('sibai-'));
		const drafts = Object.keys(localStorage).filter((k) => k.startsWith('sibai.draft.'));
		return { api, dbs, drafts };
	});

	it('the worker\'s day opens offline (360 px): the plan, a household never opened, key persons, open issues; a page never opened says so', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		// the service worker takes the page and reads the day ahead
		await page.waitForFunction(() => document.documentElement.dataset.offlineReady === '1', null, { timeout: 30000 });
		const rooms = await page.locator('.plan-item .room').allInnerTexts();
		assert.ok(rooms.length > 0);
		const onlineKept = await kept(page);
		assert.ok(onlineKept.api.some((p) => /^\/api\/v1\/households\/\d+$/.test(p)), 'the plan\'s households are kept');

		await page.context().setOffline(true);
		// a reload without the network: the app, the plan, from the phone
		await page.reload();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		assert.deepEqual(await page.locator('.plan-item .room').allInnerTexts(), rooms, 'the same plan');
		const status = page.locator('#status');
		await status.getByText('离线').waitFor();
		assert.match(await status.innerText(), /数据更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（\d+ 分钟前）/);
		await assertNoOverflow(page, 'plan offline 360');
		await shot(page, 'offline-plan');

		// a household of the plan, never opened: read ahead
		const item = page.locator('.plan-item', { has: page.locator('.room', { hasText: /^601$/ }) });
		await item.locator('.plan-link').click();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '普雄小区 20号 601' }).waitFor();
		await page.getByRole('link', { name: '赵丽' }).waitFor();
		await page.getByRole('button', { name: '拨打 赵丽' }).waitFor();
		await status.getByText(/数据更新于/).waitFor();
		await assertNoOverflow(page, 'household offline 360');
		await shot(page, 'offline-household');

		// the key persons of the worker's grids, the worker's open issues
		await open(page, '#/register/key-persons?mine=true');
		await page.getByText('张桂兰').first().waitFor();
		await status.getByText(/数据更新于/).waitFor();
		await open(page, '#/issues?mine=true');
		assert.notEqual(await page.locator('main h1').innerText(), '离线，此页面未缓存');

		// a page never opened: said in Chinese, not the browser's error
		await open(page, '#/dashboard');
		await page.getByRole('heading', { level: 1, name: '离线，此页面未缓存' }).waitFor();
		assert.doesNotMatch(await page.locator('main').innerText(), /Failed to fetch|dynamically imported module/);
		await shot(page, 'offline-not-kept');

		await page.context().setOffline(false);
		await open(page, '#/plan');
		await page.waitForFunction(() => document.getElementById('status').hidden);
		await page.context().close();
	});

	it('logout asks about unsent writes, offers to send them first, and wipes the phone; the next user finds nothing', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await page.waitForFunction(() => document.documentElement.dataset.offlineReady === '1', null, { timeout: 30000 });
		const hid = w.fx.household('h20-502').id;
		// a draft, and a visit saved offline
		await open(page, `#/households/${hid}/visit`);
		await page.getByRole('textbox', { name: '问 · 问到的' }).fill('草稿：有无就医困难');
		await open(page, `#/households/${w.fx.household('h20-402').id}/visit`);
		const note = `退出前的走访 ${process.pid}`;
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill(note);
		await page.context().setOffline(true);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		const before_ = await kept(page);
		assert.ok(before_.api.length > 0 && before_.dbs.length === 1 && before_.drafts.length === 1, JSON.stringify(before_));

		// logout offline: asked; sending first fails; kept, still logged in
		await page.getByRole('button', { name: '退出' }).click();
		const dlg = page.getByRole('dialog');
		await dlg.getByText('还有 1 条记录未发送').waitFor();
		await shot(page, 'logout-ask');
		await dlg.getByRole('button', { name: '先发送再退出' }).click();
		await page.getByRole('dialog').getByText('网络仍然不通').waitFor();
		await page.getByRole('dialog').getByRole('button', { name: '留在本机，稍后再试' }).click();
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();

		// online again: sent by itself, once; then out without a question
		await page.context().setOffline(false);
		await page.waitForFunction(() => !document.querySelector('#outbox-badge'), null, { timeout: 20000 });
		await page.getByRole('button', { name: '退出' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/login'));
		const v = await api(w.url, 'GET', `/api/v1/visits?household_id=${w.fx.household('h20-402').id}&limit=100`, { cookie: w.cookies.worker });
		assert.equal(v.json.items.filter((x) => x.heard === note).length, 1, 'sent before logging out, once');
		const after_ = await kept(page);
		assert.deepEqual(after_, { api: [], dbs: [], drafts: [] }, 'nothing of the worker is left on the phone');

		// the next user of the phone: no draft of the first
		await loginAs(page, w.url, w.users.head);
		await open(page, `#/households/${hid}/visit`);
		assert.equal(await page.getByRole('textbox', { name: '问 · 问到的' }).inputValue(), '');
		assert.equal(await page.getByText('已恢复').count(), 0);
		await page.context().close();
	});

	it('another user logging in on the phone is told about the first user\'s unsent writes before they are wiped', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await open(page, `#/households/${w.fx.household('h20-101').id}/visit`);
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill('没发出去的走访');
		await page.context().setOffline(true);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		// the session ends while the phone is offline (it expired): the write cannot be sent in its name
		const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const out = await api(w.url, 'DELETE', '/api/v1/session', { cookie });
		assert.equal(out.status, 204, out.text);
		await page.context().setOffline(false);
		await page.goto(w.url + '/#/login');
		await settle(page);
		await page.locator('input[name=username]').fill(w.users.head.username);
		await page.locator('input[name=password]').fill(w.users.head.password);
		await page.locator('form.login-form button[type=submit]').click();
		const dlg = page.getByRole('dialog');
		await dlg.getByText(`本机还有 ${w.users.worker.username} 的 1 条未发送记录`).waitFor();
		await assertNoOverflow(page, 'login as another 360');
		await dlg.getByRole('button', { name: '删除并继续登录' }).click();
		await page.waitForFunction(() => !location.hash.startsWith('#/login'));
		await settle(page);
		const k = await kept(page);
		assert.ok(!k.dbs.includes(`sibai-outbox-${w.users.worker.id}`), 'the first user\'s outbox is gone');
		assert.ok(k.drafts.every((d) => !d.startsWith(`sibai.draft.${w.users.worker.id}.`)));
		await page.context().close();
	});
});
