// The committee head's consultation page (web/views/consult.js): a survey's
// results, a meeting's vote tally, the party tree from its proposal and the
// liaison coverage, the volunteer totals; every tab at 360 px and 1440 px,
// in Chinese and in English.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('consultation page', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		const ok = async (method, path, cookie, body) => {
			const r = await api(w.url, method, path, { cookie, body });
			assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${r.text}`);
			return r.json;
		};
		const s = await ok('POST', '/api/v1/surveys', w.cookies.head, {
			committee_code: A, title: '加装电梯意愿调查', questions: [{ kind: 'single', text: '是否同意加装电梯？', options: ['同意', '反对'] }],
			audience: { building_id: w.fx.building('A1-20').id },
		});
		await ok('POST', `/api/v1/surveys/${s.id}/responses`, w.cookies.worker, { household_id: w.fx.household('h20-101').id, answers: ['同意'] });
		await ok('POST', `/api/v1/surveys/${s.id}/responses`, w.cookies.worker, { household_id: w.fx.household('h20-301').id, answers: ['同意'] });
		await ok('POST', `/api/v1/surveys/${s.id}/responses`, w.cookies.worker, { household_id: w.fx.household('h20-401').id, answers: ['反对'] });
		const m = await ok('POST', '/api/v1/meetings', w.cookies.head, {
			committee_code: A, topic: '20号加装电梯议事会', held_at: '2026-11-20T06:00:00Z', place: '红色议事厅',
			invite_filter: { building_id: w.fx.building('A1-20').id, age_min: 18 },
		});
		const motion = await ok('POST', `/api/v1/meetings/${m.id}/motions`, w.cookies.head, { text: '同意加装电梯方案' });
		for (const p of m.participants) {
			await ok('POST', `/api/v1/meetings/${m.id}/votes`, w.cookies.worker, { motion_id: motion.id, participant_id: p.id, choice: 'for' });
		}
		const v = await ok('POST', '/api/v1/volunteers', w.cookies.worker, { resident_id: w.fx.resident('r05').id, skills: ['理发'] });
		await ok('POST', '/api/v1/activities', w.cookies.worker, {
			committee_code: A, title: '爱心理发日', date: '2026-11-01', volunteers: [{ volunteer_id: v.id, hours: 3 }],
			served_resident_ids: [w.fx.resident('r01').id, w.fx.resident('r02').id],
		});
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('shows the results, the tally, the proposal to accept, the coverage and the totals', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await page.locator('#nav').getByRole('link', { name: '议事与网络' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/consult'));
		await settle(page);
		const results = page.locator('#survey-results');
		await results.getByRole('heading', { name: '加装电梯意愿调查' }).waitFor();
		// 20号 has six households; three answered
		assert.match(await results.innerText(), /回收率\s*50\.0%/);
		assert.match(await results.locator('table').first().innerText(), /同意\s*2\s*66\.7%/);
		await shot(page, 'consult-surveys');

		await go(page, w.url, `#/consult/meetings?committee_code=${A}`);
		const tally = await page.locator('#meeting table').innerText();
		assert.match(tally, /同意加装电梯方案/);
		assert.match(tally, /100\.0%\s*是\s*是/);

		await go(page, w.url, `#/consult/party?committee_code=${A}`);
		await page.getByText('尚未建立党组织').waitFor();
		await page.getByRole('button', { name: '按楼生成党小组建议' }).click();
		await page.locator('#party-proposal table').getByText('普雄小区20号党小组').waitFor();
		await page.getByRole('button', { name: '采纳建议' }).click();
		// issue 17: the difference is shown and confirmed first
		await page.locator('#party-diff').getByText('新建').first().waitFor();
		await page.getByRole('button', { name: '确认采纳' }).click();
		await page.locator('#party-tree .org-tree').getByText('普雄小区20号党小组').waitFor();
		assert.match(await page.locator('#party-coverage').innerText(), /户数\s*12/);
		await shot(page, 'consult-party');

		await go(page, w.url, `#/consult/volunteers?committee_code=${A}`);
		const totals = await page.locator('#volunteer-totals').innerText();
		assert.match(totals, new RegExp(`${w.fx.resident('r05').name}\\s*1\\s*3`));
		assert.match(totals, /2026-11\s*1\s*3\s*2/);
		await assertLabelled(page, 'consult volunteers');
		assertNoErrors(page, 'consult');
		await page.context().close();
	});

	for (const [width, language] of [[360, 'zh'], [360, 'en'], [1440, 'en']]) {
		it(`every tab fits at ${width} px (${language})`, async () => {
			const page = await newPage(browser, width);
			if (language === 'en') await page.addInitScript(() => localStorage.setItem('sibai.lang', 'en'));
			await loginAs(page, w.url, w.users.head);
			for (const tab of ['surveys', 'meetings', 'party', 'volunteers']) {
				await go(page, w.url, `#/consult/${tab}?committee_code=${A}`);
				const h1 = await page.locator('main h1').innerText();
				assert.equal(h1, language === 'en' ? 'Consultation and networks' : '问计于民 · 暖百家心');
				await assertNoOverflow(page, `consult ${tab} ${width} ${language}`);
				await assertLabelled(page, `consult ${tab}`);
			}
			assertNoErrors(page, `consult ${width} ${language}`);
			await page.context().close();
		});
	}

	it('is for committee heads and above', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.worker);
		assert.equal(await page.locator('#nav').getByRole('link', { name: '议事与网络' }).count(), 0);
		await go(page, w.url, '#/consult');
		assert.doesNotMatch(await page.locator('main h1').innerText(), /问计于民/);
		await page.context().close();
	});
});
