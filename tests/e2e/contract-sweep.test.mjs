// Every operation of docs/openapi.yaml, called with what a careless or
// hostile client sends (no session, a low role, ids that are not ids or do
// not exist, bad values of the documented query parameters, empty, broken
// and non-object JSON, a body that is not JSON, HEAD),
// answers with a status and body its operation documents (the harness's
// contract check, tests/e2e/lib/contract.mjs, fails the request otherwise)
// and never with a 5xx; a method a path does not have answers 405 with an
// Allow header that names the ones it has.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO, tmpdir, initDb, startServer, api, login, addUser, rawRequest } from './lib/harness.mjs';
import { matchPath } from './lib/contract.mjs';

const spec = YAML.parse(fs.readFileSync(path.join(REPO, 'docs', 'openapi.yaml'), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// for each path parameter: a plausible value, one that names nothing, garbage
const PARAM_VALUES = {
	id: ['1', '999999', 'abc'],
	code: ['310107015028', '3101', 'abc'],
	date: ['2026-01-01', '2026-13-45', 'abc'],
	file: ['1.json', '999999.xml', 'abc.txt'],
	token: ['x'.repeat(43), 'abc', '-'],
};
// each documented query parameter, one at a time: garbage, empty, too long
const BAD_VALUES = ['abc%25%00', '', 'x'.repeat(300)];

/** The names of the query parameters OP documents. */
function queryParams(pathItem, op) {
	const resolve = (p) => (p.$ref ? p.$ref.split('/').reduce((n, k) => (k === '#' ? spec : n[k]), null) : p);
	return [...(pathItem.parameters || []), ...(op.parameters || [])].map(resolve)
		.filter((p) => p.in === 'query').map((p) => p.name);
}

describe('contract sweep: every operation, malformed requests', () => {
	let server;
	const cookies = {};

	before(async () => {
		const dir = await tmpdir();
		const { db, adminPassword } = await initDb(dir);
		addUser(db, { username: 'sweep_worker', role: 'worker', scope: '310107015028', password: 'worker-pass-123' });
		server = await startServer({ db });
		cookies.none = undefined;
		cookies.worker = await login(server.url, 'sweep_worker', 'worker-pass-123');
		cookies.admin = await login(server.url, 'admin', adminPassword);
	});
	after(async () => {
		if (server) await server.stop();
	});

	for (const [tpl, item] of Object.entries(spec.paths)) {
		const others = METHODS.filter((x) => !item[x]);
		it(`${tpl}: the methods it does not have answer 405 with Allow`, async () => {
			const param = /\{([^}]+)\}/.exec(tpl)?.[1];
			const u = tpl.replace(/\{[^}]+\}/g, param ? (PARAM_VALUES[param] ?? PARAM_VALUES.id)[0] : '');
			for (const m of others) {
				const M = m.toUpperCase();
				// the router gives the method to another template (PATCH /grids/unassigned is /grids/{id})
				if (matchPath(u, M).tpl !== tpl) continue;
				const r = await api(server.url, M, u, { cookie: cookies.admin, body: m === 'get' || m === 'delete' ? undefined : {} });
				assert.equal(r.status, 405, `${M} ${u}: ${r.status} ${r.text.slice(0, 200)}`);
				const allow = (r.headers.get('allow') || '').split(/,\s*/).filter(Boolean).sort();
				const want = METHODS.filter((x) => item[x]).map((x) => x.toUpperCase()).sort();
				for (const w of want) assert.ok(allow.includes(w), `${M} ${u}: Allow ${JSON.stringify(allow)} lacks ${w}`);
			}
		});
		for (const m of METHODS.filter((x) => item[x])) {
			const M = m.toUpperCase();
			it(`${M} ${tpl}`, async () => {
				const param = /\{([^}]+)\}/.exec(tpl)?.[1];
				const values = param ? (PARAM_VALUES[param] ?? PARAM_VALUES.id) : [''];
				// logging out as admin would end the session the other calls use
				const who = M === 'DELETE' && tpl === '/api/v1/session'
					? { none: undefined, worker: await login(server.url, 'sweep_worker', 'worker-pass-123') }
					: cookies;
				const seen = [];
				const call = async (u, opts) => {
					const r = await api(server.url, M, u, opts);
					seen.push(`${r.status} ${u}`);
					assert.ok(r.status < 500, `${M} ${u} → ${r.status}: ${r.text.slice(0, 300)}`);
				};
				for (const v of values) {
					const u = tpl.replace(/\{[^}]+\}/g, v);
					for (const [role, cookie] of Object.entries(who)) {
						if (m === 'get') {
							await call(u, { cookie });
							for (const name of queryParams(item, item[m])) {
								for (const bad of BAD_VALUES) await call(`${u}?${name}=${bad}`, { cookie });
							}
							if (role !== 'none') {
								const h = await rawRequest(server.port, { method: 'HEAD', path: u, headers: { Cookie: cookie } });
								assert.ok(h.status < 500, `HEAD ${u} → ${h.status}`);
							}
						} else {
							await call(u, { cookie, body: m === 'delete' ? undefined : {} });
							await call(u, { cookie, raw: '{"broken' });
							await call(u, { cookie, raw: '[]' });
							await call(u, { cookie, raw: 'a=1', headers: { 'content-type': 'text/plain' } });
						}
					}
				}
				assert.ok(seen.length > 0);
			});
		}
	}
});
