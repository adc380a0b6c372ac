// Issue 17: residents follow their own issue.  A worker takes in an issue
// from a household page; the printed receipt carries the committee, what
// was reported in short and a QR code to the lookup page; the resident,
// without logging in, scans it on a phone, gets a wrong number refused next
// to the field and the right one answered with status, level and deadline,
// never the notes; at 360 and 1440 px.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

describe('following an issue by its receipt', () => {
	let w, browser, trackUrl, receiptNo, issueId;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		// the committee's phone, printed on the receipt and shown by the lookup (docs/notices.md)
		const ph = await api(w.url, 'PUT', `/api/v1/committees/${COMMITTEES.A.code}/phone`, { cookie: w.cookies.head, body: { phone: '021-6234 5678' } });
		assert.equal(ph.status, 200, ph.text);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('the printed receipt has the committee, a summary and a QR code to the lookup page', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/households/${w.fx.household('h20-401').id}/issue`);
		await page.getByLabel('类别').selectOption('repairs');
		await page.getByLabel('诉求内容').fill('卫生间漏水到楼下，需要物业上门查看');
		// someone not of the register reports it, with a phone
		await page.locator('select[name=resident_id]').selectOption('');
		await page.getByLabel('联系电话').fill('13900004321');
		await page.locator('form button[type=submit]').click();
		await page.locator('#receipt-no').waitFor();
		receiptNo = (await page.locator('#receipt-no').innerText()).trim();
		assert.match(receiptNo, /^SB-\d{4}-\d{6}$/);
		const card = page.locator('.receipt-card');
		await card.getByText(`${COMMITTEES.A.name} 受理`).waitFor();
		assert.match(await card.innerText(), /卫生间漏水到楼下/);
		await card.getByText('居委会电话：021-6234 5678').waitFor();
		trackUrl = await card.locator('canvas.qr').getAttribute('data-qr');
		assert.equal(trackUrl, `${w.url}/#/track?r=${receiptNo}`);
		assert.match(await card.innerText(), /扫码查询办理进度/);
		await page.emulateMedia({ media: 'print' });
		assert.equal(await card.locator('canvas.qr').isVisible(), true);
		await shot(page, 'receipt-print');
		await page.emulateMedia({ media: 'screen' });
		const r = await api(w.url, 'GET', `/api/v1/issues?receipt_no=${receiptNo}`, { cookie: w.cookies.worker });
		issueId = r.json.items[0].id;
		assertNoErrors(page, 'receipt');
	});

	it('the resident looks it up on a phone: wrong digits refused in words, then the progress', async () => {
		for (const width of [360, 1440]) {
			const page = await newPage(browser, width);
			await page.goto(trackUrl);
			await settle(page);
			await page.getByRole('heading', { name: '查询诉求办理进度' }).waitFor();
			assert.equal(await page.getByLabel('受理编号').inputValue(), receiptNo);
			await page.getByRole('button', { name: '查询' }).click();
			await page.locator('[data-field=phone_last4] .field-error').getByText('请填写电话号码的后四位数字').waitFor();
			await page.getByLabel('电话后四位').fill('1111');
			await page.getByRole('button', { name: '查询' }).click();
			await page.locator('[data-field=receipt_no] .field-error').getByText('没有找到与该受理编号和电话相符的诉求').waitFor();
			if (width === 360) await shot(page, 'track-error');
			await page.getByLabel('电话后四位').fill('4321');
			await page.getByRole('button', { name: '查询' }).click();
			const card = page.locator('.track-card');
			await card.waitFor();
			const text = await card.innerText();
			assert.equal(await card.locator('.track-status').innerText(), '已接收');
			assert.match(text, /当前办理层级\s*居民区/);
			assert.match(text, /承诺办结日期\s*\d{4}-\d{2}-\d{2}/);
			assert.match(text, new RegExp(`受理居委会\\s*${COMMITTEES.A.name}`));
			assert.match(text, /居委会电话\s*021-6234 5678/);
			assert.doesNotMatch(text, /漏水|13900004321|401/);
			await assertNoOverflow(page, `track ${width}`);
			await assertLabelled(page, `track ${width}`);
			await shot(page, 'track');
			assertNoErrors(page, `track ${width}`);
		}
	});

	it('the lookup follows the issue to the street', async () => {
		const step = async (cookie, body) => {
			const r = await api(w.url, 'POST', `/api/v1/issues/${issueId}/events`, { cookie, body });
			assert.equal(r.status, 201, r.text);
		};
		await step(w.cookies.worker, { action: 'accept' });
		await step(w.cookies.head, { action: 'escalate', reason: '涉及公共管道，需街道协调' });
		const page = await newPage(browser, 360);
		await page.goto(trackUrl);
		await settle(page);
		await page.getByLabel('电话后四位').fill('4321');
		await page.getByRole('button', { name: '查询' }).click();
		const text = await page.locator('.track-card').innerText();
		assert.match(text, /当前办理层级\s*街道/);
		assert.doesNotMatch(text, /公共管道/);
		assertNoErrors(page, 'track escalated');
		// in English when chosen
		await page.locator('#lang-switch').click();
		await page.getByRole('heading', { name: 'Follow your issue' }).waitFor();
		await page.getByLabel("The phone's last four digits").fill('4321');
		await page.getByRole('button', { name: 'Look up' }).click();
		assert.match(await page.locator('.track-card').innerText(), /Handled by\s*Street/);
		await page.getByLabel("The phone's last four digits").fill('12');
		await page.getByRole('button', { name: 'Look up' }).click();
		await page.locator('[data-field=phone_last4] .field-error').getByText('Enter the last four digits of the phone').waitFor();
		await shot(page, 'track-en');
		assertNoErrors(page, 'track in English');
	});
});
