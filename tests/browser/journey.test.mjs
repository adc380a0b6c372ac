// The journey of issue 6: a worker opens today's plan, records a visit and
// opens an issue from it; the secretary escalates it; the street resolves
// it and records the resident's feedback; the dashboards' numbers move.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startWorld, api } from './lib/seed.mjs';
import { launch, newPage, loginAs, go, follow, settle, shot, assertNoOverflow, assertNoErrors, savedShots, SHOTS } from './lib/browser.mjs';

describe('the journey: plan → visit → issue → escalate → resolve → feedback', () => {
	let w, browser;
	const kpi = (page, id) => page.locator(`#${id} .kpi-value`).innerText();
	const kpiSub = (page, id) => page.locator(`#${id} .kpi-sub`).innerText();
	const before_ = {};
	let issueId, receiptNo;
	/** Opens the step form of ACTION (its <details>) and answers the form. */
	const step = async (page, action) => {
		const form = page.locator(`form[data-action=${action}]`);
		if (!(await form.isVisible())) await page.locator('details.step', { has: form }).locator('summary').click();
		await form.waitFor();
		return form;
	};

	before(async () => {
		w = await startWorld();
		browser = await launch();
	});
	after(async () => {
		if (browser) await browser.close();
		if (w) await w.server.stop();
		console.log(`screenshots (${savedShots().length}) in ${SHOTS}`);
	});

	it('the dashboards before: nothing visited, no issues', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/dashboard');
		before_.visited = await kpiSub(page, 'kpi-visited');
		assert.match(before_.visited, /^0 户$/);
		await page.locator('#kpi-issues').waitFor();
		assert.equal(await kpi(page, 'kpi-issues'), '0');
		await page.context().close();
	});

	it('a worker opens today\'s plan (360 px), records a visit and opens an issue from it', async () => {
		const page = await newPage(browser, 360, { height: 740 });
		await loginAs(page, w.url, w.users.worker);
		// lands on the plan, in walking order, with the reception duty
		assert.match(page.url(), /#\/plan$/);
		await page.getByRole('heading', { level: 1, name: '今日走访' }).waitFor();
		await page.getByText('今天您在首问接待岗').waitFor();
		const rooms = await page.locator('.plan-item .room').allInnerTexts();
		assert.deepEqual(rooms, ['101', '301', '401', '402', '502', '601', '201', '602'], 'walking order');
		await assertNoOverflow(page, 'plan 360');
		await shot(page, 'journey-plan');

		// 301: 张桂兰, 独居老人
		const item = page.locator('.plan-item', { has: page.locator('.room', { hasText: /^301$/ }) });
		await follow(page, item.locator('.plan-link'));
		await page.getByRole('heading', { level: 1, name: '普雄小区 20号 301' }).waitFor();
		await page.getByText('张桂兰').waitFor();
		await page.getByText('138****1014').waitFor(); // masked
		await assertNoOverflow(page, 'household 360');
		await shot(page, 'journey-household');

		await follow(page, page.locator('.actions a', { hasText: '记走访' }).first());
		await page.getByRole('heading', { level: 1, name: '记录走访' }).waitFor();
		// a few taps: the channel is 入户 already, the one member is ticked
		assert.ok(await page.getByLabel('入户').isChecked());
		assert.ok(await page.getByLabel('张桂兰').isChecked());
		await page.getByRole('button', { name: '行动不便' }).click();
		await page.getByRole('button', { name: '需要助餐' }).click();
		await page.getByRole('textbox', { name: '闻 · 听到的' }).fill('说楼道灯坏了，晚上不敢下楼');
		await page.getByText('送餐', { exact: true }).click();
		await page.getByRole('button', { name: '一周后' }).click();
		await assertNoOverflow(page, 'visit 360');
		await shot(page, 'journey-visit');
		await page.getByRole('button', { name: '保存走访' }).click();
		await page.getByRole('heading', { name: '走访已记录' }).waitFor();

		const visits = await api(w.url, 'GET', `/api/v1/visits?household_id=${w.fx.household('h20-301').id}`, { cookie: w.cookies.worker });
		assert.equal(visits.json.items.length, 1);
		const v = visits.json.items[0];
		assert.equal(v.channel, 'home');
		assert.equal(v.observed, '行动不便');
		assert.equal(v.needs, '需要助餐');
		assert.equal(v.heard, '说楼道灯坏了，晚上不敢下楼');
		assert.deepEqual(v.services, ['送餐']);
		assert.deepEqual(v.residents_met, [w.fx.resident('r03').id]);
		assert.ok(v.follow_up_on, 'follow-up date');

		await follow(page, page.getByRole('link', { name: '由本次走访登记诉求' }));
		await page.getByLabel('类别').selectOption('repairs');
		await page.getByLabel('诉求内容').fill('20号楼道灯坏了，独居老人晚上不敢下楼');
		assert.ok(await page.getByLabel('走访').isChecked(), 'channel: visit');
		await page.getByRole('button', { name: '受理并出回执' }).click();
		await page.getByRole('heading', { name: '受理回执' }).waitFor();
		receiptNo = (await page.locator('#receipt-no').innerText()).trim();
		assert.match(receiptNo, /^SB-\d{4}-\d{6}$/);
		await assertNoOverflow(page, 'receipt 360');
		await shot(page, 'journey-issue-receipt');

		const list = await api(w.url, 'GET', `/api/v1/issues?receipt_no=${receiptNo}`, { cookie: w.cookies.worker });
		assert.equal(list.json.items.length, 1, list.text);
		const issue = list.json.items[0];
		issueId = issue.id;
		assert.equal(issue.household_id, w.fx.household('h20-301').id);
		assert.equal(issue.resident_id, w.fx.resident('r03').id);
		assert.equal(issue.channel, 'visit');
		assert.equal(issue.category, 'repairs');
		assert.equal(issue.level, 'committee');
		// times in Asia/Shanghai (the browser itself runs on London time)
		const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(new Date(issue.created_at)).map((x) => [x.type, x.value]));
		assert.equal(await page.locator('.receipt-card time').first().innerText(), `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`);
		const v2 = await api(w.url, 'GET', `/api/v1/visits/${v.id}`, { cookie: w.cookies.worker });
		assert.deepEqual(v2.json.issue_ids, [issueId], 'the visit names the issue it opened');
		// the household page now lists it as open
		await go(page, w.url, `#/households/${w.fx.household('h20-301').id}`);
		await page.locator('.issue-list .receipt', { hasText: receiptNo }).waitFor();
		assertNoErrors(page, 'worker');
		await page.context().close();
	});

	it('the secretary sees it in the committee queue and escalates it with a reason (1440 px)', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/issues');
		await page.locator('.issue-item .receipt', { hasText: receiptNo }).waitFor();
		await assertNoOverflow(page, 'issues 1440');
		await shot(page, 'journey-issues');
		await follow(page, page.locator('.issue-item', { hasText: receiptNo }).locator('a'));
		await page.getByRole('heading', { level: 1, name: new RegExp(receiptNo) }).waitFor();
		const form = await step(page, 'escalate');
		// the reason is required: the error shows next to the field
		await form.getByRole('button', { name: '上报上一级' }).click();
		await form.locator('[data-field=reason] .field-error').filter({ hasText: /\S/ }).waitFor();
		await form.getByLabel('上报理由').fill('楼道照明属公共部位维修，需街道协调房管所');
		await form.getByRole('button', { name: '上报上一级' }).click();
		await page.locator('.issue-badges .badge', { hasText: '街道' }).waitFor();
		await page.locator('.timeline .event-escalate').waitFor();
		await assertNoOverflow(page, 'issue 1440');
		await shot(page, 'journey-issue');
		const r = await api(w.url, 'GET', `/api/v1/issues/${issueId}`, { cookie: w.cookies.head });
		assert.equal(r.json.level, 'street');
		assertNoErrors(page, 'secretary');
		await page.context().close();
	});

	it('the street accepts and resolves it; the resident gives feedback through the link', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.street);
		assert.match(page.url(), /#\/dashboard$/);
		await go(page, w.url, '#/issues');
		// the street's own queue is the default one
		await page.locator('.tabs a[aria-current=page]', { hasText: '街道' }).waitFor();
		await follow(page, page.locator('.issue-item', { hasText: receiptNo }).locator('a'));
		const accept = await step(page, 'accept');
		await accept.getByRole('button', { name: '受理' }).click();
		await page.locator('.issue-badges .badge', { hasText: '已受理' }).waitFor();

		const resolve = await step(page, 'resolve');
		await resolve.getByLabel('办理结果').fill('已联系房管所更换楼道灯，并为张阿姨安排助餐');
		await resolve.getByRole('button', { name: '办结' }).click();
		await page.locator('.issue-badges .badge', { hasText: '已办结' }).waitFor();
		// the one-time feedback link for the resident
		const link = await page.locator('#fb-url').inputValue();
		assert.match(link, /\/#\/feedback\/[A-Za-z0-9_-]{20,}$/);

		assertNoErrors(page, 'street');
		await page.context().close();

		// the resident opens the link on their phone (no login) and gives feedback
		const res = await newPage(browser, 360, { height: 740 });
		await res.goto(link);
		await settle(res);
		await res.getByRole('heading', { level: 1, name: '办理评价' }).waitFor();
		await res.getByText('物业维修（普雄小区）').waitFor(); // the summary names no person or room
		assert.doesNotMatch(await res.locator('main').innerText(), /张桂兰|301/);
		await assertNoOverflow(res, 'feedback 360');
		await shot(res, 'journey-feedback');
		await res.getByText('非常满意').click();
		await res.getByLabel('居民意见').fill('灯修好了，谢谢');
		await res.getByRole('button', { name: '提交评价' }).click();
		await res.getByText('谢谢您的评价！').waitFor();
		assertNoErrors(res, 'resident');
		await res.context().close();
		const r = await api(w.url, 'GET', `/api/v1/issues/${issueId}`, { cookie: w.cookies.street });
		assert.equal(r.json.status, 'resolved');
		assert.equal(r.json.satisfaction, 5);
		assert.equal(r.json.feedback_comment, '灯修好了，谢谢');
	});

	it('the dashboards\' numbers moved', async () => {
		const page = await newPage(browser, 1440);
		await loginAs(page, w.url, w.users.head);
		await go(page, w.url, '#/dashboard');
		assert.match(await kpiSub(page, 'kpi-visited'), /^1 户$/);
		await page.locator('#kpi-issues').waitFor();
		assert.equal(await kpi(page, 'kpi-issues'), '1');
		await page.context().close();

		const st = await newPage(browser, 1440);
		await loginAs(st, w.url, w.users.street);
		await st.locator('#kpi-issues').waitFor();
		assert.equal(await kpi(st, 'kpi-issues'), '1');
		assert.equal(await kpi(st, 'kpi-ontime-rate'), '100.0%');
		assert.equal(await kpi(st, 'kpi-satisfaction'), '5.0');
		assert.match(await kpiSub(st, 'kpi-visited'), /^1 户$/);
		// the charts drew, each with its table
		await st.locator('#chart-coverage .chart svg').waitFor();
		await st.locator('#chart-issue-status .chart svg').waitFor();
		assert.ok(await st.locator('#chart-coverage table').count() === 1);
		await assertNoOverflow(st, 'street dashboard 1440');
		await shot(st, 'journey-dashboard-street');
		assertNoErrors(st, 'street dashboard');
		await st.context().close();
	});
});
