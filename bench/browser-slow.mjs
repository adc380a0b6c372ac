// The web UI on a cheap phone over a slow network (issue 18, item 3):
// Playwright drives Debian's Chromium (as tests/browser does) with Chromium's
// own throttling through the DevTools protocol — 400 ms round trip,
// 400 kbit/s down and up, the CPU slowed 4× — and measures what a worker
// waits for:
//   start       opening the app: the login page shown
//   plan        from tapping 登录 to the plan usable (its list on screen)
//   campaign    opening a campaign's page from a link (a full page load)
//   dashboard   from tapping 看板 (a head, after login) to its first chart drawn
// each on a first visit (a fresh browser profile: nothing cached) and again
// (the same profile, logged in afresh).  The service worker is kept out: the
// DevTools throttling applies to the page, not to a worker, which would make
// its fetches look free.  Not part of `make test` (timings depend on the
// machine).
//
//   node bench/browser-slow.mjs [--web DIR] [--runs N]
//   SIBAI_BIN=build/release/sibai node bench/browser-slow.mjs --web /tmp/main-web   # another web/
//   node bench/browser-slow.mjs --runs 1 --trace   # also each request of the measured spans
//                                                   # (ms from the tap: start–end, bytes on the wire, URL)
//
// The server is `sibai serve` on a fresh database with the browser suite's
// world (tests/browser/lib/seed.mjs) and a campaign of committee A.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { startWorld, api, COMMITTEES } from '../tests/browser/lib/seed.mjs';
import { launch } from '../tests/browser/lib/browser.mjs';
import { REPO } from '../tests/e2e/lib/harness.mjs';

const { values: opt } = parseArgs({ options: { web: { type: 'string' }, runs: { type: 'string', default: '3' }, trace: { type: 'boolean', default: false } } });
const WEB = path.resolve(opt.web || path.join(REPO, 'web'));
const RUNS = Math.max(1, Number(opt.runs) || 3);
const SLOW = { offline: false, latency: 400, downloadThroughput: 400000 / 8, uploadThroughput: 400000 / 8 };
const TIMEOUT = 180000;

async function slowPage(browser) {
	const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
	const page = await ctx.newPage();
	page.setDefaultTimeout(TIMEOUT);
	const cdp = await ctx.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', SLOW);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	if (opt.trace) {
		// --trace: the requests of each measured span (times as Node sees the
		// protocol's events, ms from the span's start)
		const reqs = new Map();
		page.trace = null;
		cdp.on('Network.requestWillBeSent', (e) => reqs.set(e.requestId, { url: e.request.url, t0: Date.now() }));
		cdp.on('Network.loadingFinished', (e) => {
			const r = reqs.get(e.requestId);
			if (r && page.trace && r.t0 >= page.trace.from && !r.url.startsWith('data:')) {
				page.trace.lines.push(`  ${r.t0 - page.trace.from}–${Date.now() - page.trace.from} ms ${e.encodedDataLength} B ${r.url.replace(/^https?:\/\/[^/]+/, '')}`);
			}
		});
	}
	return page;
}

/** Opens the login page and logs in: answers [ms to the login form, ms from the tap to READY(page)]. */
async function login(page, url, user, ready) {
	await page.goto('about:blank'); // a full page load, not a hash change
	const t = Date.now();
	await page.goto(url + '/#/login', { timeout: TIMEOUT, waitUntil: 'commit' });
	await page.locator('input[name=username]').waitFor({ timeout: TIMEOUT });
	const start = Date.now() - t;
	await page.locator('input[name=username]').fill(user.username);
	await page.locator('input[name=password]').fill(user.password);
	const t0 = Date.now();
	traceStart(page, 'login → plan', t0);
	await page.locator('form.login-form button[type=submit]').click();
	await ready(page);
	traceEnd(page, t0);
	return [start, Date.now() - t0];
}

/** Opens HASH by a full page load; answers ms until the view is shown. */
async function load(page, url, hash) {
	await page.goto('about:blank');
	const t0 = Date.now();
	await page.goto(url + '/' + hash, { timeout: TIMEOUT, waitUntil: 'commit' });
	await page.waitForFunction(campaignShown, hash, { timeout: TIMEOUT, polling: 50 });
	return Date.now() - t0;
}

const planReady = (page) => page.waitForFunction(() => {
	const m = document.getElementById('main');
	return m && m.dataset.rendered === location.hash && location.hash.startsWith('#/plan') && m.querySelector('.plan-item, .plan .empty');
}, null, { timeout: TIMEOUT, polling: 50 });

function traceStart(page, label, from) {
	if (opt.trace) page.trace = { label, from, lines: [] };
}

function traceEnd(page, from) {
	if (!opt.trace) return;
	console.log(`${page.trace.label}: ${Date.now() - from} ms`);
	console.log(page.trace.lines.join('\n'));
	page.trace = null;
}

async function timeTo(page, hash, ready) {
	const t0 = Date.now();
	traceStart(page, hash, t0);
	await page.evaluate((x) => { location.hash = x; }, hash);
	await page.waitForFunction(ready, hash, { timeout: TIMEOUT, polling: 50 });
	traceEnd(page, t0);
	return Date.now() - t0;
}

const firstChart = () => !!document.querySelector('.chart svg, .chart canvas');
const campaignShown = (hash) => {
	const m = document.getElementById('main');
	return m && m.dataset.rendered === hash && !m.hasAttribute('aria-busy') && !!m.querySelector('h1');
};

async function logout(page) {
	await page.evaluate(() => fetch('/api/v1/session', { method: 'DELETE', headers: { 'Content-Type': 'application/json' } }));
}

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function main() {
	const w = await startWorld({ web: WEB });
	const c = await api(w.url, 'POST', '/api/v1/campaigns', {
		cookie: w.cookies.head,
		body: { committee_code: COMMITTEES.A.code, name: '口罩预约', unit: 'household', filter: {}, fields: [{ key: 'booked', label: '已预约', type: 'yes_no' }, { key: 'receipt', label: '回执号', type: 'text' }] },
	});
	if (c.status !== 201) throw new Error('campaign: ' + c.text);
	const campHash = `#/campaigns/${c.json.id}`;
	const browser = await launch();
	const rows = {};
	for (const k of ['start', 'plan', 'campaign', 'dashboard']) rows[k] = { first: [], again: [] };
	const visit = async (page, user, when) => {
		const [start, plan] = await login(page, w.url, user, planReady);
		rows.start[when].push(start);
		rows.plan[when].push(plan);
	};
	try {
		for (let r = 0; r < RUNS; r++) {
			// a worker: the app, the plan, then a campaign's page from a link
			let page = await slowPage(browser);
			await visit(page, w.users.worker, 'first');
			rows.campaign.first.push(await load(page, w.url, campHash));
			await logout(page);
			await visit(page, w.users.worker, 'again');
			rows.campaign.again.push(await load(page, w.url, campHash));
			await page.context().close();
			// a head: the dashboard's first chart
			page = await slowPage(browser);
			await login(page, w.url, w.users.head, planReady);
			rows.dashboard.first.push(await timeTo(page, '#/dashboard', firstChart));
			await logout(page);
			await login(page, w.url, w.users.head, planReady);
			rows.dashboard.again.push(await timeTo(page, '#/dashboard', firstChart));
			await page.context().close();
		}
	} finally {
		await browser.close();
		await w.server.stop();
	}
	const s = (ms) => (ms / 1000).toFixed(1) + ' s';
	console.log(`web: ${path.relative(process.cwd(), WEB) || '.'} · 400 ms RTT, 400 kbit/s, CPU 4× · median of ${RUNS}`);
	console.log('| page | first visit | again |');
	console.log('|---|---|---|');
	for (const [name, label] of [['start', 'app start (login page)'], ['plan', 'plan usable after login'], ['campaign', 'campaign page (full load)'], ['dashboard', 'dashboard, first chart']]) {
		console.log(`| ${label} | ${s(median(rows[name].first))} | ${s(median(rows[name].again))} |`);
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
