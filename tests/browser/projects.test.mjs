// A project (议事项目) in the browser: the head makes 20号加装电梯 with its
// funding, a 2/3 signing threshold and 20号 as the building that signs;
// stages are set with dates and an owner (a stage started too early is
// refused in words next to its field); a worker ticks the households that
// signed until the building reaches 2/3; the timeline shows the stages.  At
// 1440 px (the office) and 360 px (a phone on the stairs).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('a project through its stages with its signing tracker', () => {
	let w, browser, projectId, households20;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		households20 = w.fx.households.filter((x) => x.building === 'A1-20');
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('the head makes the project from the consultation page', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/consult?committee_code=${A}`);
		await page.getByRole('link', { name: '议事项目' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/projects'));
		await settle(page);
		await page.getByRole('button', { name: '创建项目' }).click();
		await page.locator('[data-field=name] .field-error').getByText('请填写项目名称').waitFor();
		await page.getByLabel('项目名称').fill('20号加装电梯');
		await page.getByLabel('资金来源').fill('市区补贴＋业主自筹');
		await page.getByLabel('签约比例（如加装电梯）').selectOption('2/3');
		await page.getByRole('button', { name: '创建项目' }).click();
		await page.locator('[data-field=building_ids] .field-error').getByText('设了签约比例，请选择签约楼栋').waitFor();
		await page.getByLabel('普雄小区 20号').check();
		await assertLabelled(page, 'project form');
		await shot(page, 'project-new');
		await page.getByRole('button', { name: '创建项目' }).click();
		await page.waitForFunction(() => /^#\/projects\/\d+$/.test(location.hash));
		await settle(page);
		projectId = Number(await page.evaluate(() => location.hash.split('/')[2]));
		const p = (await api(w.url, 'GET', `/api/v1/projects/${projectId}`, { cookie: w.cookies.head })).json;
		assert.deepEqual(p.signing_threshold, { numerator: 2, denominator: 3 });
		assert.deepEqual(p.building_ids, [w.fx.building('A1-20').id]);
		await page.getByText('资金来源：市区补贴＋业主自筹').waitFor();
		assertNoErrors(page, 'project new');
	});

	it('the stages get dates and an owner, in order', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/projects/${projectId}`);
		const stage = (s) => page.locator(`.pj-stage[data-stage=${s}]`);
		// 调研 before 提出 has ended: refused in words
		await stage('research').locator('summary').click();
		await stage('research').getByLabel('实际开始').fill('2026-09-10');
		await stage('research').getByRole('button', { name: '保存' }).click();
		await stage('research').getByText('上一阶段结束后才能开始这一阶段').waitFor();
		await stage('proposal').locator('summary').click();
		await stage('proposal').getByLabel('实际开始').fill('2026-09-01');
		await stage('proposal').getByLabel('实际结束').fill('2026-09-08');
		await stage('proposal').getByLabel('负责人').selectOption({ label: w.users.worker.username });
		await stage('proposal').getByRole('button', { name: '保存' }).click();
		await stage('proposal').getByText('已完成').waitFor();
		await stage('proposal').getByText(`负责人：${w.users.worker.username}`).waitFor();
		await stage('research').locator('summary').click();
		await stage('research').getByLabel('实际开始').fill('2026-09-10');
		await stage('research').getByRole('button', { name: '保存' }).click();
		await stage('research').getByText('进行中').waitFor();
		const p = (await api(w.url, 'GET', `/api/v1/projects/${projectId}`, { cookie: w.cookies.head })).json;
		assert.equal(p.stage, 'research');
		assert.equal(p.stages[0].owner.id, w.users.worker.id);
		await page.locator('.pj-timeline').getByText('阶段结束').waitFor();
		await shot(page, 'project-stages');
		assertNoErrors(page, 'project stages');
	});

	it('a worker on a phone ticks the signed households until 20号 reaches 2/3', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/projects/${projectId}`);
		const card = page.locator('.pj-building');
		const need = Math.ceil((households20.length * 2) / 3);
		await card.getByText(`已签 0 / ${households20.length} 户`).waitFor();
		await card.getByText(`需 ${need} 户`).waitFor();
		for (const hh of households20.slice(0, need)) {
			await card.getByLabel(`${hh.room} 已签约`).check();
			await page.waitForFunction(() => !document.querySelector('.pj-building input:disabled'));
		}
		await card.getByText(`已签 ${need} / ${households20.length} 户`).waitFor();
		await card.getByText('已达签约比例').waitFor();
		assert.match(await card.getAttribute('class'), /pj-reached/);
		const t = (await api(w.url, 'GET', `/api/v1/projects/${projectId}/signing`, { cookie: w.cookies.head })).json;
		assert.equal(t.buildings[0].signed, need);
		assert.equal(t.buildings[0].reached, true);
		await assertNoOverflow(page, 'project on a phone');
		await assertLabelled(page, 'project on a phone');
		await shot(page, 'project-signing');
		assertNoErrors(page, 'project signing');
	});
});
