// Issue 16: the checking list (核查) on a phone.  The street sends down a
// file; a worker of 普雄路 opens the checking list at 360 px, marks a changed
// person confirmed (the register takes the new phone) and, from a missing
// person's household page, marks her moved away; the head sees the progress
// per committee; the import view offers the mapping step for a file whose
// headers it does not know.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES, STREET } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, settle, shot, assertNoOverflow, assertNoErrors, assertLabelled } from './lib/browser.mjs';

const A = COMMITTEES.A.code;

describe('the checking list on a phone', () => {
	let w, browser, checkId, r03, r02;
	const newPhone = '13912340003';

	before(async () => {
		w = await startWorld();
		browser = await launch();
		r03 = w.fx.resident('r03');
		r02 = w.fx.resident('r02');
		const r01 = w.fx.resident('r01');
		const file = '居委会,小区,楼号,室号,姓名,身份证号,手机\r\n'
			+ `普雄路居委会,${r01.compoundName},${r01.label},${r01.room},${r01.name},${r01.id_number},\r\n`
			+ `普雄路居委会,${r03.compoundName},${r03.label},${r03.room},${r03.name},${r03.id_number},${newPhone}\r\n`;
		const r = await api(w.url, 'POST', `/api/v1/checks?area=${STREET}&file_name=11月下沉.csv`, {
			cookie: w.cookies.street, raw: file, headers: { 'content-type': 'text/csv' },
		});
		assert.equal(r.status, 201, r.text);
		checkId = r.json.check.id;
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
	});

	it('a worker opens the list at 360 px and confirms a changed person', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, '#/checks');
		await page.getByRole('heading', { name: '人口数据核查' }).waitFor();
		await page.getByRole('link', { name: '11月下沉.csv' }).click();
		await settle(page);
		const card = page.locator('.check-item', { hasText: r03.name });
		await card.getByText('信息有变').waitFor();
		assert.match(await card.innerText(), /电话：\s*\S+\s*→\s*139\*{4}0003/);
		await assertNoOverflow(page, 'checking list 360');
		await assertLabelled(page, 'checking list 360');
		await shot(page, 'checking-list');
		await card.getByLabel('备注').fill('上门核实，号码已换');
		await card.getByRole('button', { name: '确认' }).click();
		const done = page.locator('.check-item.state-confirmed', { hasText: r03.name });
		await done.getByText('已确认').waitFor();
		assert.match(await done.innerText(), /上门核实，号码已换/);
		const res = await api(w.url, 'GET', `/api/v1/residents/${r03.id}`, { cookie: w.cookies.worker });
		assert.equal(res.json.phone, '139****0003', 'the register has the confirmed phone');
		assertNoErrors(page, 'checking list');
	});

	it('from a missing person\'s household page, the worker marks her moved away', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/households/${r02.household_id}`);
		const section = page.locator('.household-checks');
		const card = section.locator('.check-item', { hasText: r02.name });
		await card.getByText('文件中缺少').waitFor();
		await assertNoOverflow(page, 'household checks 360');
		await card.getByRole('button', { name: '已迁出' }).click();
		await section.locator('.check-item.state-moved_away').waitFor();
		const res = await api(w.url, 'GET', `/api/v1/residents/${r02.id}`, { cookie: w.cookies.worker });
		assert.equal(res.json.status, 'moved_out');
		assertNoErrors(page, 'household checks');
	});

	it('the head sees the progress per committee', async () => {
		for (const width of [360, 1440]) {
			const page = await newPage(browser, width);
			await loginAs(page, w.url, w.users.head);
			await go(page, w.url, `#/checks/${checkId}`);
			const row = page.locator(`.check-progress li[data-committee="${A}"]`).first();
			await row.waitFor();
			const text = await row.innerText();
			assert.match(text, new RegExp(COMMITTEES.A.name));
			assert.match(text, /已确认 1/);
			assert.match(text, /已迁出 1/);
			await assertNoOverflow(page, `progress ${width}`);
			await shot(page, 'checking-progress');
			assertNoErrors(page, `progress ${width}`);
		}
	});

	it('the street uploads a file through the page: the mapping step, a dry run, then the list', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.street);
		await go(page, w.url, '#/checks');
		const r01 = w.fx.resident('r01');
		const file = '所属居委,小区,楼号,室号,户主名,性别\r\n'
			+ `普雄路居委会,${r01.compoundName},${r01.label},${r01.room},${r01.name},男\r\n`
			+ '普雄路居委会,普雄小区,20号,101,新来的人,女\r\n';
		await page.locator('input[name=file]').setInputFiles({ name: '街道下发.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
		const who = page.getByLabel('“户主名”对应的字段');
		await who.waitFor();
		assert.equal(await page.getByLabel('“所属居委”对应的字段').inputValue(), 'committee', 'the 居委会 column comes chosen');
		await who.selectOption('name');
		await page.getByLabel('只比对，不生成清单').check();
		await page.getByRole('button', { name: '比对' }).click();
		await page.getByText(/共 2 行，新增 1 人/).waitFor();
		assert.equal((await api(w.url, 'GET', '/api/v1/checks', { cookie: w.cookies.street })).json.items.length, 1, 'a dry run makes no list');
		await page.getByLabel('只比对，不生成清单').uncheck();
		await page.getByRole('button', { name: '比对' }).click();
		await page.getByRole('link', { name: '查看清单' }).click();
		await settle(page);
		const added = page.locator('.check-item', { hasText: '新来的人' });
		await added.waitFor();
		assert.match(await added.innerText(), /新增/);
		assert.match(await added.innerText(), /性别 女/, 'the values of the file in words, not codes');
		assert.equal((await api(w.url, 'GET', '/api/v1/checks', { cookie: w.cookies.street })).json.items.length, 2);
		const m = await api(w.url, 'GET', `/api/v1/import-mappings?area=${STREET}`, { cookie: w.cookies.street });
		assert.equal(m.json.items[0].mapping['户主名'], 'name', 'the street\'s choice is remembered');
		await shot(page, 'checking-uploaded');
		assertNoErrors(page, 'street upload');
	});

	it('the import view maps the columns of a file with unknown headers, and remembers them', async () => {
		const page = await newPage(browser, 360);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/register/import');
		const file = '所在院落,楼,房间,住户姓名\r\n普雄小区,20号,101,映射甲\r\n';
		await page.locator('input[name=file]').setInputFiles({ name: 'office.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
		const pick = page.getByLabel('“所在院落”对应的字段');
		await pick.waitFor();
		assert.equal(await pick.inputValue(), 'ignore');
		await pick.selectOption('compound');
		await page.getByLabel('“房间”对应的字段').selectOption('room');
		await page.getByLabel('“住户姓名”对应的字段').selectOption('name');
		assert.equal(await page.getByLabel('“楼”对应的字段').inputValue(), 'building', 'a known header comes chosen');
		await assertNoOverflow(page, 'mapping 360');
		await assertLabelled(page, 'mapping 360');
		await shot(page, 'import-mapping');
		await page.locator('form button[type=submit]').click();
		await page.locator('.import-report').getByText(/1/).first().waitFor();
		const m = await api(w.url, 'GET', `/api/v1/import-mappings?area=${A}`, { cookie: w.cookies.head });
		assert.equal(m.json.items.length, 1, 'the mapping is remembered');
		assert.equal(m.json.items[0].mapping['所在院落'], 'compound');
		assertNoErrors(page, 'mapping');
	});
});
