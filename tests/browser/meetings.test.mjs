// Issue 17: a meeting from invitation to a passed motion.  The head calls a
// 议事会 on the lift of 20号, inviting the building's residents by filter and
// a 社区能人 by name as expert; prints the sign-in sheet; at the table (a
// tablet, then a phone) a worker taps the names present, the head puts a
// motion, each participant's vote is one tap, the tally and the quorum rule
// follow live, and the motion passes; minutes and a decision are recorded.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('a meeting in the browser', () => {
	let w, browser, meetingId, invited;

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('the head calls the meeting: by building plus one picked by name', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/consult/meetings?committee_code=${A}`);
		await page.getByRole('link', { name: '召开议事会' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/meetings/new'));
		await settle(page);
		await page.getByRole('button', { name: '发出邀请' }).click();
		await page.locator('[data-field=topic] .field-error').getByText('请填写议题').waitFor();
		await page.getByLabel('议题').fill('20号加装电梯议事会');
		await page.locator('input[name=held_at]').fill('2026-12-20T14:00');
		await page.getByLabel('楼', { exact: true }).selectOption({ label: '普雄小区 20号' });
		const expert = w.fx.resident('r14'); // 社区能人, of 3号楼
		await page.getByLabel('按姓名点名邀请').fill(expert.name);
		await page.getByRole('button', { name: `加入 ${expert.name}` }).click();
		await page.getByLabel(`身份 ${expert.name}`).selectOption('expert');
		await page.getByText('点名邀请：1 人').waitFor();
		await assertLabelled(page, 'meeting form');
		await shot(page, 'meeting-new');
		await page.getByRole('button', { name: '发出邀请' }).click();
		await page.waitForFunction(() => /^#\/meetings\/\d+$/.test(location.hash));
		await settle(page);
		meetingId = Number(await page.evaluate(() => location.hash.split('/')[2]));
		const m = (await api(w.url, 'GET', `/api/v1/meetings/${meetingId}`, { cookie: w.cookies.head })).json;
		invited = m.participants;
		const living20 = w.fx.residents.filter((r) => r.status === 'living' && w.fx.household(r.household).building === 'A1-20');
		assert.equal(invited.length, living20.length + 1);
		assert.equal(invited.find((p) => p.resident_id === expert.id).role, 'expert');
		assert.equal(m.held_at, '2026-12-20T06:00:00Z', 'the time is Shanghai time');
		assertNoErrors(page, 'meeting new');
	});

	it('prints the sign-in sheet with every invited name', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/meetings/${meetingId}/signin`);
		const rows = await page.locator('.mt-sheet tbody tr').count();
		assert.equal(rows, invited.length);
		assert.match(await page.locator('.mt-sheet').innerText(), /社区能人/);
		await page.emulateMedia({ media: 'print' });
		assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false);
		assert.equal(await page.getByRole('heading', { name: '20号加装电梯议事会' }).isVisible(), true);
		await shot(page, 'meeting-signin-print');
		assertNoErrors(page, 'signin');
	});

	it('at the table: attendance by tapping, one tap per vote, the live tally, passed', async () => {
		const tablet = await newPage(browser, 1024);
		await loginAs(tablet, w.url, w.users.head);
		await go(tablet, w.url, `#/meetings/${meetingId}`);
		// all but two come
		const present = invited.slice(0, invited.length - 2);
		for (const p of present) {
			await tablet.locator('.mt-person', { hasText: p.name }).click();
			await tablet.locator('.mt-person[aria-pressed=true]', { hasText: p.name }).waitFor();
		}
		await tablet.getByText(`到会 ${present.length} / 邀请 ${invited.length}`).waitFor();
		await tablet.getByLabel('表决事项').fill('同意20号加装电梯方案');
		await tablet.getByRole('button', { name: '提交表决' }).click();
		const motion = tablet.locator('.mt-motion');
		await motion.getByRole('heading', { name: '同意20号加装电梯方案' }).waitFor();
		// votes: all for but one against
		for (const [i, p] of present.entries()) {
			const choice = i === 0 ? '反对' : '赞成';
			await motion.getByRole('button', { name: `${p.name} ${choice}` }).click();
			await motion.locator('li', { hasText: p.name }).getByText('已表决').waitFor();
		}
		const n = present.length;
		const tally = await motion.locator('.mt-tally').innerText();
		const share = ((n - 1) / n * 100).toFixed(1);
		assert.match(tally, new RegExp(`赞成 ${n - 1} · 反对 1 · 弃权 0 · 赞成率 ${share}%`));
		assert.match(tally, /通过$/);
		await shot(tablet, 'meeting-table');
		await tablet.getByLabel('会议纪要').fill('居民代表充分讨论了加装电梯的费用分摊。');
		await tablet.getByRole('button', { name: '保存纪要' }).click();
		await tablet.getByText('已保存').waitFor();
		await tablet.getByRole('textbox', { name: '决定' }).fill('启动20号加装电梯签约');
		await tablet.getByRole('button', { name: '记录决定' }).click();
		await tablet.locator('.mt-decisions').getByText('启动20号加装电梯签约').waitFor();
		assertNoErrors(tablet, 'table');
		const m = (await api(w.url, 'GET', `/api/v1/meetings/${meetingId}`, { cookie: w.cookies.head })).json;
		assert.equal(m.present, n);
		assert.equal(m.motions[0].passed, true);
		assert.equal(m.minutes, '居民代表充分讨论了加装电梯的费用分摊。');
	});

	it('the meeting page on a phone and at 1440 px', async () => {
		for (const width of [360, 1440]) {
			const page = await newPage(browser, width);
			await loginAs(page, w.url, w.users.worker);
			await go(page, w.url, `#/meetings/${meetingId}`);
			await page.locator('.mt-tally').getByText('通过').waitFor();
			await assertNoOverflow(page, `meeting ${width}`);
			await assertLabelled(page, `meeting ${width}`);
			await shot(page, 'meeting');
			assertNoErrors(page, `meeting ${width}`);
		}
	});
});
