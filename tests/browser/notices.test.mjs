// A notice (公告) from writing to a read count: the head writes an urgent
// 停水通知 for 20号 and 21号, prints the A4 posters (one per building, each
// with its own QR code); a resident scans 20号's poster on a phone and reads
// it without logging in (large type, urgent first); the head sees the read
// counted for 20号.  An unknown link is explained in words.  A worker gets
// a resolved issue's feedback link again.  At 1440 and 360 px.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('a notice from writing to a read count', () => {
	let w, browser, noticeId, poster20;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		const ph = await api(w.url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: w.cookies.head, body: { phone: '021-6234 5678' } });
		assert.equal(ph.status, 200, ph.text);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('the head writes an urgent notice for two buildings', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/notices?committee_code=${A}`);
		await page.getByRole('button', { name: '发布' }).click();
		await page.locator('[data-field=title] .field-error').getByText('请填写标题').waitFor();
		await page.getByLabel('标题').fill('停水通知');
		await page.getByLabel('内容').fill('12月20日 9:00 至 17:00 检修水管，20号、21号停水，请提前储水。');
		await page.getByLabel('紧急（停水、防汛等）').check();
		await page.getByLabel('普雄小区 20号').check();
		await page.getByLabel('普雄小区 21号').check();
		await assertLabelled(page, 'notice form');
		await shot(page, 'notice-new');
		await page.getByRole('button', { name: '发布' }).click();
		await page.waitForFunction(() => /^#\/notices\/\d+$/.test(location.hash));
		await settle(page);
		noticeId = Number(await page.evaluate(() => location.hash.split('/')[2]));
		await page.getByRole('heading', { name: '阅读 0 次（按楼）' }).waitFor();
		assertNoErrors(page, 'notice new');
	});

	it('prints one A4 poster per building, each with its own QR code', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/notices/${noticeId}/posters`);
		const posters = page.locator('.nt-poster');
		assert.equal(await posters.count(), 2);
		const codes = await page.locator('.nt-poster canvas.qr').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-qr')));
		assert.equal(new Set(codes).size, 2, 'a code per building');
		for (const c of codes) assert.match(c, new RegExp(`^${w.url}/#/n/[0-9a-f]{64}$`));
		const n = (await api(w.url, 'GET', `/api/v1/notices/${noticeId}`, { cookie: w.cookies.head })).json;
		poster20 = codes[(await posters.allInnerTexts()).findIndex((t) => t.includes('普雄小区 20号'))];
		assert.equal(poster20, `${w.url}${n.links.find((l) => l.label === '20号').path}`);
		assert.match(await posters.first().innerText(), /紧急通知/);
		assert.match(await posters.first().innerText(), /021-6234 5678/);
		await page.emulateMedia({ media: 'print' });
		assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
		await shot(page, 'notice-posters-print');
		assertNoErrors(page, 'posters');
	});

	it('a resident scans 20号 on a phone and reads it without logging in', async () => {
		for (const width of [360, 1440]) {
			const page = await newPage(browser, width);
			await page.goto(poster20);
			await settle(page);
			await page.getByRole('heading', { name: '停水通知' }).waitFor();
			await page.getByText('紧急通知').waitFor();
			await page.getByText('021-6234 5678').waitFor();
			await page.getByText('普雄小区20号').waitFor();
			const size = await page.locator('.resident-page h1').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
			assert.ok(size >= 24, `large type: ${size}px`);
			await assertNoOverflow(page, `notice page ${width}`);
			await shot(page, 'notice-resident');
			assertNoErrors(page, 'notice resident');
		}
		const page = await newPage(browser, 360);
		await page.goto(`${w.url}/#/n/${'0'.repeat(64)}`);
		await settle(page);
		await page.getByText('没有找到这则公告，请核对链接或二维码。').waitFor();
		await shot(page, 'notice-unknown');
	});

	it('a worker who did not resolve an issue gets its feedback link again', async () => {
		const made = await api(w.url, 'POST', '/api/v1/issues', {
			cookie: w.cookies.head, body: { category: 'repairs', description: '楼道灯不亮', channel: 'office', household_id: w.fx.household('h20-401').id },
		});
		assert.equal(made.status, 201, made.text);
		for (const body of [{ action: 'accept' }, { action: 'resolve', note: '已换灯泡' }]) {
			const r = await api(w.url, 'POST', `/api/v1/issues/${made.json.id}/events`, { cookie: w.cookies.head, body });
			assert.equal(r.status, 201, r.text);
		}
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/issues/${made.json.id}`);
		await page.getByRole('button', { name: '再次获取评价链接' }).click();
		await page.locator('#fb-url').waitFor();
		const link = await page.locator('#fb-url').inputValue();
		assert.match(link, new RegExp(`^${w.url}/#/feedback/[A-Za-z0-9_-]{43}$`));
		const fb = await api(w.url, 'GET', `/api/v1/feedback/${link.split('/').pop()}`);
		assert.equal(fb.status, 200, fb.text);
		await assertNoOverflow(page, 'feedback link again');
		await shot(page, 'issue-feedback-again');
		assertNoErrors(page, 'feedback link again');
	});

	it('the head sees the reads counted for 20号', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/notices/${noticeId}`);
		await page.getByRole('heading', { name: '阅读 2 次（按楼）' }).waitFor();
		const rows = await page.locator('.nt-reads tbody tr').allInnerTexts();
		assert.ok(rows.some((r) => /20号\s+2/.test(r)), rows.join(' | '));
		assert.ok(rows.some((r) => /21号\s+0/.test(r)), rows.join(' | '));
		await assertNoOverflow(page, 'notice reads on a phone');
		await shot(page, 'notice-reads');
		assertNoErrors(page, 'notice reads');
	});
});
