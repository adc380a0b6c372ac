// The contract check itself (tests/e2e/lib/contract.mjs), on answers made up
// here: it must take what the spec describes and refuse what it does not,
// naming method, path, status and why.  Starts no server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResponse, matchPath } from './lib/contract.mjs';

const JSON_CT = 'application/json; charset=utf-8';
const check = (method, path, status, body, contentType = JSON_CT) =>
	checkResponse({ method, path, status, contentType, body, count: false });
const notFound = JSON.stringify({ error: { code: 'not_found', message: 'not found', message_zh: '未找到', field: null } });

test('a literal path wins over a template', () => {
	assert.equal(matchPath('/api/v1/me/password').tpl, '/api/v1/me/password');
	assert.equal(matchPath('/open311/v2/requests.json?x=1').tpl, '/open311/v2/requests.json');
	assert.equal(matchPath('/open311/v2/requests/12.json').tpl, '/open311/v2/requests/{file}');
	assert.equal(matchPath('/nope'), null);
	// as the router: a method the literal path lacks goes to the template
	assert.equal(matchPath('/api/v1/grids/unassigned', 'GET').tpl, '/api/v1/grids/unassigned');
	assert.equal(matchPath('/api/v1/grids/unassigned', 'PATCH').tpl, '/api/v1/grids/{id}');
	assert.equal(matchPath('/api/v1/grids/unassigned', 'PUT').tpl, '/api/v1/grids/unassigned');
});

test('takes documented answers', () => {
	assert.equal(check('GET', '/healthz', 200, JSON.stringify({ status: 'ok', schema_version: 9 })), 'ok');
	assert.equal(check('GET', '/api/v1/users/999', 404, notFound), 'ok');
	assert.equal(check('GET', '/metrics', 200, 'x 1\n', 'text/plain; version=0.0.4; charset=utf-8'), 'ok');
	assert.equal(check('GET', '/api/v1/no-such-thing', 404, notFound), 'unknown-path');
	assert.equal(check('GET', '/app.js', 200, 'x', 'text/javascript'), 'outside');
	assert.equal(check('GET', '/../secret.txt', 400, notFound.replace('not_found', 'bad_path')), 'unknown-path');
});

test('refuses a body the schema does not allow, naming method, path, status and the error', () => {
	assert.throws(() => check('GET', '/healthz', 200, JSON.stringify({ status: 'ok', schema_version: 9, extra: 1 })),
		(e) => /GET \/healthz → 200/.test(e.message) && /additional/i.test(e.message));
	assert.throws(() => check('GET', '/healthz', 200, 'not json'), /not JSON/);
});

test('refuses an undocumented status, media type or unknown path', () => {
	assert.throws(() => check('GET', '/healthz', 418, notFound), /status 418 is not documented/);
	assert.throws(() => check('GET', '/metrics', 200, 'x 1', 'text/html'), /Content-Type "text\/html" is not documented/);
	assert.throws(() => check('GET', '/api/v1/no-such-thing', 200, '{}'), /matches no path/);
	assert.throws(() => check('DELETE', '/healthz', 200, '{}'), /documents no DELETE/);
	assert.throws(() => check('GET', '/missing.js', 404, 'not found', 'text/plain'), /Content-Type/);
});

test('a documented header that is required must be sent, and valid', () => {
	const notAllowed = JSON.stringify({ error: { code: 'method_not_allowed', message: 'x', message_zh: 'y', field: null } });
	const call = (allow) => checkResponse({ method: 'POST', path: '/healthz', status: 405, contentType: JSON_CT,
		body: notAllowed, header: (n) => (n.toLowerCase() === 'allow' ? allow : null), count: false });
	assert.equal(call('GET'), 'ok');
	assert.throws(() => call(null), /no Allow header/);
});
