// Issue 18: paper for the field.  The day's walking list (the plan in
// walking order with the residents' names, why each is due, the last visit,
// a box to tick, a line for notes) and the household visit sheets, at 360 px
// and on A4 (print media, and a PDF).  The sheets are read back: their
// headings and printed household cells, taken from the page, with the
// blanks filled as a worker would, make a file the visit import takes; the
// visits land on the sheets' households.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { startWorld, api, COMMITTEES, todayShanghai } from './lib/seed.mjs';
import { launch, newPage, loginAs, settle, follow, go, shot, assertNoOverflow, assertNoErrors, savedShots, SHOTS } from './lib/browser.mjs';

// A4's printable width at 96 px per inch with the 12 mm margins of web/print.css
const A4_WIDTH = Math.floor((210 - 24) / 25.4 * 96);

function addDays(d, n) {
	const t = new Date(d + 'T00:00:00Z');
	t.setUTCDate(t.getUTCDate() + n);
	return t.toISOString().slice(0, 10);
}

describe('the printed walking list and visit sheets', () => {
	let w, browser;
	const T = todayShanghai();

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	const asWorker = (method, p, opts = {}) => api(w.url, method, p, { cookie: w.cookies.worker, ...opts });
	async function plan() {
		const r = await asWorker('GET', `/api/v1/me/plan?date=${T}`);
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.length >= 3, 'the worker has a day to walk');
		return r.json.items;
	}
	async function livingNames(id) {
		const r = await asWorker('GET', `/api/v1/households/${id}`);
		assert.equal(r.status, 200, r.text);
		return r.json.members.filter((m) => m.status === 'living').map((m) => m.name);
	}

	/** Prints PAGE: print media at A4's width, no sideways overflow, a screenshot, a PDF of PAGES pages at most. */
	async function onA4(page, name, maxPages) {
		await page.emulateMedia({ media: 'print' });
		await page.setViewportSize({ width: A4_WIDTH, height: 1000 });
		assert.equal(await page.locator('header.topbar').isVisible(), false, 'the top bar is not printed');
		assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false, 'the print button is not printed');
		await assertNoOverflow(page, `${name} on A4`);
		await shot(page, `${name}-print`);
		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		fs.writeFileSync(path.join(SHOTS, `${name}.pdf`), pdf);
		const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
		assert.ok(pages >= 1 && pages <= maxPages, `${name}: ${pages} A4 pages`);
		await page.emulateMedia({ media: 'screen' });
		return pages;
	}

	it('the walking list: the plan in walking order, the residents, why due, the last visit, a box and a line (360 px, A4)', async () => {
		const items = await plan();
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		await follow(page, page.getByRole('link', { name: '打印走访单' }));
		await page.getByRole('heading', { level: 1, name: `走访单 · ${T}` }).waitFor();

		const rows = page.locator('.walk-item');
		assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.household))), items.map((i) => i.household_id), 'in the plan\'s walking order');
		// the buildings in walking order, each once
		const buildings = [...new Set(items.map((i) => `${i.compound} ${i.building}`))];
		assert.deepEqual(await page.locator('.walk-building').allInnerTexts(), buildings);
		for (const [k, it] of items.entries()) {
			const row = rows.nth(k);
			assert.match(await row.locator('.c-room').innerText(), new RegExp(`^(室：)?${it.room}\\s`));
			const people = await row.locator('.c-people').innerText();
			const names = await livingNames(it.household_id);
			for (const n of names) assert.ok(people.includes(n), `${it.address}: ${n} is on the list (${people})`);
			if (!names.length) assert.match(people, /无在住居民/);
			const whyText = await row.locator('.c-why').innerText();
			assert.match(whyText, it.reason === 'never_visited' ? /从未走访/ : it.reason === 'follow_up' ? /约定跟进/ : new RegExp(`每 ${it.interval_days} 天一访`));
			assert.match(await row.locator('.c-last').innerText(), new RegExp(it.last_visit_on || '—'));
			assert.equal(await row.locator('.box').count(), 1, 'a box to tick');
			assert.equal(await row.locator('.c-notes .write-line').count(), 1, 'a line for notes');
		}
		await assertNoOverflow(page, 'walking list at 360 px');
		await shot(page, 'walk-list');
		const pages = await onA4(page, 'walk-list', Math.ceil(items.length / 8) + 1);
		assert.ok(pages >= 1);
		assertNoErrors(page, 'walking list');
		await page.context().close();
	});

	it('the day\'s visit sheets are read back by the visit import: their headings and households from the page, the blanks filled by hand', async () => {
		const items = await plan();
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await follow(page, page.getByRole('link', { name: '打印走访登记表' }));
		await page.getByRole('heading', { level: 1, name: `走访登记表 · ${T}` }).waitFor();
		await assertNoOverflow(page, 'visit sheets at 360 px');
		await shot(page, 'visit-sheets');

		// what the paper says: each sheet's headings (the left column, as
		// printed) and the cells printed on it; the channel's printed choices
		const sheets = await page.locator('.sheet').evaluateAll((ss) => ss.map((s) => ({
			household: Number(s.dataset.household),
			title: s.querySelector('h2').textContent,
			met: [...s.querySelectorAll('.met')].map((m) => m.textContent.trim()),
			rows: [...s.querySelectorAll('.sheet-fields tr')].map((tr) => ({
				heading: tr.querySelector('th').firstChild.textContent.trim(),
				printed: tr.querySelector('td.given')?.textContent.trim() ?? null,
				choices: [...tr.querySelectorAll('.choice')].map((c) => c.textContent.trim()),
			})),
		})));
		assert.deepEqual(sheets.map((s) => s.household), items.map((i) => i.household_id), 'a sheet per household of the day, in walking order');
		for (const [k, s] of sheets.entries()) {
			assert.equal(s.title, items[k].address);
			const printed = Object.fromEntries(s.rows.filter((r) => r.printed !== null).map((r) => [r.heading, r.printed]));
			assert.deepEqual(printed, { 小区: items[k].compound, 楼号: items[k].building, 室号: items[k].room }, 'the household as the import finds it');
		}
		const headings = sheets[0].rows.map((r) => r.heading);
		assert.deepEqual(headings, ['小区', '楼号', '室号', '走访时间', '方式', '望', '闻', '问', '切', '跟进日期', '服务']);
		const choices = sheets[0].rows.find((r) => r.heading === '方式').choices;
		assert.deepEqual(choices, ['入户', '电话', '路遇', '来访', '线上']);

		// two sheets filled in by hand, then typed: a line each, the columns as printed
		const yesterday = addDays(T, -1);
		const filled = [
			{ s: sheets[0], 走访时间: `${yesterday} 10:30`, 方式: choices[0], 望: '见到老人本人，家中整洁', 切: '楼道灯坏了', 服务: '政策宣传、测血压' },
			{ s: sheets[2], 走访时间: `${yesterday} 14:05`, 方式: choices[1], 闻: '说最近睡得不好', 跟进日期: addDays(T, 7) },
		];
		const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
		const lines = [headings.join(',')];
		for (const f of filled) lines.push(f.s.rows.map((r) => cell(r.printed ?? f[r.heading] ?? '')).join(','));
		const csv = lines.join('\r\n') + '\r\n';
		const before = new Map();
		for (const s of sheets) before.set(s.household, (await asWorker('GET', `/api/v1/visits?household_id=${s.household}&limit=50`)).json.items.length);

		const r = await asWorker('POST', `/api/v1/imports/visits?committee_code=${COMMITTEES.A.code}`, { raw: csv, headers: { 'content-type': 'text/csv' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.rejected, 0, r.text);
		assert.equal(r.json.inserted, 2, r.text);

		for (const f of filled) {
			const v = (await asWorker('GET', `/api/v1/visits?household_id=${f.s.household}&limit=50`)).json.items;
			assert.equal(v.length, before.get(f.s.household) + 1, `${f.s.title}: one visit more`);
			const got = v.find((x) => r.json.lines.some((l) => l.id === x.id));
			assert.ok(got, `${f.s.title}: the imported visit is this household's`);
			assert.equal(got.household_id, f.s.household);
			assert.equal(got.channel, f.方式 === '入户' ? 'home' : 'phone');
			assert.equal(got.visited_at, new Date(`${f.走访时间.replace(' ', 'T')}:00+08:00`).toISOString().replace(/\.000Z$/, 'Z'));
			assert.equal(got.observed ?? null, f.望 ?? null);
			assert.equal(got.heard ?? null, f.闻 ?? null);
			assert.equal(got.needs ?? null, f.切 ?? null);
			assert.equal(got.follow_up_on ?? null, f.跟进日期 ?? null);
			if (f.服务) assert.deepEqual(got.services, ['政策宣传', '测血压']);
		}
		// the sheets not filled in: no visit
		for (const s of sheets.filter((x) => !filled.some((f) => f.s === x))) {
			assert.equal((await asWorker('GET', `/api/v1/visits?household_id=${s.household}&limit=50`)).json.items.length, before.get(s.household), `${s.title}: untouched`);
		}

		const pages = await onA4(page, 'visit-sheets', sheets.length);
		assert.ok(pages >= Math.ceil(sheets.length / 3), `${pages} pages for ${sheets.length} sheets`);
		assertNoErrors(page, 'visit sheets');
		await page.context().close();
	});

	it('one household\'s sheet from its page, in English too: the English headings are read back as well', async () => {
		const items = await plan();
		const it0 = items[1];
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/households/${it0.household_id}`);
		await follow(page, page.getByRole('link', { name: '打印走访登记表' }));
		await page.getByRole('heading', { level: 1, name: `走访登记表 · ${it0.address}` }).waitFor();
		const given = await page.locator('.sheet td.given').allInnerTexts();
		assert.deepEqual(given, [it0.compound, it0.building, it0.room]);
		const names = await livingNames(it0.household_id);
		for (const n of names) await page.locator('.sheet .met', { hasText: n }).waitFor();
		await assertNoOverflow(page, 'a household\'s sheet at 360 px');

		await page.getByRole('button', { name: 'English' }).click();
		await page.getByRole('heading', { level: 1, name: `Visit sheet · ${it0.address}` }).waitFor();
		await settle(page);
		const headings = await page.locator('.sheet th').evaluateAll((ths) => ths.map((th) => th.firstChild.textContent.trim()));
		assert.deepEqual(headings, ['compound', 'building', 'room', 'visited_at', 'channel', 'observed', 'heard', 'asked', 'needs', 'follow_up_on', 'services']);
		const channel = (await page.locator('.sheet .choice').allInnerTexts())[2];
		const at = `${addDays(T, -2)} 11:00`;
		const row = headings.map((hd) => ({ compound: it0.compound, building: it0.building, room: it0.room, visited_at: at, channel, observed: 'met at the gate' }[hd] ?? ''));
		const r = await asWorker('POST', `/api/v1/imports/visits?committee_code=${COMMITTEES.A.code}`, {
			raw: [headings.join(','), row.join(',')].join('\n') + '\n', headers: { 'content-type': 'text/csv' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, 1, r.text);
		const v = (await asWorker('GET', `/api/v1/visits?household_id=${it0.household_id}&limit=50`)).json.items;
		const got = v.find((x) => x.id === r.json.lines[0].id);
		assert.ok(got, 'the visit is on the household of the sheet');
		assert.equal(got.channel, 'street');
		assert.equal(got.observed, 'met at the gate');
		await onA4(page, 'household-sheet', 1);
		assertNoErrors(page, 'a household\'s sheet');
		await page.context().close();
	});

	it('a sheet of a household outside the worker\'s committee is not found; a date that is not one prints today', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		await go(page, w.url, `#/households/${w.fx.household('h8-501').id}/sheet`);
		await page.getByText('找不到这条记录，或已不归您负责').waitFor();
		assert.equal(await page.locator('.sheet').count(), 0);
		assert.doesNotMatch(await page.locator('main').innerText(), /安全里公寓|not_found|404/);
		await go(page, w.url, '#/plan/print?date=2026-02-30x');
		await page.getByRole('heading', { level: 1, name: `走访单 · ${T}` }).waitFor();
		assert.equal(await page.locator('.walk-item').count(), (await plan()).length);
		await page.context().close();
	});
});
