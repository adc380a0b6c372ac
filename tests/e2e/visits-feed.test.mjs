// The plan as a calendar (docs/visits.md, "Today's plan"): a secret feed URL
// that needs no login, parsed here by an independent iCalendar parser
// (ical.js), replaced by posting again and revoked by DELETE.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ICAL from 'ical.js';
import { api, assertError } from './lib/harness.mjs';
import { startVisits, buildPlanFixture, addDays, FEED_TODAY } from './lib/visits-fixture.mjs';

describe('visits: the calendar feed', () => {
	let w, fx, T, u;

	before(async () => {
		w = await startVisits();
		try {
			fx = await buildPlanFixture(w);
		} catch (e) {
			e.message += `\n--- server stderr (tail) ---\n${w.server.stderrText().slice(-3000)}`;
			throw e;
		}
		({ T, users: u } = fx);
	});
	after(async () => {
		if (w) await w.stop();
	});

	/** GETs a feed path with no cookie at all. */
	const fetchFeed = (path) => api(w.url, 'GET', path);

	/** The VEVENTs of an iCalendar text, by ical.js. */
	function events(text) {
		const cal = new ICAL.Component(ICAL.parse(text));
		assert.equal(cal.name, 'vcalendar');
		assert.equal(cal.getFirstPropertyValue('version'), '2.0');
		assert.ok(cal.getFirstPropertyValue('prodid'), 'PRODID is required (RFC 5545 3.6)');
		return cal.getAllSubcomponents('vevent').map((c) => {
			const e = new ICAL.Event(c);
			return { c, e, summary: e.summary, start: e.startDate, end: e.endDate, uid: e.uid };
		});
	}
	const ymd = (t) => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

	let first;

	it('POST gives a secret path; the feed needs no login and holds one all-day event per due household', async () => {
		const r = await w.ok('POST', '/api/v1/me/calendar-feed', { cookie: u.w1.cookie, status: 201 });
		assert.equal(typeof r.token, 'string');
		assert.ok(r.token.length >= 32, `a long token: ${r.token}`);
		assert.equal(r.path, `/api/v1/feeds/${r.token}.ics`);
		first = r;

		const f = await fetchFeed(r.path);
		assert.equal(f.status, 200, f.text);
		assert.match(f.headers.get('content-type') || '', /^text\/calendar\b/i);
		assert.ok(f.text.includes('\r\n'), 'lines end in CRLF');
		for (const line of f.text.split('\r\n')) {
			assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `a line over 75 octets: ${JSON.stringify(line)}`);
		}
		const evs = events(f.text);
		// one event per household, on the day it is due (overdue ones today)
		const want = Object.entries(FEED_TODAY).map(([k, d]) => ({ key: k, h: fx.H[k], day: addDays(T, d) }));
		assert.equal(evs.length, want.length,
			`${want.length} events (${want.map((x) => x.key).join(' ')}), got: ${evs.map((e) => e.summary).join(' | ')}`);
		const uids = new Set();
		for (const x of want) {
			const mine = evs.filter((e) => e.summary.includes(x.h.address));
			assert.equal(mine.length, 1, `one event names ${x.key} (${x.h.address}): ${evs.map((e) => e.summary).join(' | ')}`);
			const ev = mine[0];
			assert.equal(ev.start.isDate, true, `${x.key}: DTSTART is a DATE (all day)`);
			assert.equal(ymd(ev.start), x.day, `${x.key}: on the day it is due`);
			if (ev.end) {
				assert.equal(ev.end.isDate, true, `${x.key}: DTEND is a DATE`);
				assert.equal(ymd(ev.end), addDays(x.day, 1), `${x.key}: one day long`);
			}
			assert.ok(ev.uid, `${x.key}: a UID`);
			assert.ok(!uids.has(ev.uid), `${x.key}: its own UID`);
			uids.add(ev.uid);
			assert.ok(ev.c.getFirstPropertyValue('dtstamp'), `${x.key}: a DTSTAMP (RFC 5545 3.6.1)`);
		}
		// not in it: too far ahead, moved out, another grid
		for (const k of ['P8', 'P10', 'P11', 'P13']) {
			assert.ok(!evs.some((e) => e.summary.includes(fx.H[k].address)), `${k} is not in the feed`);
		}
	});

	it('an address with characters iCalendar escapes comes back whole', async () => {
		// a household whose room holds a comma and a semicolon, placed in w1's grid
		const h = await w.household(fx.buildings.b2, '7,8;9');
		await w.ok('PATCH', `/api/v1/grids/${fx.grids.g1.id}`, {
			cookie: u.headA.cookie, body: { household_ids: [h.id] },
		});
		const f = await fetchFeed(first.path);
		assert.equal(f.status, 200);
		const evs = events(f.text);
		assert.equal(evs.filter((e) => e.summary.includes(h.address)).length, 1,
			`the event of "${h.address}": ${evs.map((e) => e.summary).join(' | ')}`);
	});

	it('a wrong or malformed token is 404; the feed does not take a session instead', async () => {
		const bad = first.token.slice(0, -1) + (first.token.endsWith('A') ? 'B' : 'A');
		assertError(await fetchFeed(`/api/v1/feeds/${bad}.ics`), 404, 'not_found');
		assertError(await fetchFeed(`/api/v1/feeds/${first.token}`), 404, 'not_found');
		assertError(await fetchFeed('/api/v1/feeds/x.ics'), 404, 'not_found');
		assertError(await api(w.url, 'GET', `/api/v1/feeds/${bad}.ics`, { cookie: u.w1.cookie }), 404, 'not_found');
	});

	it('POST again replaces the URL: the old one is 404, the new one works', async () => {
		const r = await w.ok('POST', '/api/v1/me/calendar-feed', { cookie: u.w1.cookie, status: 201 });
		const old = first;
		first = r;
		assert.notEqual(r.token, old.token);
		assertError(await fetchFeed(old.path), 404, 'not_found');
		const f = await fetchFeed(r.path);
		assert.equal(f.status, 200);
		// the fixture's and the one added above
		assert.equal(events(f.text).length, Object.keys(FEED_TODAY).length + 1);
	});

	it('each user has their own feed', async () => {
		const r = await w.ok('POST', '/api/v1/me/calendar-feed', { cookie: u.w2.cookie, status: 201 });
		const evs = events((await fetchFeed(r.path)).text);
		assert.deepEqual(evs.map((e) => e.summary.includes(fx.H.P13.address)), [true], 'w2 sees P13 only');
		assert.equal(ymd(evs[0].start), T);
		// w1's feed is untouched by w2's
		assert.equal((await fetchFeed(first.path)).status, 200);
	});

	it('DELETE revokes it: the URL is 404 from then on', async () => {
		const r = await w.req('DELETE', '/api/v1/me/calendar-feed', { cookie: u.w1.cookie });
		assert.equal(r.status, 204, r.text);
		assertError(await fetchFeed(first.path), 404, 'not_found');
		// a feed needs a session to make or revoke
		assertError(await w.req('POST', '/api/v1/me/calendar-feed', { cookie: null }), 401, 'unauthorized');
		assertError(await w.req('DELETE', '/api/v1/me/calendar-feed', { cookie: null }), 401, 'unauthorized');
	});

	it('a disabled user\'s feed stops working', async () => {
		const r = await w.ok('POST', '/api/v1/me/calendar-feed', { cookie: u.workerB.cookie, status: 201 });
		assert.equal((await fetchFeed(r.path)).status, 200);
		await w.ok('PATCH', `/api/v1/users/${u.workerB.id}`, { body: { disabled: true } });
		assertError(await fetchFeed(r.path), 404, 'not_found');
	});
});
