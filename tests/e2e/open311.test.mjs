// Open311 GeoReport v2 at /open311/v2/: an Open311 client session — discovery,
// services, a request posted with an api_key (missing or wrong keys refused in
// Open311's own error format), read back in JSON and XML, followed to closed —
// plus where requests land, privacy of public reads and the admin's keys
// (docs/issues.md, "Open311").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, checkedFetch } from './lib/harness.mjs';
import { startRegister, COMMITTEES, STREET } from './lib/register-fixture.mjs';

/* A tiny XML reader for the flat documents Open311 answers: the text of
 * every <tag> element, in order. */
function xmlAll(text, tag) {
	const out = [];
	const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
	for (const m of text.matchAll(re)) out.push(m[1]);
	return out;
}
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
	.replace(/&apos;/g, "'").replace(/&amp;/g, '&');
function xmlOne(text, tag) {
	const all = xmlAll(text, tag);
	assert.equal(all.length, 1, `one <${tag}> in ${text.slice(0, 400)}`);
	return unescape(all[0]);
}
function assertXmlDoc(r, root) {
	assert.match(r.headers.get('content-type') || '', /^text\/xml; charset=utf-8$/, r.text);
	assert.ok(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), r.text.slice(0, 80));
	assert.ok(r.text.trimEnd().endsWith(`</${root}>`), `root ${root}: ${r.text.slice(-80)}`);
	assert.ok(r.text.includes(`<${root}>`), `root ${root}`);
}
/* Asserts an Open311 error in JSON: [{code, description}]. */
function assertO311Error(r, status) {
	assert.equal(r.status, status, r.text);
	assert.ok(Array.isArray(r.json), `an array: ${r.text}`);
	assert.equal(r.json.length, 1);
	assert.deepEqual(Object.keys(r.json[0]).sort(), ['code', 'description']);
	assert.equal(r.json[0].code, status);
	assert.ok(r.json[0].description.length > 0);
}
function assertO311XmlError(r, status) {
	assert.equal(r.status, status, r.text);
	assertXmlDoc(r, 'errors');
	assert.equal(xmlOne(r.text, 'code'), String(status));
	assert.ok(xmlOne(r.text, 'description').length > 0);
}

const REQUEST_FIELDS = ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long',
	'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status',
	'status_notes', 'updated_datetime', 'zipcode'];

describe('Open311 GeoReport v2', () => {
	// Errors the server itself gives on Open311 paths (no route, wrong method) come in
	// Open311's format as well, with the Allow header for a wrong method.
	let env, url, c, fx, key, keyId;
	const o311 = (method, path, opts) => api(url, method, `/open311/v2/${path}`, opts);
	const q = (params) => new URLSearchParams(params).toString();

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	it('discovery names the endpoint and its formats', async () => {
		const r = await o311('GET', 'discovery.json');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(Object.keys(r.json).sort(), ['changeset', 'contact', 'endpoints', 'key_service']);
		const e = r.json.endpoints[0];
		assert.equal(e.specification, 'http://wiki.open311.org/GeoReport_v2');
		assert.equal(e.url, `${url}/open311/v2`);
		assert.deepEqual(e.formats, ['text/xml', 'application/json']);
		const x = await o311('GET', 'discovery.xml');
		assert.equal(x.status, 200);
		assertXmlDoc(x, 'discovery');
		assert.deepEqual(xmlAll(x.text, 'format'), ['text/xml', 'application/json']);
		assert.equal(xmlOne(x.text, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
		assertO311Error(await o311('POST', 'discovery.json'), 405);
		assertO311XmlError(await o311('DELETE', 'discovery.xml'), 405);
	});

	it('lists the services in JSON and XML, and defines each', async () => {
		const r = await o311('GET', 'services.json');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.length, 11);
		const lift = r.json.find((s) => s.service_code === 'lift');
		assert.deepEqual(lift, { service_code: 'lift', service_name: '加装电梯/电梯维修', description: '加装电梯意愿、电梯故障与维修',
			metadata: false, type: 'realtime', keywords: 'Lifts: retrofitting and repair', group: '解百家忧' });
		const x = await o311('GET', 'services.xml');
		assertXmlDoc(x, 'services');
		assert.equal(xmlAll(x.text, 'service').length, 11);
		assert.deepEqual(xmlAll(x.text, 'service_code'), r.json.map((s) => s.service_code));
		assert.deepEqual(xmlAll(x.text, 'service_name').map(unescape), r.json.map((s) => s.service_name));
		const d = await o311('GET', 'services/noise.json');
		assert.equal(d.status, 200, d.text);
		assert.deepEqual(d.json, { service_code: 'noise', attributes: [] });
		const dx = await o311('GET', 'services/noise.xml');
		assertXmlDoc(dx, 'service_definition');
		assert.equal(xmlOne(dx.text, 'service_code'), 'noise');
		assertO311Error(await o311('GET', 'services/potholes.json'), 404);
		assertO311XmlError(await o311('GET', 'services/potholes.xml'), 404);
		assertO311Error(await o311('GET', 'services/noise.txt'), 404);
		assertO311Error(await o311('POST', 'services.json'), 405);
		assertO311XmlError(await o311('PUT', 'services.xml'), 405);
		assertO311Error(await o311('POST', 'services/noise.json'), 405);
	});

	it('an admin issues keys; they are shown once and kept hashed', async () => {
		assertError(await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.street, body: { name: 'x', street_code: STREET } }), 403, 'forbidden');
		assertError(await api(url, 'GET', '/api/v1/open311/keys', { cookie: c.workerA }), 403, 'forbidden');
		assertError(await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: 'x' } }), 400, 'bad_field', 'street_code');
		assertError(await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: 'x', street_code: COMMITTEES.A.code } }),
			400, 'bad_field', 'street_code');
		assertError(await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: 'x', street_code: STREET, scope: 1 } }),
			400, 'bad_field', 'scope');
		const r = await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: '普陀微信小程序', street_code: STREET } });
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.key, /^[A-Za-z0-9_-]{43}$/);
		assert.equal(r.json.disabled, false);
		assert.equal(r.json.last_used_at, null);
		key = r.json.key;
		keyId = r.json.id;
		assertError(await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: '普陀微信小程序', street_code: STREET } }),
			409, 'conflict', 'name');
		const l = await api(url, 'GET', '/api/v1/open311/keys', { cookie: c.admin });
		assert.equal(l.status, 200, l.text);
		assert.deepEqual(l.json.items.map((k) => k.name), ['普陀微信小程序']);
		assert.ok(!l.text.includes(key), 'the key is never listed');
		assert.deepEqual(Object.keys(l.json.items[0]).sort(), ['created_at', 'disabled', 'id', 'last_used_at', 'name', 'street_code']);
		assertError(await api(url, 'DELETE', '/api/v1/open311/keys/99999', { cookie: c.admin }), 404, 'not_found');
		assertError(await api(url, 'DELETE', `/api/v1/open311/keys/${keyId}`, { cookie: c.headA }), 403, 'forbidden');
	});

	it('refuses posts without a valid key or with bad parameters, in Open311\'s format, taking nothing in', async () => {
		const good = { api_key: key, service_code: 'noise', description: '夜间噪声', address_string: '普雄小区' };
		const { api_key: _, ...nokey } = good;
		assertO311Error(await o311('POST', `requests.json?${q(nokey)}`), 403);
		assertO311XmlError(await o311('POST', `requests.xml?${q(nokey)}`), 403);
		assertO311Error(await o311('POST', `requests.json?${q({ ...good, api_key: 'x'.repeat(43) })}`), 403);
		assertO311Error(await o311('POST', `requests.json?${q({ ...good, api_key: '' })}`), 403);
		const { service_code: __, ...nocode } = good;
		assertO311Error(await o311('POST', `requests.json?${q(nocode)}`), 400);
		assertO311Error(await o311('POST', `requests.json?${q({ ...good, service_code: 'potholes' })}`), 404);
		const { description: ___, ...nodesc } = good;
		assertO311Error(await o311('POST', `requests.json?${q(nodesc)}`), 400);
		assertO311Error(await o311('POST', `requests.json?${q({ ...good, description: '长'.repeat(2001) })}`), 400);
		const { address_string: ____, ...noplace } = good;
		assertO311Error(await o311('POST', `requests.json?${q(noplace)}`), 400);
		assertO311Error(await o311('POST', `requests.json?${q({ ...noplace, lat: '31.24' })}`), 400);
		assertO311Error(await o311('POST', `requests.json?${q({ ...noplace, lat: '91', long: '121.4' })}`), 400);
		assertO311Error(await o311('POST', `requests.json?${q({ ...good, phone: '12345' })}`), 400);
		assertO311Error(await o311('POST', 'requests.json', { raw: '[1]' }), 400);
		const none = await api(url, 'GET', '/api/v1/issues?channel=open311', { cookie: c.admin });
		assert.equal(none.json.total, 0, 'nothing was taken in');
	});

	let posted; // the request followed to closed

	it('posts a request that lands in the committee of the compound named in the address', async () => {
		const r = await o311('POST', `requests.json?${q({
			api_key: key, service_code: 'ebike_charging', description: '20号楼道有人飞线充电，很危险',
			address_string: '普陀区普雄小区20号301室', first_name: '小明', last_name: '王', phone: '13900001111',
			email: 'wang@example.com', device_id: 'wx-1', media_url: 'http://example.com/a.jpg',
		})}`);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.length, 1);
		assert.deepEqual(Object.keys(r.json[0]).sort(), ['account_id', 'service_notice', 'service_request_id']);
		assert.match(r.json[0].service_request_id, /^\d+$/);
		assert.match(r.json[0].service_notice, /SB-\d{4}-\d{6}/);
		assert.equal(r.json[0].account_id, null);
		posted = r.json[0].service_request_id;
		const i = await api(url, 'GET', `/api/v1/issues/${posted}`, { cookie: c.workerA });
		assert.equal(i.status, 200, i.text);
		assert.equal(i.json.channel, 'open311');
		assert.equal(i.json.committee_code, COMMITTEES.A.code);
		assert.equal(i.json.level, 'committee');
		assert.equal(i.json.compound_id, fx.compound('A1').id);
		assert.equal(i.json.building_id, fx.building('A1-20').id);
		assert.equal(i.json.address, '普陀区普雄小区20号301室');
		assert.equal(i.json.reporter_name, '王小明');
		assert.equal(i.json.reporter_phone, '139****1111');
		assert.ok(r.json[0].service_notice.includes(i.json.receipt_no));
		assert.equal(i.json.events[0].via, 'open311');
		assert.equal(i.json.events[0].user_id, null);
		assert.equal(i.json.events[0].username, 'open311:普陀微信小程序');
		const keys = await api(url, 'GET', '/api/v1/open311/keys', { cookie: c.admin });
		assert.notEqual(keys.json.items[0].last_used_at, null, 'the key was used');
		// a label inside a longer number does not match: 120号 is not 20号
		const b = await o311('POST', `requests.json?${q({ api_key: key, service_code: 'garbage', description: '垃圾', address_string: '普雄小区120号' })}`);
		assert.equal(b.status, 201, b.text);
		const bi = await api(url, 'GET', `/api/v1/issues/${b.json[0].service_request_id}`, { cookie: c.workerA });
		assert.equal(bi.json.compound_id, fx.compound('A1').id);
		assert.equal(bi.json.building_id, null);
	});

	it('a request that names no compound waits in the key\'s street, which places it', async () => {
		const r = await o311('POST', 'requests.json', {
			body: { api_key: key, service_code: 'sanitation', description: '路边垃圾堆放', lat: '31.2401234', long: '121.4305678' },
		});
		assert.equal(r.status, 201, r.text);
		const id = r.json[0].service_request_id;
		assertError(await api(url, 'GET', `/api/v1/issues/${id}`, { cookie: c.workerA }), 404, 'not_found');
		const s = await api(url, 'GET', `/api/v1/issues/${id}`, { cookie: c.street });
		assert.equal(s.status, 200, s.text);
		assert.equal(s.json.level, 'street');
		assert.equal(s.json.committee_code, null);
		assert.equal(s.json.street_code, STREET);
		assert.equal(s.json.lat, 31.2401234);
		// lat and long may come as JSON numbers too
		const num = await o311('POST', 'requests.json', {
			body: { api_key: key, service_code: 'sanitation', description: '路边垃圾堆放', lat: 31.2401234, long: 121.4305678 },
		});
		assert.equal(num.status, 201, num.text);
		const ni = await api(url, 'GET', `/api/v1/issues/${num.json[0].service_request_id}`, { cookie: c.street });
		assert.deepEqual([ni.json.lat, ni.json.long], [31.2401234, 121.4305678]);
		// as Open311 clients usually send it: a form body reaches the handler,
		// which reads its api_key (a wrong one here, so nothing is created)
		const form = await checkedFetch(`${url}/open311/v2/requests.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ api_key: 'not-a-key', service_code: 'sanitation', description: '路边垃圾堆放' }).toString(),
		});
		const formJson = await form.json();
		assert.equal(form.status, 403, JSON.stringify(formJson));
		assert.match(formJson[0].description, /api_key/);
		// the same form body on a sibai route is still refused (no form posts there)
		const plain = await checkedFetch(`${url}/api/v1/issues`, {
			method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: c.street }, body: 'description=x',
		});
		assert.equal(plain.status, 415);
		const queue = await api(url, 'GET', '/api/v1/issues?level=street&status=open', { cookie: c.street });
		assert.ok(queue.json.items.some((x) => String(x.id) === id));
		const step = (body) => api(url, 'POST', `/api/v1/issues/${id}/events`, { cookie: c.street, body });
		assertError(await step({ action: 'return', note: '请安全里居委会处理' }), 400, 'bad_field', 'committee_code');
		assertError(await step({ action: 'return', note: 'x', committee_code: '310107014001' }), 400, 'bad_field', 'committee_code');
		const back = await step({ action: 'return', note: '请安全里居委会处理', committee_code: COMMITTEES.B.code });
		assert.equal(back.status, 201, back.text);
		assert.equal(back.json.committee_code, COMMITTEES.B.code);
		assert.equal(back.json.level, 'committee');
		assert.equal((await api(url, 'GET', `/api/v1/issues/${id}`, { cookie: c.workerB })).status, 200);
		// the XML endpoint takes posts too
		const x = await o311('POST', `requests.xml?${q({ api_key: key, service_code: 'other', description: '<测试> & "引号"', address_string: '安全里公寓8号' })}`);
		assert.equal(x.status, 201, x.text);
		assertXmlDoc(x, 'service_requests');
		assert.match(xmlOne(x.text, 'service_request_id'), /^\d+$/);
		const xi = await api(url, 'GET', `/api/v1/issues/${xmlOne(x.text, 'service_request_id')}`, { cookie: c.workerB });
		assert.equal(xi.json.building_id, fx.building('B1-8').id);
		assert.equal(xi.json.description, '<测试> & "引号"');
	});

	it('reads a request back: publicly without personal data, in full with its key', async () => {
		const pub = await o311('GET', `requests/${posted}.json`);
		assert.equal(pub.status, 200, pub.text);
		assert.equal(pub.json.length, 1);
		const p = pub.json[0];
		assert.deepEqual(Object.keys(p).sort(), REQUEST_FIELDS);
		assert.equal(p.service_request_id, posted);
		assert.equal(p.status, 'open');
		assert.equal(p.service_code, 'ebike_charging');
		assert.equal(p.service_name, '非机动车充电/飞线充电');
		assert.equal(p.description, null);
		assert.equal(p.address, fx.compound('A1').name);
		assert.equal(p.service_notice, null);
		assert.equal(p.agency_responsible, '普雄路居委会');
		assert.match(p.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		assert.match(p.expected_datetime, /T23:59:59\+08:00$/, 'the end of the due day');
		for (const secret of ['王小明', '小明', '13900001111', '1111', '301室', '飞线充电，很危险', 'wang@example.com']) {
			assert.ok(!pub.text.includes(secret), `public read shows ${secret}`);
		}
		const own = await o311('GET', `requests/${posted}.json?api_key=${key}`);
		assert.equal(own.json[0].description, '20号楼道有人飞线充电，很危险');
		assert.equal(own.json[0].address, '普陀区普雄小区20号301室');
		assert.ok(!own.text.includes('13900001111') && !own.text.includes('王小明'), 'never the reporter');
		const x = await o311('GET', `requests/${posted}.xml`);
		assert.equal(x.status, 200);
		assertXmlDoc(x, 'service_requests');
		assert.equal(xmlAll(x.text, 'request').length, 1);
		assert.equal(xmlOne(x.text, 'service_request_id'), posted);
		assert.equal(xmlOne(x.text, 'status'), 'open');
		assert.equal(xmlOne(x.text, 'description'), '');
		assert.equal(xmlOne(x.text, 'service_code'), 'ebike_charging');
		// rounded location publicly, exact with the key
		const street = (await o311('GET', 'requests.json?service_code=sanitation')).json[0];
		assert.equal(street.lat, 31.24);
		assert.equal(street.long, 121.431);
		const exact = (await o311('GET', `requests.json?service_code=sanitation&api_key=${key}`)).json[0];
		assert.equal(exact.lat, 31.2401234);
		assertO311Error(await o311('GET', 'requests/999999.json'), 404);
		assertO311XmlError(await o311('GET', 'requests/999999.xml'), 404);
		assertO311Error(await o311('GET', 'requests/abc.json'), 404);
		assertO311Error(await o311('GET', `requests/${posted}.json?api_key=wrong`), 403);
		const counter = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA, body: { category: 'noise', description: '柜台受理', channel: 'office', committee_code: COMMITTEES.A.code },
		});
		assertO311Error(await o311('GET', `requests/${counter.json.id}.json`), 404);
	});

	it('lists requests with Open311\'s filters', async () => {
		const all = await o311('GET', 'requests.json');
		assert.equal(all.status, 200, all.text);
		assert.equal(all.json.length, 5, 'the Open311 requests only, not counter issues');
		const ids = all.json.map((r) => Number(r.service_request_id));
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		assert.deepEqual((await o311('GET', 'requests.json?service_code=ebike_charging,garbage')).json.map((r) => r.service_code).sort(),
			['ebike_charging', 'garbage']);
		assert.equal((await o311('GET', `requests.json?service_request_id=${posted}`)).json.length, 1);
		assert.equal((await o311('GET', 'requests.json?status=open')).json.length, 5);
		assert.equal((await o311('GET', 'requests.json?status=closed')).json.length, 0);
		assert.equal((await o311('GET', 'requests.json?start_date=2099-01-01T00:00:00Z')).json.length, 0);
		assert.equal((await o311('GET', `requests.json?end_date=${new Date(Date.now() + 60e3).toISOString()}`)).json.length, 5);
		const x = await o311('GET', 'requests.xml?status=open');
		assertXmlDoc(x, 'service_requests');
		assert.equal(xmlAll(x.text, 'request').length, 5);
		assertO311Error(await o311('GET', 'requests.json?status=pending'), 400);
		assertO311XmlError(await o311('GET', 'requests.xml?status=pending'), 400);
		assertO311Error(await o311('GET', 'requests.json?start_date=yesterday'), 400);
		assertO311Error(await o311('GET', 'requests.json?service_request_id=1,,2'), 400);
		assertO311Error(await o311('GET', 'requests.json?service_request_id=x'), 400);
		assertO311Error(await o311('GET', 'requests.json?api_key=wrong'), 403);
	});

	it('follows the request\'s status to closed', async () => {
		const status = async (withKey) => (await o311('GET', `requests/${posted}.json${withKey ? `?api_key=${key}` : ''}`)).json[0];
		const step = async (cookie, body) => {
			const r = await api(url, 'POST', `/api/v1/issues/${posted}/events`, { cookie, body });
			assert.equal(r.status, 201, r.text);
		};
		await step(c.workerA, { action: 'accept' });
		let s = await status(false);
		assert.equal(s.status, 'open');
		assert.match(s.status_notes, /已受理/);
		await step(c.headA, { action: 'escalate', reason: '需街道联合整治' });
		s = await status(false);
		assert.match(s.status_notes, /escalated to the street/);
		assert.equal(s.agency_responsible, '长寿路街道');
		await step(c.street, { action: 'accept' });
		await step(c.street, { action: 'resolve', note: '已拆除飞线，安装集中充电桩' });
		s = await status(false);
		assert.equal(s.status, 'closed');
		assert.ok(!s.status_notes.includes('充电桩'), 'the resolution only to the key');
		s = await status(true);
		assert.equal(s.status, 'closed');
		assert.match(s.status_notes, /已拆除飞线，安装集中充电桩/);
		await step(c.street, { action: 'close' });
		assert.equal((await status(false)).status, 'closed');
		assert.equal((await o311('GET', 'requests.json?status=closed')).json.length, 1);
	});

	it('a disabled key stops working at once', async () => {
		const d = await api(url, 'DELETE', `/api/v1/open311/keys/${keyId}`, { cookie: c.admin });
		assert.equal(d.status, 204, d.text);
		assertO311Error(await o311('POST', `requests.json?${q({ api_key: key, service_code: 'noise', description: 'x', address_string: 'y' })}`), 403);
		assertO311Error(await o311('GET', `requests.json?api_key=${key}`), 403);
		const l = await api(url, 'GET', '/api/v1/open311/keys', { cookie: c.admin });
		assert.equal(l.json.items[0].disabled, true);
		assert.equal((await o311('GET', 'requests.json')).json.length, 5, 'public reads go on');
	});
	// The points below are GeoReport v2 as clients read it (issue 13, part 7).

	it('discovery advertises the URL clients reach, behind a TLS proxy too', async () => {
		// GeoReport v2, service discovery: each endpoint's "url" is the URL of
		// the API endpoint, the one a client is to call; behind a proxy that ends
		// TLS that is https, on the host the proxy was asked for.
		const disco = async (headers) => {
			const r = await o311('GET', 'discovery.json', { headers });
			assert.equal(r.status, 200, r.text);
			return r.json.endpoints[0].url;
		};
		const host = new URL(url).host;
		assert.equal(await disco({}), `http://${host}/open311/v2`);
		assert.equal(await disco({ 'x-forwarded-proto': 'https' }), `https://${host}/open311/v2`);
		assert.equal(await disco({ forwarded: 'for=192.0.2.60;proto=https;host=sibai.putuo.gov.cn' }), 'https://sibai.putuo.gov.cn/open311/v2');
		// RFC 7239: quoted values, case-insensitive names, the first element is the client's
		assert.equal(await disco({ forwarded: 'For="[2001:db8::1]";Proto=HTTPS;Host="sibai.putuo.gov.cn:8443", for=10.0.0.1;proto=http;host=inner' }),
			'https://sibai.putuo.gov.cn:8443/open311/v2');
		// Forwarded wins over X-Forwarded-Proto
		assert.equal(await disco({ forwarded: 'proto=http', 'x-forwarded-proto': 'https' }), `http://${host}/open311/v2`);
		// anything else is ignored: other schemes, hosts with paths, spaces, bad ports
		assert.equal(await disco({ 'x-forwarded-proto': 'javascript' }), `http://${host}/open311/v2`);
		assert.equal(await disco({ forwarded: 'proto=ftp;host=evil.example/x' }), `http://${host}/open311/v2`);
		assert.equal(await disco({ forwarded: 'proto=https;host="a b"' }), `https://${host}/open311/v2`);
		assert.equal(await disco({ forwarded: 'host=example.org:99999' }), `http://${host}/open311/v2`);
		assert.equal(await disco({ forwarded: 'host="evil.example\\"' }), `http://${host}/open311/v2`);
		const x = await o311('GET', 'discovery.xml', { headers: { forwarded: 'proto=https;host=sibai.putuo.gov.cn' } });
		assert.equal(xmlOne(x.text, 'url'), 'https://sibai.putuo.gov.cn/open311/v2');
	});

	let formId;
	it('takes a request posted as a form (application/x-www-form-urlencoded)', async () => {
		// GeoReport v2, POST Service Request: the sample request is a POST whose
		// arguments are form-encoded in the body (api_key=…&service_code=…).
		const k = await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: '表单客户端', street_code: STREET } });
		assert.equal(k.status, 201, k.text);
		const r = await o311('POST', 'requests.json', {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			raw: new URLSearchParams({ api_key: k.json.key, service_code: 'noise', description: '夜间施工噪声 & 扰民',
				address_string: '普陀区普雄小区20号', first_name: '小红', phone: '13900002222' }).toString(),
		});
		assert.equal(r.status, 201, r.text);
		formId = r.json[0].service_request_id;
		assert.match(formId, /^\d+$/);
		const i = await api(url, 'GET', `/api/v1/issues/${formId}`, { cookie: c.workerA });
		assert.equal(i.status, 200, i.text);
		assert.equal(i.json.description, '夜间施工噪声 & 扰民');
		assert.equal(i.json.category, 'noise');
		assert.equal(i.json.compound_id, fx.compound('A1').id);
	});

	it('expected_datetime is the end of the due day, the day the notice names', async () => {
		// GeoReport v2: expected_datetime is "the date and time upon which the
		// service request is expected to be fulfilled"; the service_notice
		// names the same due day, so both must say its end (24:00 Shanghai).
		const k = await api(url, 'POST', '/api/v1/open311/keys', { cookie: c.admin, body: { name: '期限检查', street_code: STREET } });
		const post = await o311('POST', `requests.json?${q({ api_key: k.json.key, service_code: 'garbage', description: '垃圾清运', address_string: '普雄小区20号' })}`);
		assert.equal(post.status, 201, post.text);
		const id = post.json[0].service_request_id;
		const issue = (await api(url, 'GET', `/api/v1/issues/${id}`, { cookie: c.workerA })).json;
		assert.match(issue.due_date, /^\d{4}-\d{2}-\d{2}$/);
		assert.ok(post.json[0].service_notice.includes(`${issue.due_date} 24:00`), post.json[0].service_notice);
		assert.ok(post.json[0].service_notice.includes(`by the end of ${issue.due_date}`), post.json[0].service_notice);
		const got = (await o311('GET', `requests/${id}.json`)).json[0];
		assert.equal(got.expected_datetime, `${issue.due_date}T23:59:59+08:00`);
		// the same instant as the issue's deadline, less the one second
		assert.equal(Date.parse(issue.due_at) - Date.parse(got.expected_datetime), 1000);
		const x = await o311('GET', `requests/${id}.xml`);
		assert.equal(xmlOne(x.text, 'expected_datetime'), `${issue.due_date}T23:59:59+08:00`);
	});

	it('service_request_id overrides the other filters', async () => {
		// GeoReport v2, GET service requests: several service_request_id may be
		// given, comma-separated, and this "overrides all other arguments".
		// `posted` is closed, an ebike_charging request of this year; formId is noise.
		const want = [Number(posted), Number(formId)].sort((a, b) => a - b);
		const got = async (extra) => (await o311('GET', `requests.json?service_request_id=${posted},${formId}&${extra}`)).json
			.map((r) => Number(r.service_request_id)).sort((a, b) => a - b);
		assert.deepEqual(await got('status=open'), want);
		assert.deepEqual(await got('service_code=lift'), want);
		assert.deepEqual(await got('start_date=2099-01-01T00:00:00Z'), want);
		assert.deepEqual(await got('end_date=2000-01-01'), want);
		assert.deepEqual(await got('status=closed&service_code=lift&start_date=2099-01-01&end_date=2099-01-02'), want);
		// without the ids, the same filters do filter
		assert.equal((await o311('GET', 'requests.json?service_code=lift')).json.length, 0);
	});

	it('public reads carry CORS for any origin, read-only; posts and /api/v1 do not', async () => {
		// GeoReport v2 is meant for third-party applications (web pages among
		// them) to read service requests: public GETs say any origin may read
		// them, without credentials; a POST needs its api_key and gets no CORS.
		const origin = { origin: 'https://map.example.org' };
		for (const path of ['discovery.json', 'discovery.xml', 'services.json', 'services/noise.xml', 'requests.json',
			`requests/${formId}.json`, 'requests.xml?status=open']) {
			const r = await o311('GET', path, { headers: origin });
			assert.equal(r.status, 200, `${path}: ${r.text}`);
			assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
			assert.equal(r.headers.get('access-control-allow-credentials'), null, path);
		}
		// an Open311 error on a GET is readable too
		assert.equal((await o311('GET', 'services/potholes.json', { headers: origin })).headers.get('access-control-allow-origin'), '*');
		const post = await o311('POST', 'requests.json', {
			headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' }, raw: 'api_key=not-a-key&service_code=noise',
		});
		assert.equal(post.status, 403, post.text);
		assert.equal(post.headers.get('access-control-allow-origin'), null);
		for (const path of ['/api/v1/me', '/api/v1/issues', '/api/v1/openapi.yaml']) {
			const r = await api(url, 'GET', path, { cookie: c.admin, headers: origin });
			assert.equal(r.headers.get('access-control-allow-origin'), null, path);
		}
	});
});
