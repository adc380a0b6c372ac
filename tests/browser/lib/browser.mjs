// Chromium through playwright-core: Debian's /usr/bin/chromium, headless,
// no network beyond the test server.  Helpers to log in and to save
// screenshots into test-results/screenshots/ (printed at the end).

import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { REPO } from '../../e2e/lib/harness.mjs';

export const SHOTS = path.join(REPO, 'test-results', 'screenshots');

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** A page WIDTH px wide.  The browser's own time zone is London on purpose:
 * the UI must show Asia/Shanghai times whatever the machine says.  Console errors and page errors
 * are collected in page.errors (a 401 before login is expected and left out).
 * serviceWorkers: 'block' keeps web/sw.js out (page.route then sees every request). */
export async function newPage(browser, width, { height = 900, serviceWorkers = 'allow' } = {}) {
	const ctx = await browser.newContext({
		viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Europe/London', deviceScaleFactor: 1, serviceWorkers,
	});
	const page = await ctx.newPage();
	page.setDefaultTimeout(10000);
	page.errors = [];
	page.on('pageerror', (e) => page.errors.push('pageerror: ' + e.message));
	page.on('console', (m) => {
		if (m.type() !== 'error') return;
		if (/status of 40[0149]/.test(m.text())) return; // API answers the UI shows itself
		page.errors.push('console: ' + m.text());
	});
	// nothing from outside the test server
	await ctx.route((url) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(url.href) && !url.href.startsWith('data:') && !url.href.startsWith('blob:'),
		(route) => {
			page.errors.push('outside request: ' + route.request().url());
			return route.abort();
		});
	return page;
}

/** Logs in through the login page and waits for the landing page. */
export async function loginAs(page, url, user, { next } = {}) {
	await page.goto(url + '/#/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
	await page.locator('input[name=username]').fill(user.username);
	await page.locator('input[name=password]').fill(user.password);
	await page.locator('form.login-form button[type=submit]').click();
	await page.waitForFunction(() => !location.hash.startsWith('#/login'));
	await settle(page);
}

/** Waits until the view finished rendering (no aria-busy, no "loading"). */
export async function settle(page) {
	await page.waitForFunction(() => {
		const m = document.getElementById('main');
		return m && !m.hasAttribute('aria-busy') && m.dataset.rendered === location.hash && m.querySelector('h1');
	}, null, { timeout: 15000 });
}

/** Clicks a link (LOCATOR) to another view and waits for that view. */
export async function follow(page, locator) {
	const href = await locator.getAttribute('href');
	await locator.click();
	await page.waitForFunction((h) => location.hash === h, href);
	await settle(page);
}

/** Goes to HASH and waits for the view. */
export async function go(page, url, hash) {
	await page.goto(url + '/' + hash);
	await settle(page);
}

/** Asserts nothing is wider than the viewport (no sideways scrolling). */
export async function assertNoOverflow(page, what) {
	const r = await page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const wide = [];
		for (const el of document.querySelectorAll('main *, header *')) {
			const b = el.getBoundingClientRect();
			if (b.width > 0 && b.right > w + 1 && getComputedStyle(el).position !== 'fixed') {
				if (el.closest('.table-scroll, .chart, details:not([open])')) continue;
				wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(b.right)}`);
			}
		}
		return { w, sw: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
	});
	assert.ok(r.sw <= r.w + 1 && r.wide.length === 0, `${what}: wider than ${r.w}px (scrollWidth ${r.sw}): ${r.wide.join('; ')}`);
}

/** Asserts every form control on the page has a label (a <label>, or
 * aria-label / aria-labelledby) and every button a name. */
export async function assertLabelled(page, what) {
	const bad = await page.evaluate(() => {
		const out = [];
		for (const el of document.querySelectorAll('input, select, textarea')) {
			if (el.type === 'hidden') continue;
			const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
			if (!named) out.push(`${el.tagName.toLowerCase()}[name=${el.name}]`);
		}
		for (const b of document.querySelectorAll('button, a[href]')) {
			if (!(b.textContent.trim() || b.getAttribute('aria-label'))) out.push(`${b.tagName.toLowerCase()} without a name`);
		}
		return out;
	});
	assert.deepEqual(bad, [], `${what}: controls without a label`);
}

const saved = [];
/** Saves a full-page screenshot NAME-WIDTH.png. */
export async function shot(page, name) {
	fs.mkdirSync(SHOTS, { recursive: true });
	const w = page.viewportSize().width;
	const file = path.join(SHOTS, `${name}-${w}.png`);
	// charts render on first layout: give them a frame or two
	await page.waitForTimeout(150);
	await page.screenshot({ path: file, fullPage: true });
	saved.push(file);
	// a value printed as text where a person reads ("null" under a meeting's
	// votes, issue 18's "null" under search results): never
	const stray = await page.evaluate(() => {
		const out = [];
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		while (walk.nextNode()) {
			const t = walk.currentNode.nodeValue.trim();
			if (['null', 'undefined', 'NaN', '[object Object]'].includes(t)) out.push(`${t} in <${walk.currentNode.parentNode.nodeName.toLowerCase()}>`);
		}
		return out;
	});
	assert.deepEqual(stray, [], `${name} (${w} px): a value printed as text`);
	return file;
}

/** The screenshots saved by this process. */
export function savedShots() {
	return [...saved];
}

/** Fails with the page's errors if there were any. */
export function assertNoErrors(page, what) {
	assert.deepEqual(page.errors, [], `${what}: errors in the page`);
}
