// The pages one by one: the register filter with its total and export, a
// field error next to its field, the counter, an import report, the
// language switch, an expired session, and a screenshot of every main page
// at 360 px and 1440 px with nothing wider than the screen.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled, savedShots, SHOTS } from './lib/browser.mjs';
import { breakCheckDigit } from '../e2e/lib/register-fixture.mjs';

describe('pages', () => {
	let w, browser;

	before(async () => {
		w = await startWorld();
		browser = await launch();
		// an issue, so that the boards and dashboards have something to show
		const r = await api(w.url, 'POST', '/api/v1/issues', {
			cookie: w.cookies.worker,
			body: { category: 'ebike_charging', description: '21号楼道有人飞线充电', channel: 'office', household_id: w.fx.household('h21-201').id },
		});
		assert.equal(r.status, 201, r.text);
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	it('the register filter: tags, age, the total, the export of the same filter', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/register');
		await page.locator('.tag-modes summary').click();
		await page.getByLabel('独居老人', { exact: true }).selectOption('all');
		await page.getByLabel('年龄从').fill('80');
		await page.getByRole('button', { name: '筛选', exact: true }).click();
		await page.waitForFunction(() => location.hash.includes('age_min=80'));
		await settle(page);
		const want = w.fx.residentNames((r) => r.committee === 'A' && r.tags.includes('独居老人') && r.age >= 80);
		assert.deepEqual(want, ['张桂兰', '欧阳明月'].sort());
		await page.getByText(`符合条件 ${want.length} 人`).waitFor();
		const names = await page.locator('.residents-table tbody td:first-child').allInnerTexts();
		assert.deepEqual(names.map((s) => s.trim()).sort(), want);
		// the filter is in the address, so it survives a reload and can be shared
		const hash = await page.evaluate(() => decodeURIComponent(location.hash));
		assert.match(hash, /tag_all=独居老人/);
		// the export is the same filter
		const href = await page.getByRole('link', { name: 'Excel 表格' }).getAttribute('href');
		const u = new URL(href, w.url);
		assert.equal(u.pathname, '/api/v1/residents/export');
		assert.equal(u.searchParams.get('format'), 'xlsx');
		assert.equal(u.searchParams.get('tag_all'), '独居老人');
		assert.equal(u.searchParams.get('age_min'), '80');
		const got = await page.evaluate(async (h) => {
			const r = await fetch(h);
			return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
		}, href);
		assert.equal(got.status, 200);
		assert.match(got.type, /spreadsheetml/);
		assert.ok(got.size > 1000);
		await assertNoOverflow(page, 'register 1440');
		await shot(page, 'register-filtered');
		assertNoErrors(page, 'register');
		await page.context().close();
	});

	it('a field error shows next to its field (new resident, a bad ID number)', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		const hid = w.fx.household('h20-601').id;
		await go(page, w.url, `#/residents/new?household_id=${hid}`);
		await page.getByLabel('姓名').fill('孙小红');
		await page.getByLabel('身份证号').fill(breakCheckDigit(w.fx.resident('r10').id_number));
		await page.getByRole('button', { name: '保存' }).click();
		const err = page.locator('[data-field=id_number] .field-error');
		await err.filter({ hasText: /身份证号/ }).waitFor();
		assert.equal(await page.getByLabel('身份证号').getAttribute('aria-invalid'), 'true');
		// the error is tied to the field for screen readers
		const described = await page.getByLabel('身份证号').getAttribute('aria-describedby');
		assert.ok(described.split(' ').includes(await err.getAttribute('id')));
		assert.ok(await page.getByLabel('身份证号').evaluate((el) => el === document.activeElement), 'focus moves to the field');
		await assertNoOverflow(page, 'resident form 360');
		await shot(page, 'resident-error');
		// fixed, it saves
		await page.getByLabel('身份证号').fill('');
		await page.getByRole('button', { name: '保存' }).click();
		await page.getByRole('heading', { level: 1, name: '孙小红' }).waitFor();
		assertNoErrors(page, 'resident form');
		await page.context().close();
	});

	it('the counter: find by name or room, earlier issues, an issue taken in with its receipt', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, '#/counter');
		await page.getByText(/普雄路居委会今日接待：/).waitFor();
		await page.getByLabel('找居民：姓名、门牌或地址').fill('201');
		await page.locator('.pick', { hasText: '郑红' }).waitFor();
		// by the number the caller gives (a fixed line, typed without the dash)
		await page.getByLabel('找居民：姓名、门牌或地址').fill(w.fx.resident('r12').phone.replace('-', ''));
		await page.locator('.total', { hasText: '找到 1 人' }).waitFor();
		await page.locator('.pick', { hasText: '郑红' }).waitFor();
		await page.getByLabel('找居民：姓名、门牌或地址').fill('郑红');
		await page.locator('.pick', { hasText: '郑红' }).click();
		// the earlier issue of the household's resident
		await page.getByRole('heading', { name: '以前的诉求' }).waitFor();
		await page.locator('.issue-list .issue-cat', { hasText: '非机动车充电' }).waitFor();
		await page.getByLabel('类别').selectOption('noise');
		await page.getByLabel('诉求内容').fill('楼上装修噪声，晚上九点后还在施工');
		await page.getByRole('button', { name: '受理并出回执' }).click();
		await page.locator('#receipt-no, .issue-form .form-error:not([hidden]), .issue-form .field-error:not(:empty)').first().waitFor();
		if (await page.locator('.issue-form .form-error:not([hidden]), .issue-form .field-error:not(:empty)').count()) {
			assert.fail(`the intake was refused: ${await page.locator('.issue-form').innerText()}`);
		}
		const no = (await page.locator('#receipt-no').innerText()).trim();
		assert.match(no, /^SB-\d{4}-\d{6}$/);
		const r = await api(w.url, 'GET', `/api/v1/issues?receipt_no=${no}`, { cookie: w.cookies.worker });
		assert.equal(r.json.items[0].channel, 'office');
		assert.equal(r.json.items[0].resident_id, w.fx.resident('r12').id);
		await assertNoOverflow(page, 'counter 1440');
		await shot(page, 'counter-receipt');
		assertNoErrors(page, 'counter');
		await page.context().close();
	});

	it('an import with its line report', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/register/import');
		const csv = '小区,楼号,室号,姓名,身份证号,标签\n普雄小区,22号,601,周建平,,老党员\n普雄小区,22号,602,错号码,123456,\n';
		await page.getByLabel('文件').setInputFiles({ name: 'residents.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByRole('button', { name: '上传' }).click();
		await page.getByRole('heading', { name: '导入报告' }).waitFor();
		await page.getByText('这是试导入，没有写入任何数据。').waitFor();
		const bad = page.locator('.import-report tr.row-bad');
		assert.equal(await bad.count(), 1);
		assert.match(await bad.innerText(), /身份证/);
		await assertNoOverflow(page, 'import 360');
		await shot(page, 'import-report');
		assertNoErrors(page, 'import');
		await page.context().close();
	});

	it('the language switch: English, remembered, <html lang> follows', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
		await page.getByRole('button', { name: 'Switch to English' }).click();
		await page.getByRole('heading', { level: 1, name: "Today's visits" }).waitFor();
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		await page.reload();
		await settle(page);
		await page.getByRole('heading', { level: 1, name: "Today's visits" }).waitFor();
		assert.equal(await page.getAttribute('html', 'lang'), 'en');
		await page.getByText('in walking order').waitFor();
		await go(page, w.url, `#/households/${w.fx.household('h20-301').id}`);
		await page.getByText('Members').waitFor();
		await page.getByText('Widowed').count(); // (no such label: just checking nothing throws)
		await shot(page, 'household-en');
		await page.getByRole('button', { name: '切换到中文' }).click();
		await page.getByRole('heading', { name: '家庭成员' }).waitFor();
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
		// the menu on a phone
		assert.ok(!(await page.locator('#nav').isVisible()), 'the menu is folded at 360 px');
		await page.getByRole('button', { name: '菜单' }).click();
		assert.equal(await page.getByRole('button', { name: '菜单' }).getAttribute('aria-expanded'), 'true');
		await page.locator('#nav').getByRole('link', { name: '诉求' }).click();
		await page.waitForFunction(() => location.hash === '#/issues');
		await settle(page);
		assert.ok(!(await page.locator('#nav').isVisible()), 'the menu folds after a choice');
		assertNoErrors(page, 'language');
		await page.context().close();
	});

	it('an expired session: the login page, back to the form, nothing typed is lost', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		const hid = w.fx.household('h20-401').id;
		await go(page, w.url, `#/households/${hid}/visit`);
		await page.getByRole('textbox', { name: '问 · 问到的' }).fill('腿脚不好，想装扶手');
		// the session ends behind the page's back (12 hours idle, a password change …)
		const [c] = (await page.context().cookies()).filter((x) => x.name === 'sibai_session');
		const out = await api(w.url, 'DELETE', '/api/v1/session', { cookie: `sibai_session=${c.value}` });
		assert.equal(out.status, 204);
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.waitForFunction(() => location.hash.startsWith('#/login'));
		await page.getByText('登录已过期').waitFor();
		await page.locator('input[name=username]').fill(w.users.worker.username);
		await page.locator('input[name=password]').fill(w.users.worker.password);
		await page.locator('form.login-form button[type=submit]').click();
		await page.waitForFunction((id) => location.hash === `#/households/${id}/visit`, hid);
		await settle(page);
		await page.getByText('已恢复上次未保存的内容').waitFor();
		assert.equal(await page.getByRole('textbox', { name: '问 · 问到的' }).inputValue(), '腿脚不好，想装扶手');
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '走访已记录' }).waitFor();
		const v = await api(w.url, 'GET', `/api/v1/visits?household_id=${hid}`, { cookie: w.cookies.worker });
		assert.equal(v.json.items[0].asked, '腿脚不好，想装扶手');
		// the draft is gone once saved
		await go(page, w.url, `#/households/${hid}`);
		await go(page, w.url, `#/households/${hid}/visit`);
		assert.equal(await page.getByText('已恢复上次未保存的内容').count(), 0);
		assertNoErrors(page, 'expiry');
		await page.context().close();
	});

	it('keyboard only: log in, open a household from the plan, record a visit', async () => {
		const page = await newPage(browser, 1440);
		await page.goto(w.url + '/#/login');
		await settle(page);
		// the user name field has the focus; Tab goes on to the password
		await page.keyboard.type(w.users.worker.username);
		await page.keyboard.press('Tab');
		await page.keyboard.type(w.users.worker.password);
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => location.hash === '#/plan');
		await settle(page);
		// Tab through the page to the first household of the plan
		let found = false;
		for (let i = 0; i < 40 && !found; i++) {
			await page.keyboard.press('Tab');
			found = await page.evaluate(() => document.activeElement?.classList.contains('plan-link'));
		}
		assert.ok(found, 'a household of the plan is reachable with Tab');
		const visible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		assert.notEqual(visible, 'none', 'the focus is visible');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => /^#\/households\/\d+$/.test(location.hash));
		await settle(page);
		// 记走访, then the channel chips work with the arrow keys and the form submits with Enter
		await page.locator('.actions a', { hasText: '记走访' }).first().focus();
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => /\/visit$/.test(location.hash));
		await settle(page);
		await page.getByLabel('入户').focus();
		await page.keyboard.press('ArrowRight');
		assert.ok(await page.getByLabel('电话').isChecked(), 'arrow keys move between the channels');
		await page.getByRole('textbox', { name: '望 · 看到的' }).focus();
		await page.keyboard.type('电话回访，声音精神');
		await page.getByRole('button', { name: '保存走访' }).focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: '走访已记录' }).waitFor();
		assertNoErrors(page, 'keyboard');
		await page.context().close();
	});

	it('a head reveals the numbers with a reason; a worker records feedback that reopens an issue', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		const r = w.fx.resident('r04');
		await go(page, w.url, `#/residents/${r.id}`);
		await page.getByText('查看完整证件号和电话').click();
		await page.getByRole('button', { name: '查看', exact: true }).click();
		await page.locator('[data-field=reason] .field-error').filter({ hasText: /\S/ }).waitFor();
		await page.getByLabel('查看事由').fill('为其申请助餐补贴，核对身份');
		await page.getByRole('button', { name: '查看', exact: true }).click();
		await page.locator('#numbers.revealed').waitFor();
		assert.equal(await page.locator('#numbers').innerText(), `${r.id_number} · ${r.phone}`);
		await shot(page, 'resident-revealed');
		assertNoErrors(page, 'reveal');
		await page.context().close();

		// the issue of before(): taken on and resolved by the committee, the
		// resident unhappy: the worker records it and the issue opens again
		for (const body of [{ action: 'accept' }, { action: 'resolve', note: '已劝导，拆除飞线' }]) {
			const x = await api(w.url, 'POST', '/api/v1/issues/1/events', { cookie: w.cookies.worker, body });
			assert.equal(x.status, 201, x.text);
		}
		const wp = await newPage(browser, 360);
		await loginAs(wp, w.url, w.users.worker);
		await go(wp, w.url, '#/issues/1');
		const fb = wp.locator('form[data-action=feedback]');
		if (!(await fb.isVisible())) await wp.locator('details.step', { has: fb }).locator('summary').click();
		await fb.getByText('不满意', { exact: true }).click();
		await fb.getByLabel('居民意见').fill('晚上又有人拉线了');
		await fb.getByRole('button', { name: '记录评价' }).click();
		await wp.locator('.issue-badges .badge', { hasText: '重新打开' }).waitFor();
		const i = await api(w.url, 'GET', '/api/v1/issues/1', { cookie: w.cookies.worker });
		assert.equal(i.json.status, 'reopened');
		assert.equal(i.json.satisfaction, 2);
		assertNoErrors(wp, 'feedback');
		await wp.context().close();
	});

	// every main page, at both widths
	const PAGES = [
		['worker', 'login', null],
		['worker', 'plan', '#/plan'],
		['worker', 'household', () => `#/households/${w.fx.household('h20-401').id}`],
		['worker', 'visit', () => `#/households/${w.fx.household('h20-401').id}/visit`],
		['worker', 'issue-new', () => `#/households/${w.fx.household('h20-401').id}/issue`],
		['worker', 'counter', '#/counter?q=20号'],
		['worker', 'register', '#/register'],
		['worker', 'resident', () => `#/residents/${w.fx.resident('r04').id}`],
		['worker', 'places', '#/register/places'],
		['worker', 'key-persons', '#/register/key-persons'],
		['worker', 'account', '#/account'],
		['head', 'issues', '#/issues'],
		['head', 'issue', () => '#/issues/1'],
		['head', 'dashboard-committee', '#/dashboard'],
		['head', 'admin-grids', '#/admin/grids'],
		['head', 'admin-policy', '#/admin/policy'],
		['head', 'admin-roster', '#/admin/roster'],
		['street', 'dashboard-street', '#/dashboard'],
		['district', 'dashboard-district', '#/dashboard'],
		['admin', 'admin-users', '#/admin/users'],
		['admin', 'admin-categories', '#/admin/categories'],
		['admin', 'admin-keys', '#/admin/keys'],
		['admin', 'admin-calendar', '#/admin/calendar'],
	];
	it('in English at 360 px: the same pages fit too', async () => {
		const pages = {};
		for (const [who, name, hash] of PAGES) {
			if (!hash) continue;
			if (!pages[who]) {
				pages[who] = await newPage(browser, 360);
				await pages[who].addInitScript(() => localStorage.setItem('sibai.lang', 'en'));
				await pages[who].goto(w.url + '/#/login');
				await pages[who].locator('input[name=username]').fill(w.users[who].username);
				await pages[who].locator('input[name=password]').fill(w.users[who].password);
				await pages[who].locator('form.login-form button[type=submit]').click();
				await pages[who].waitForFunction(() => !location.hash.startsWith('#/login'));
			}
			const page = pages[who];
			await go(page, w.url, typeof hash === 'function' ? hash() : hash);
			assert.equal(await page.getAttribute('html', 'lang'), 'en');
			assert.doesNotMatch(await page.locator('main h1').innerText(), /Something went wrong|No such page/, `${name}: an error page`);
			await assertNoOverflow(page, `${name} 360 en`);
			if (['plan', 'visit', 'issue', 'dashboard-street', 'register'].includes(name)) {
				if (name.startsWith('dashboard')) await page.locator('#chart-coverage .chart svg').waitFor();
				await shot(page, name + '-en');
			}
			assertNoErrors(page, `${name} en`);
		}
		for (const p of Object.values(pages)) await p.context().close();
	});

	for (const width of [360, 1440]) {
		it(`every main page at ${width} px: rendered, no overflow, no errors, a screenshot`, async () => {
			const pages = {};
			for (const [who, name, hash] of PAGES) {
				if (!pages[who]) {
					pages[who] = await newPage(browser, width);
					if (name === 'login') {
						await go(pages[who], w.url, '#/login');
						await assertNoOverflow(pages[who], `login ${width}`);
						await shot(pages[who], 'login');
					}
					await loginAs(pages[who], w.url, w.users[who]);
				}
				if (!hash) continue;
				const page = pages[who];
				await go(page, w.url, typeof hash === 'function' ? hash() : hash);
				assert.doesNotMatch(await page.locator('main h1').innerText(), /出错了|没有这个页面/, `${name}: an error page`);
				if (name.startsWith('dashboard')) {
					await page.locator('#chart-coverage .chart svg').waitFor();
					await page.locator('#chart-weeks .chart svg').waitFor();
					await page.locator('#kpi-issues').waitFor();
				}
				await assertNoOverflow(page, `${name} ${width}`);
				if (width === 360) await assertLabelled(page, name);
				await shot(page, name);
				assertNoErrors(page, `${name} ${width}`);
			}
			for (const p of Object.values(pages)) await p.context().close();
		});
	}
});
