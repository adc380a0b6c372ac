// Issue 19, people and papers, at 360 px: a building leader (a helper's light
// account) logs in, sees the households of its building with names and no
// ID or phone numbers, and records a delivery for a target there; a worker
// attaches a photo to an issue, and the issue page names people by their
// names, never their logins; a head hands a leaving worker's load to a
// colleague.  Every page: no overflow, labelled, no errors, a screenshot.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES } from './lib/seed.mjs';
import { REPO } from '../e2e/lib/harness.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled, savedShots, SHOTS } from './lib/browser.mjs';

const A = COMMITTEES.A.code;
const PHOTO = path.join(REPO, 'tests', 'e2e', 'fixtures', 'wide-64x32.jpg');

describe('people and papers (issue 19), at 360 px', () => {
	let w, browser, helper, camp, b20, leaver, issue;

	async function check(page, name) {
		await settle(page);
		assert.doesNotMatch(await page.locator('main h1').innerText(), /出错了|没有这个页面|无权/, `${name}: an error page`);
		await assertNoOverflow(page, `${name} 360`);
		await assertLabelled(page, name);
		await shot(page, name);
		assertNoErrors(page, `${name} 360`);
	}
	const call = async (method, p, cookie, body, status = 200) => {
		const r = await api(w.url, method, p, { cookie, body });
		assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
		return r.json;
	};

	before(async () => {
		w = await startWorld();
		browser = await launch();
		await call('PATCH', `/api/v1/users/${w.users.worker.id}`, w.cookies.admin, { display_name: '王小明' });
		await call('PATCH', `/api/v1/users/${w.users.head.id}`, w.cookies.admin, { display_name: '李书记' });
		b20 = w.fx.building('A1-20').id;
		helper = { username: 'louzuzhang_' + process.pid, password: 'helper-pass-1234' };
		const made = await call('POST', '/api/v1/users', w.cookies.head, {
			...helper, role: 'helper', scope: [A], buildings: [b20], display_name: '张阿姨', title: 'building_leader',
		}, 201);
		helper.id = made.id;
		camp = await call('POST', '/api/v1/campaigns', w.cookies.head, {
			committee_code: A, name: '重阳节慰问品', unit: 'household', filter: { building_id: b20 },
			fields: [{ key: 'given', label: '已送达', type: 'yes_no', required: true }, { key: 'note', label: '备注', type: 'text' }],
		}, 201);
		assert.ok(camp.total >= 1);
		// the worker who leaves: an open issue assigned to them
		leaver = { username: 'likai_' + process.pid, password: 'leaver-pass-1234' };
		const l = await call('POST', '/api/v1/users', w.cookies.head, { ...leaver, role: 'worker', scope: [A], display_name: '赵离岗' }, 201);
		leaver.id = l.id;
		const hs = await call('GET', `/api/v1/households?committee_code=${A}&building_id=${b20}`, w.cookies.head);
		issue = await call('POST', '/api/v1/issues', w.cookies.worker, {
			category: 'safety', description: '楼道堆放杂物', channel: 'visit', household_id: hs.items[0].id, assignee_id: leaver.id,
		}, 201);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	it('a building leader logs in, sees its building without ID or phone numbers, and records a delivery', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, helper);
		assert.match(page.url(), /#\/helper$/);
		await check(page, 'helper-home');
		const text = await page.locator('main').innerText();
		assert.match(text, /20号/);
		assert.doesNotMatch(text, /\*\*\*\*|身份证|手机/, 'no ID or phone number on the page');
		assert.match(await page.locator('#who').textContent(), /张阿姨/, 'the header names the helper');
		assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(helper.username), 'the login shows nowhere');
		// the register is not for it: sent back to its page
		await page.goto(w.url + '/#/register');
		await page.waitForFunction(() => location.hash === '#/helper');
		await settle(page);
		const card = page.locator('.helper-target').first();
		const target = Number(await card.getAttribute('data-target'));
		await card.getByLabel('已送达').check();
		await card.getByLabel(/备注/).fill('家属代收');
		await card.getByRole('button', { name: '保存' }).click();
		await page.locator('.helper-target').first().locator('p.ok').waitFor();
		await check(page, 'helper-delivered');
		const p = await call('GET', `/api/v1/campaigns/${camp.id}/progress`, w.cookies.head);
		assert.equal(p.done, 1);
		const left = await call('GET', `/api/v1/campaigns/${camp.id}/left`, w.cookies.head);
		assert.ok(!left.items.some((x) => x.target_id === target), 'the delivered target is no longer left');
	});

	it('a worker attaches a photo to an issue; the page names people, not logins', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/issues/${issue.id}`);
		await check(page, 'issue-before-photo');
		const body = await page.locator('main').innerText();
		assert.match(body, /王小明/, 'the creator by name');
		assert.match(body, /赵离岗/, 'the assignee by name');
		for (const login of [w.users.worker.username, leaver.username]) assert.doesNotMatch(body, new RegExp(login), `login ${login} on the page`);
		// first without a file: the error by the field, in Chinese
		await page.getByRole('button', { name: '上传' }).click();
		await page.locator('[data-field=file] .field-error').filter({ hasText: '请先选择文件' }).waitFor();
		await page.locator('input[type=file]').setInputFiles(PHOTO);
		await page.getByRole('button', { name: '上传' }).click();
		await page.locator('.attachments a', { hasText: 'wide-64x32.jpg' }).waitFor();
		await check(page, 'issue-with-photo');
		const list = await call('GET', `/api/v1/attachments?owner=issue&owner_id=${issue.id}`, w.cookies.head);
		assert.deepEqual(list.items.map((a) => [a.filename, a.created_by_name]), [['wide-64x32.jpg', '王小明']]);
		assert.ok(fs.existsSync(PHOTO));
	});

	it('the plan, the counter and the dashboard name people, never by login', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		assert.match(page.url(), /#\/plan$/);
		await check(page, 'plan-names');
		const logins = [w.users.worker.username, w.users.head.username];
		const noLogin = async (what) => {
			const text = await page.locator('body').innerText();
			for (const l of logins) assert.doesNotMatch(text, new RegExp(l), `${what}: login ${l} shows`);
			assert.match(await page.locator('#who').textContent(), /王小明/, `${what}: the header names the worker`);
		};
		await noLogin('plan');
		await go(page, w.url, '#/counter');
		await check(page, 'counter-names');
		assert.match(await page.locator('main').innerText(), /王小明|李书记/, 'the reception duty by name');
		await noLogin('counter');
		const headPage = await newPage(browser, 360);
		await loginAs(headPage, w.url, w.users.head);
		await go(headPage, w.url, '#/dashboard');
		await check(headPage, 'dashboard-names');
		const dash = await headPage.locator('main').innerText();
		assert.match(dash, /王小明/, 'the worker rows by name');
		for (const l of logins) assert.doesNotMatch(dash, new RegExp(l), `dashboard: login ${l} shows`);
	});

	it('a head hands over a leaving worker\'s load to a colleague, named by name', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/admin/users');
		const row = page.locator('tr', { hasText: leaver.username });
		await row.locator('details.hand-over > summary').click();
		const select = row.getByLabel('交给');
		const options = await select.locator('option').allInnerTexts();
		assert.ok(options.includes('王小明'), `colleagues by name: ${options}`);
		await select.selectOption({ label: '王小明' });
		await row.getByLabel('交接后停用该账号').check();
		await check(page, 'hand-over-form');
		await row.getByRole('button', { name: '交接' }).click();
		await page.locator('#banner').filter({ hasText: '已交接' }).waitFor();
		await settle(page);
		await shot(page, 'hand-over-done');
		const i = await call('GET', `/api/v1/issues/${issue.id}`, w.cookies.head);
		assert.equal(i.assignee_id, w.users.worker.id);
		assert.equal(i.assignee_name, '王小明');
		const u = await call('GET', `/api/v1/users/${leaver.id}`, w.cookies.head);
		assert.equal(u.disabled, true);
		assertNoErrors(page, 'hand-over');
	});
});
