// Issue 18, item 1: the outbox.  A worker at 360 px records a visit and an
// issue while the network fails at each step — before sending, after the
// server stored it (the answer lost), during the answer (the phone gives up
// waiting) — and once the network is back the server holds exactly one
// record of each.  A write the server refuses later stays, with the reason,
// until the worker corrects it.
//
// The cases "after the server stored it" and "during the answer" need the
// server's Idempotency-Key (issue 18, branch phone-server): without it the
// retry stores a second record, and these tests say so.
//
// The service worker is kept out of these pages (serviceWorkers: 'block') so
// that page.route sees every request; offline.test.mjs runs with it.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, savedShots, SHOTS } from './lib/browser.mjs';

describe('the outbox: each write stored exactly once, whatever the network does', () => {
	let w, browser;
	let n = 0;
	const unique = (stem) => `${stem} ${process.pid}-${++n}`;

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	/** The visits of household HID whose 闻 note is NOTE, as the server has them. */
	async function visitsWith(hid, note) {
		const r = await api(w.url, 'GET', `/api/v1/visits?household_id=${hid}&limit=100`, { cookie: w.cookies.worker });
		assert.equal(r.status, 200, r.text);
		return r.json.items.filter((v) => v.heard === note);
	}
	/** The issues of household HID described as TEXT. */
	async function issuesWith(hid, text) {
		const r = await api(w.url, 'GET', `/api/v1/issues?household_id=${hid}&limit=100`, { cookie: w.cookies.worker });
		assert.equal(r.status, 200, r.text);
		return r.json.items.filter((i) => i.description === text);
	}

	async function workerPage(opts = {}) {
		const page = await newPage(browser, 360, { height: 740, serviceWorkers: 'block' });
		if (opts.saveTimeoutMs) await page.addInitScript((ms) => { window.__sibaiSaveTimeoutMs = ms; }, opts.saveTimeoutMs);
		await loginAs(page, w.url, w.users.worker);
		return page;
	}

	async function fillVisit(page, hid, note) {
		await go(page, w.url, `#/households/${hid}/visit`);
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill(note);
	}
	async function fillIssue(page, hid, text) {
		await go(page, w.url, `#/households/${hid}/issue`);
		await page.getByLabel('类别').selectOption('repairs');
		await page.getByLabel('诉求内容').fill(text);
	}

	/** Waits until the status line says nothing waits any more. */
	async function outboxEmpty(page, timeout = 20000) {
		await page.waitForFunction(() => !document.querySelector('#outbox-badge'), null, { timeout });
	}

	// --- the network cut before sending -------------------------------------------------

	it('a visit saved offline waits on the phone, is shown on every page, and is stored once when the network is back', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h20-301').id;
		const note = unique('楼道灯坏了');
		await fillVisit(page, hid, note);
		await page.context().setOffline(true);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();
		assert.equal((await visitsWith(hid, note)).length, 0, 'nothing reached the server');
		await assertNoOverflow(page, 'visit queued 360');
		await shot(page, 'outbox-visit-queued');
		// on another page (which cannot load offline) the waiting write still shows
		await page.evaluate(() => { location.hash = '#/issues'; });
		await settle(page);
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();
		await page.getByRole('heading', { level: 1, name: /网络不通|离线/ }).waitFor();
		// the list of what waits
		await page.locator('#outbox-badge').click();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '待发送' }).waitFor();
		await page.locator('.outbox-item', { hasText: '普雄小区 20号 301' }).waitFor();
		await shot(page, 'outbox-list');
		// the network is back: sent by itself, once
		await page.context().setOffline(false);
		await outboxEmpty(page);
		await page.getByText('没有待发送的记录').waitFor();
		assert.equal((await visitsWith(hid, note)).length, 1, 'exactly one visit');
		await page.waitForTimeout(300);
		assert.equal((await visitsWith(hid, note)).length, 1, 'still exactly one visit');
		page.errors = page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e));
		assertNoErrors(page, 'visit offline');
		await page.context().close();
	});

	it('an issue taken in offline is stored once when the network is back', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h20-401').id;
		const text = unique('楼道扶手松动');
		await fillIssue(page, hid, text);
		await page.context().setOffline(true);
		await page.getByRole('button', { name: '受理并出回执' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		await page.locator('#outbox-badge', { hasText: '待发送 1 条' }).waitFor();
		assert.equal((await issuesWith(hid, text)).length, 0);
		await page.context().setOffline(false);
		await outboxEmpty(page);
		assert.equal((await issuesWith(hid, text)).length, 1, 'exactly one issue, one receipt number');
		await page.context().close();
	});

	// --- the server stored it, the answer is lost (needs the server's Idempotency-Key) ----

	/** Lets the first request of METHOD to PATH reach the server, then breaks
	 * the connection instead of answering; later ones pass.  Answers the
	 * Idempotency-Key of each request seen. */
	async function loseFirstAnswer(page, method, pathname) {
		const keys = [];
		let first = true;
		await page.route((url) => url.pathname === pathname, async (route) => {
			const rq = route.request();
			if (rq.method() !== method) return route.continue();
			keys.push(rq.headers()['idempotency-key']);
			if (!first) return route.continue();
			first = false;
			await route.fetch(); // the server stores it …
			await route.abort('connectionreset'); // … and the phone never hears
		});
		return keys;
	}

	it('a visit stored by the server whose answer was lost is sent again with the same key and stored once', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h20-402').id;
		const note = unique('说家里漏水');
		const keys = await loseFirstAnswer(page, 'POST', '/api/v1/visits');
		await fillVisit(page, hid, note);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		assert.equal((await visitsWith(hid, note)).length, 1, 'the server has it already');
		await outboxEmpty(page); // sent again by itself after a few seconds
		assert.equal(keys.length, 2, 'sent twice');
		assert.match(keys[0], /^[0-9a-f-]{36}$/);
		assert.equal(keys[1], keys[0], 'with the same key');
		assert.equal((await visitsWith(hid, note)).length, 1, 'exactly one visit');
		await page.context().close();
	});

	it('an issue stored by the server whose answer was lost is stored once, with one receipt number', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h20-502').id;
		const text = unique('电梯异响');
		const keys = await loseFirstAnswer(page, 'POST', '/api/v1/issues');
		await fillIssue(page, hid, text);
		await page.getByRole('button', { name: '受理并出回执' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		await outboxEmpty(page);
		assert.equal(keys.length, 2);
		assert.equal(keys[1], keys[0], 'with the same key');
		assert.equal((await issuesWith(hid, text)).length, 1, 'exactly one issue');
		await page.context().close();
	});

	// --- during the answer: the phone stops waiting (needs the server's Idempotency-Key) ---

	/** Holds the first request of METHOD to PATH until the phone gave up
	 * waiting, then lets it reach the server; later ones pass. */
	async function answerTooLate(page, method, pathname) {
		const keys = [];
		let first = true;
		let late = null;
		await page.route((url) => url.pathname === pathname, async (route) => {
			const rq = route.request();
			if (rq.method() !== method) return route.continue();
			keys.push(rq.headers()['idempotency-key']);
			if (!first) return route.continue();
			first = false;
			late = (async () => {
				await page.locator('#outbox-badge').waitFor({ timeout: 15000 }); // the phone gave up
				const res = await route.fetch(); // the server stores it now
				await route.fulfill({ response: res }).catch(() => {}); // nobody listens any more
			})();
		});
		return { keys, stored: () => late };
	}

	it('a visit whose answer comes after the phone stopped waiting is stored once', async () => {
		const page = await workerPage({ saveTimeoutMs: 1500 });
		const hid = w.fx.household('h20-601').id;
		const note = unique('孩子放学无人照看');
		const late = await answerTooLate(page, 'POST', '/api/v1/visits');
		await fillVisit(page, hid, note);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		await late.stored();
		assert.equal((await visitsWith(hid, note)).length, 1, 'the late request was stored');
		await outboxEmpty(page);
		assert.equal(late.keys.length, 2);
		assert.equal(late.keys[1], late.keys[0], 'with the same key');
		assert.equal((await visitsWith(hid, note)).length, 1, 'exactly one visit');
		await page.context().close();
	});

	it('an issue whose answer comes after the phone stopped waiting is stored once', async () => {
		const page = await workerPage({ saveTimeoutMs: 1500 });
		const hid = w.fx.household('h21-602').id;
		const text = unique('楼下噪声');
		const late = await answerTooLate(page, 'POST', '/api/v1/issues');
		await fillIssue(page, hid, text);
		await page.getByRole('button', { name: '受理并出回执' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		await late.stored();
		await outboxEmpty(page);
		assert.equal(late.keys[1], late.keys[0], 'with the same key');
		assert.equal((await issuesWith(hid, text)).length, 1, 'exactly one issue');
		await page.context().close();
	});

	// --- refused later: kept, with the reason, to be corrected ---------------------------

	it('a visit the server refuses once the network is back stays in the outbox with the reason, and is corrected on its form', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h21-201').id;
		const resident = w.fx.resident('r12');
		const note = unique('郑红说要搬走');
		await fillVisit(page, hid, note);
		assert.ok(await page.getByLabel('郑红').isChecked());
		await page.context().setOffline(true);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		// meanwhile 郑红 moves to another household (the office records it)
		const other = w.fx.household('h20-101').id;
		const mv = await api(w.url, 'PATCH', `/api/v1/residents/${resident.id}`, { cookie: w.cookies.head, body: { household_id: other } });
		assert.equal(mv.status, 200, mv.text);
		await page.context().setOffline(false);
		const badge = page.locator('#outbox-badge', { hasText: '1 条被退回' });
		await badge.waitFor({ timeout: 20000 });
		assert.equal((await visitsWith(hid, note)).length, 0, 'nothing stored');
		await badge.click();
		await settle(page);
		const item = page.locator('.outbox-item.refused');
		await item.waitFor();
		const reason = await item.locator('.outbox-reason').innerText();
		assert.match(reason, /服务器未接受：.*不是本户成员/, reason);
		assert.doesNotMatch(reason, /residents_met/, 'no raw field name');
		await assertNoOverflow(page, 'outbox refused 360');
		await shot(page, 'outbox-refused');
		// corrected on its form, as typed
		await item.getByRole('button', { name: '修改后重新保存' }).click();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: '记录走访' }).waitFor();
		assert.equal(await page.getByRole('textbox', { name: '闻 · 听到的' }).inputValue(), note, 'what was typed is back');
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '走访已记录' }).waitFor();
		assert.equal(await page.locator('#outbox-badge').count(), 0, 'nothing waits');
		assert.equal((await visitsWith(hid, note)).length, 1, 'exactly one visit');
		await page.context().close();
	});

	it('a failed save shows its error next to the button, in words, not under the top bar', async () => {
		const page = await workerPage();
		const hid = w.fx.household('h20-101').id;
		await go(page, w.url, `#/households/${hid}/visit`);
		// a follow-up before the visit: the server refuses it
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill('x');
		await page.locator('input[name=follow_up_on]').evaluate((el) => { el.removeAttribute('min'); el.value = '2020-01-01'; });
		await page.getByRole('button', { name: '保存走访' }).click();
		const err = page.locator('[data-field=follow_up_on] .field-error');
		await err.filter({ hasText: /\S/ }).waitFor();
		const text = await err.innerText();
		assert.match(text, /下次跟进日期/, text);
		assert.doesNotMatch(text, /follow_up_on/, 'no raw field name');
		// an error without a field: next to the save button, visible
		const visits = (url) => url.pathname === '/api/v1/visits';
		await page.route(visits, (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'internal error; nothing was changed', message_zh: 'sqlite3_step: database is locked', field: null } }) }));
		await page.locator('input[name=follow_up_on]').fill('');
		await page.getByRole('button', { name: '保存走访' }).click();
		// a 500 is not the worker's fault: kept, and sent again
		await page.getByRole('heading', { name: '已存入待发送' }).waitFor();
		assert.doesNotMatch(await page.locator('#banner').innerText(), /sqlite|database/, 'no internal text');
		await page.unroute(visits);
		await page.locator('#outbox-badge').click();
		await settle(page);
		await page.getByRole('button', { name: '立即发送' }).click();
		await outboxEmpty(page);
		// a refusal while on the form: next to the button
		await go(page, w.url, `#/households/${hid}/visit`);
		await page.route(visits, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'not found', message_zh: '未找到', field: null } }) }));
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill('y');
		const top = page.locator('.visit-form .form-error:not([hidden])');
		await top.waitFor();
		assert.match(await top.innerText(), /住户已迁出|不在您负责的范围/);
		const [eb, bb, bar] = await Promise.all([top.boundingBox(), page.getByRole('button', { name: '保存走访' }).boundingBox(), page.locator('header.topbar').boundingBox()]);
		assert.ok(eb.y >= bar.y + bar.height, 'not under the top bar');
		assert.ok(eb.y + eb.height <= 740 && eb.y >= 0, 'on screen');
		assert.ok(Math.abs(bb.y - (eb.y + eb.height)) < 120, 'next to the button');
		await shot(page, 'outbox-error-by-button');
		await page.context().close();
	});
});
