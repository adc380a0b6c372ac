// Issue 17: the networks page.  A worker registers a volunteer from a
// resident of the register with skills, finds it again by a skill, sets up
// a team with its members, records an activity with hours and the residents
// served; the totals page shows the month.  At 360 and 1440 px.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('volunteers, teams and activities in the browser', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('registers volunteers, finds one by a skill, sets up a team, records an activity', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, `#/consult/volunteers?committee_code=${A}`);
		await page.getByRole('link', { name: '志愿者、团队与活动' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/network'));
		await settle(page);
		const vol = page.locator('#nw-volunteer');
		// nobody picked: said next to the field
		await vol.getByRole('button', { name: '登记志愿者' }).click();
		await vol.getByText('请先找到并加入一位居民').waitFor();
		const register = async (r, skills) => {
			const form = page.locator('#nw-volunteer');
			await form.getByLabel('居民（按姓名查找）').fill(r.name);
			await form.getByRole('button', { name: `加入 ${r.name}` }).click();
			await form.getByLabel('技能').fill(skills);
			await form.getByRole('button', { name: '登记志愿者' }).click();
			await page.locator('#nw-volunteers').getByText(r.name).waitFor();
		};
		const barber = w.fx.resident('r05');
		const engineer = w.fx.resident('r14');
		await register(barber, '理发、修电器');
		await register(engineer, '电梯工程师，结构设计');
		// find by part of a skill
		await page.getByLabel('按技能查找').fill('电梯');
		await page.getByRole('button', { name: '查找' }).click();
		await page.waitForFunction(() => location.hash.includes('skill='));
		await settle(page);
		const found = await page.locator('#nw-volunteers ul').innerText();
		assert.match(found, new RegExp(engineer.name));
		assert.doesNotMatch(found, new RegExp(barber.name));
		// a team of both
		const team = page.locator('#nw-team');
		await team.getByLabel('团队名称').fill('品尊红袖章');
		await team.getByLabel('类型（如 红袖章）').fill('红袖章');
		await team.getByText(barber.name).click();
		await team.getByText(engineer.name).click();
		await team.getByRole('button', { name: '建立团队' }).click();
		await page.locator('#nw-teams').getByText('品尊红袖章').waitFor();
		assert.match(await page.locator('#nw-teams').innerText(), new RegExp(`${barber.name}、${engineer.name}|${engineer.name}、${barber.name}`));
		// an activity: hours and two residents served
		const act = page.locator('#nw-activity');
		await act.getByLabel('活动名称').fill('爱心理发日');
		await act.getByLabel('团队').selectOption({ label: '品尊红袖章' });
		await act.getByLabel(barber.name).fill('3');
		for (const r of [w.fx.resident('r01'), w.fx.resident('r02')]) {
			await act.getByLabel('服务的居民（按姓名查找）').fill(r.name);
			await act.getByRole('button', { name: `加入 ${r.name}` }).click();
		}
		await assertLabelled(page, 'network');
		await shot(page, 'network');
		await act.getByRole('button', { name: '保存活动' }).click();
		await page.locator('#nw-activities').getByText('爱心理发日').waitFor();
		assert.match(await page.locator('#nw-activities').innerText(), /爱心理发日 · 3 小时 · 服务 2 人/);
		const r = await api(w.url, 'GET', `/api/v1/reports/volunteers?committee_code=${A}`, { cookie: w.cookies.head });
		assert.equal(r.json.hours, 3);
		assert.equal(r.json.served, 2);
		assertNoErrors(page, 'network');
	});

	it('the page at 360 px', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/network?committee_code=${A}`);
		await page.locator('#nw-teams').getByText('品尊红袖章').waitFor();
		await assertNoOverflow(page, 'network 360');
		await shot(page, 'network');
		assertNoErrors(page, 'network 360');
	});
});
