// Issue 17's survey journey: the head builds a survey for the 悬空老人
// (elderly on upper floors without a lift) with the audience's live count,
// prints its QR sheet per building; a resident answers on a phone through a
// code of the sheet (no login), and cannot answer twice; a worker records
// another household's answers at the door at 360 px; the head sees the
// results as charts with their tables.  Each page at 360 and 1440 px.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;
const AUDIENCE = '?committee_code=' + A + '&no_lift=true&floor_min=4&age_min=70&limit=1';

describe('surveys in the browser', () => {
	let w, browser, surveyId, links, expected;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		const r = await api(w.url, 'GET', '/api/v1/households' + AUDIENCE, { cookie: w.cookies.head });
		expected = r.json.total;
		assert.ok(expected >= 3, `fixture: several 悬空老人 households (${expected})`);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('the head builds the survey: errors next to their field, the live count, publish', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/consult/surveys?committee_code=${A}`);
		await page.getByRole('link', { name: '新建问卷' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/surveys/new'));
		await settle(page);
		// nothing filled: the title is asked for next to its field
		await page.getByRole('button', { name: '发布问卷' }).click();
		await page.locator('[data-field=title] .field-error').getByText('请填写问卷标题').waitFor();
		await page.getByLabel('问卷标题').fill('悬空老人出行需求调研');
		await page.getByLabel('说明（居民会看到）').fill('了解高楼层老人下楼出行的困难，为加装电梯和助老服务做准备。');
		const q0 = page.locator('.sv-builder-q').nth(0);
		await q0.getByLabel('题目').fill('您每周下楼几次？');
		await q0.getByLabel('选项（每行一个）').fill('几乎不下楼\n1–2 次\n3 次以上');
		await q0.getByLabel('必答').check();
		await page.getByRole('button', { name: '添加一题' }).click();
		const q1 = page.locator('.sv-builder-q').nth(1);
		await q1.getByLabel('题型').selectOption('rating');
		await q1.getByLabel('题目').fill('对加装电梯的迫切程度');
		await page.getByRole('button', { name: '添加一题' }).click();
		const q2 = page.locator('.sv-builder-q').nth(2);
		await q2.getByLabel('题型').selectOption('single');
		// a choice with one option: said next to the options, in Chinese
		await q2.getByLabel('题目').fill('是否愿意分摊费用？');
		await q2.getByLabel('选项（每行一个）').fill('愿意');
		await page.getByRole('button', { name: '发布问卷' }).click();
		await q2.locator('.field-error').getByText('选择题至少需要两个不同的选项').waitFor();
		await q2.getByLabel('选项（每行一个）').fill('愿意\n不愿意\n看情况');
		await page.getByRole('button', { name: '添加一题' }).click();
		const q3 = page.locator('.sv-builder-q').nth(3);
		await q3.getByLabel('题型').selectOption('text');
		await q3.getByLabel('题目').fill('其他困难或建议');
		// the audience: the live count follows the filter
		await page.getByLabel('仅无电梯的楼').check();
		await page.getByLabel('楼层不低于').fill('4');
		await page.getByLabel('年龄不低于').fill('70');
		await page.locator('#sv-count').getByText(`符合条件：${expected} 户`).waitFor();
		await assertLabelled(page, 'survey builder');
		await shot(page, 'survey-builder');
		await page.getByRole('button', { name: '发布问卷' }).click();
		await page.waitForFunction(() => /^#\/surveys\/\d+$/.test(location.hash));
		await settle(page);
		surveyId = Number(await page.evaluate(() => location.hash.split('/')[2]));
		const figures = await page.locator('.sv-figures').innerText();
		assert.match(figures, new RegExp(`调查对象\\s*${expected}`));
		assertNoErrors(page, 'builder');
	});

	it('prints a QR sheet per building, one code per household', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/surveys/${surveyId}`);
		await page.getByRole('link', { name: '打印二维码（按楼）' }).click();
		await settle(page);
		await page.getByRole('button', { name: '生成链接并打印' }).click();
		await page.getByText(`已生成 ${expected} 个链接`).waitFor();
		const sheets = page.locator('.sv-sheet');
		const n = await sheets.count();
		assert.ok(n >= 2, 'more than one building: ' + (await sheets.locator('h2').allInnerTexts()).join(' | ') + ' ' + await page.locator('main').innerText());
		const titles = await sheets.locator('h2').allInnerTexts();
		assert.ok(titles.every((x) => x.startsWith('悬空老人出行需求调研 · ')), titles.join());
		assert.equal(await page.locator('.sv-slip canvas.qr').count(), expected);
		links = await page.locator('.sv-slip canvas.qr').evaluateAll((cs) => cs.map((c) => ({ url: c.dataset.qr, label: c.getAttribute('aria-label') })));
		for (const l of links) assert.match(l.url, /^http:\/\/127\.0\.0\.1:\d+\/#\/s\/[A-Za-z0-9_-]{43}$/);
		// one pixel per module (a version 10 code is 65 wide with its quiet zone): a sheet of thousands fits in memory
		const widths = await page.locator('.sv-slip canvas.qr').evaluateAll((cs) => cs.map((c) => c.width));
		assert.ok(widths.every((x) => x >= 29 && x <= 65), widths.join());
		// the printed page: the sheets only
		await page.emulateMedia({ media: 'print' });
		assert.equal(await page.locator('.topbar').isVisible(), false);
		assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
		await shot(page, 'survey-sheet-print');
		await page.emulateMedia({ media: 'screen' });
		await shot(page, 'survey-sheet');
		assertNoErrors(page, 'sheet');
		const phone = await newPage(browser, 360);
		await loginAs(phone, w.url, w.users.head);
		await go(phone, w.url, `#/surveys/${surveyId}/sheet`);
		await assertNoOverflow(phone, 'sheet at 360');
		await shot(phone, 'survey-sheet');
	});

	it('a resident answers on a phone without logging in, once', async () => {
		const page = await newPage(browser, 360);
		await page.goto(links[0].url);
		await settle(page);
		await page.getByRole('heading', { name: '悬空老人出行需求调研' }).waitFor();
		// large type for the resident
		const size = await page.locator('.resident-page').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		assert.ok(size >= 19, `font size ${size}`);
		assert.doesNotMatch(await page.locator('main').innerText(), /null|undefined/);
		await page.getByRole('button', { name: '提交' }).click();
		await page.locator('[data-field="answers[0]"] .field-error').getByText('此题必答').waitFor();
		await shot(page, 'survey-resident-error');
		await page.getByText('1–2 次').click();
		await page.getByText('5 分').click();
		await page.getByText('看情况').click();
		await page.getByLabel('4. 其他困难或建议').fill('腿脚不便，希望有人帮忙买菜');
		await assertNoOverflow(page, 'resident survey');
		await assertLabelled(page, 'resident survey');
		await shot(page, 'survey-resident');
		await page.getByRole('button', { name: '提交' }).click();
		await page.getByText('谢谢您！回答已收到。').waitFor();
		// the same link again: said in words
		await page.goto(links[0].url.replace('#/s/', '#/x/'));
		await page.goto(links[0].url);
		await settle(page);
		await page.getByText('这个链接已经用过了').waitFor();
		await shot(page, 'survey-resident-used');
		await page.goto(links[0].url.slice(0, -5) + 'zzzzz');
		await settle(page);
		await page.getByText('没有找到这份问卷').waitFor();
		assertNoErrors(page, 'resident');
		const wide = await newPage(browser, 1440);
		await wide.goto(links[1].url);
		await settle(wide);
		await shot(wide, 'survey-resident');
		assertNoErrors(wide, 'resident 1440');
	});

	it('a worker records the answers at the door from the household page (360 px)', async () => {
		// the household of the second code: its page, then its surveys
		const aud = await api(w.url, 'GET', `/api/v1/surveys/${surveyId}/audience`, { cookie: w.cookies.worker });
		const open = aud.json.items.filter((x) => !x.answered);
		const hh = open[open.length - 1];
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/households/${hh.household_id}`);
		await page.getByRole('link', { name: '上门填写问卷' }).click();
		await page.waitForFunction(() => location.hash.endsWith('/surveys'));
		await settle(page);
		const card = page.locator('.sv-door');
		await card.getByRole('heading', { name: '悬空老人出行需求调研' }).waitFor();
		await card.getByText('几乎不下楼').click();
		await card.getByText('4 分').click();
		await card.getByText('愿意', { exact: true }).click();
		await assertNoOverflow(page, 'door');
		await shot(page, 'survey-door');
		await card.getByRole('button', { name: '保存回答' }).click();
		await page.locator('main').getByText('回答已保存').first().waitFor();
		await page.reload();
		await settle(page);
		await page.getByText('已作答').waitFor();
		assertNoErrors(page, 'door');
	});

	it('the head sees the results: charts with their tables, per building, export', async () => {
		for (const width of [1440, 360]) {
			const page = await newPage(browser, width);
			await loginAs(page, w.url, w.users.head);
			await go(page, w.url, `#/surveys/${surveyId}`);
			const figures = await page.locator('.sv-figures').innerText();
			assert.match(figures, /已答（户）\s*2/);
			const q0 = page.locator('#sv-q0');
			await q0.locator('summary').click();
			const t0 = await q0.locator('table').innerText();
			assert.match(t0, /几乎不下楼\s*1\s*50\.0%/);
			assert.match(t0, /1–2 次\s*1\s*50\.0%/);
			assert.match(t0, /3 次以上\s*0\s*0\.0%/);
			await page.locator('#sv-q1 summary').click();
			assert.match(await page.locator('#sv-q1 table').innerText(), /4\s*1[\s\S]*5\s*1/);
			assert.match(await page.locator('#sv-q1').innerText(), /平均 4\.5/);
			assert.match(await page.locator('#sv-q3').innerText(), /希望有人帮忙买菜/);
			await page.locator('#sv-q0 .chart svg').waitFor();
			const xlsx = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
			const file = await api(w.url, 'GET', xlsx, { cookie: w.cookies.head });
			assert.equal(file.status, 200);
			if (width === 360) await assertNoOverflow(page, 'results');
			await shot(page, 'survey-results');
			assertNoErrors(page, 'results');
		}
	});
});
