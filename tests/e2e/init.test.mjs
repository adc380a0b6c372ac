// `sibai init` and `sibai user …`: the command line an operator uses to set
// up a database and manage accounts.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import {
	tmpdir, sibai, describeRun, initDb, addUser, startServer, api, login,
	writeSecretFile, divisions, uniqueName,
} from './lib/harness.mjs';

/** Starts a server on DB, runs FN(server), and stops the server even when FN throws. */
async function withServer(db, fn) {
	const server = await startServer({ db });
	try {
		await fn(server);
	} finally {
		await server.stop();
	}
}

describe('sibai init', () => {
	let dir, db, key, keyBytes;
	const adminPassword = 'init-admin-pass-1';

	before(async () => {
		dir = await tmpdir();
	});

	it('creates the database and a 32-byte key file readable only by its owner', async () => {
		({ db, key } = await initDb(dir, { adminPassword }));
		assert.ok(fs.statSync(db).isFile(), 'database file exists');
		const st = fs.statSync(key);
		assert.equal(st.size, 32, 'key file is 32 bytes');
		assert.equal(st.mode & 0o777, 0o600, `key file mode is ${(st.mode & 0o777).toString(8)}`);
		keyBytes = fs.readFileSync(key);
	});

	it('loads the Shanghai divisions', async () => {
		await withServer(db, async (server) => {
			const cookie = await login(server.url, 'admin', adminPassword);
			const r = await api(server.url, 'GET', '/api/v1/areas/310107', { cookie });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.code, '310107');
			assert.equal(r.json.name, '普陀区');
			assert.equal(r.json.level, 'district');
			assert.equal(r.json.parent_code, '31');
			assert.ok(Array.isArray(r.json.children), `children is a list: ${r.text}`);
			const street = r.json.children.find((c) => c.code === '310107015');
			assert.ok(street, `children include 310107015: ${r.text}`);
			assert.equal(street.name, '长寿路街道');
			assert.equal(street.level, 'street');
			const expected = divisions().filter((d) => d.parent_code === '310107').map((d) => d.code).sort();
			assert.deepEqual(r.json.children.map((c) => c.code), expected, 'children are all the streets of 普陀区, by code');
		});
	});

	it('a second run changes nothing and prints no password', async () => {
		const args = ['init', '--db', db];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		assert.match(r.stdout + r.stderr, /nothing (to )?chang|unchanged|already|up[ -]to[ -]date/i,
			`says nothing changed: ${describeRun(args, r)}`);
		assert.doesNotMatch(r.stdout, /password:/i, describeRun(args, r));
		assert.deepEqual(fs.readFileSync(key), keyBytes, 'key file bytes unchanged');
		assert.equal(fs.statSync(key).mode & 0o777, 0o600);
		// the admin password was not reset and the divisions are there once
		await withServer(db, async (server) => {
			const cookie = await login(server.url, 'admin', adminPassword);
			const a = await api(server.url, 'GET', '/api/v1/areas/310107015', { cookie });
			assert.equal(a.status, 200, a.text);
			assert.equal(a.json.children.length, divisions().filter((d) => d.parent_code === '310107015').length);
		});
	});

	it('refuses a key file that others can read', () => {
		fs.chmodSync(key, 0o644);
		try {
			const args = ['init', '--db', db];
			const r = sibai(args);
			assert.notEqual(r.status, 0, describeRun(args, r));
			assert.match(r.stderr, /key/i, `stderr names the key file: ${describeRun(args, r)}`);
			assert.deepEqual(fs.readFileSync(key), keyBytes, 'key file bytes unchanged');
		} finally {
			fs.chmodSync(key, 0o600);
		}
	});

	it('refuses a pre-existing world-readable key file on a new database', async () => {
		const d = await tmpdir();
		const newDb = path.join(d, 'n.db');
		fs.writeFileSync(newDb + '.key', Buffer.alloc(32, 7), { mode: 0o644 });
		fs.chmodSync(newDb + '.key', 0o644);
		const f = writeSecretFile(d, 'whatever-pass-1');
		const args = ['init', '--db', newDb, '--admin-password-file', f];
		const r = sibai(args);
		assert.notEqual(r.status, 0, describeRun(args, r));
		assert.match(r.stderr, /key/i, `stderr names the key file: ${describeRun(args, r)}`);
		assert.deepEqual(fs.readFileSync(newDb + '.key'), Buffer.alloc(32, 7), 'key file untouched');
	});
});

describe('sibai init without --admin-password-file', () => {
	it('prints a generated admin password once, and it logs in', async () => {
		const dir = await tmpdir();
		const db = path.join(dir, 'g.db');
		const args = ['init', '--db', db];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		const m = /^admin password: (\S+)$/m.exec(r.stdout);
		assert.ok(m, `stdout has "admin password: …": ${describeRun(args, r)}`);
		const pw = m[1];
		assert.ok(pw.length >= 10, `generated password is at least 10 characters: ${pw.length}`);
		assert.equal(fs.statSync(db + '.key').size, 32);

		const again = sibai(args);
		assert.equal(again.status, 0, describeRun(args, again));
		assert.doesNotMatch(again.stdout, /password:/i, 'second run prints no password');

		await withServer(db, async (server) => {
			const cookie = await login(server.url, 'admin', pw);
			const me = await api(server.url, 'GET', '/api/v1/me', { cookie });
			assert.equal(me.status, 200, me.text);
			assert.equal(me.json.username, 'admin');
			assert.equal(me.json.role, 'admin');
			assert.deepEqual(me.json.scope, ['31']);
		});
	});
});

describe('sibai user', () => {
	let dir, db, server;
	const worker = { username: uniqueName('cliworker'), role: 'worker', scope: ['310107015028'], password: 'worker-pass-1' };
	const street = { username: uniqueName('clistreet'), role: 'street', scope: '310107015', password: 'street-pass-1' };

	before(async () => {
		dir = await tmpdir();
		({ db } = await initDb(dir));
		addUser(db, worker);
		addUser(db, street);
		server = await startServer({ db });
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('user add creates users that can log in with their role and scope', async () => {
		const cookie = await login(server.url, worker.username, worker.password);
		const me = await api(server.url, 'GET', '/api/v1/me', { cookie });
		assert.equal(me.status, 200, me.text);
		assert.equal(me.json.username, worker.username);
		assert.equal(me.json.role, 'worker');
		assert.deepEqual(me.json.scope, ['310107015028']);
		assert.equal(me.json.disabled, false);
		const c2 = await login(server.url, street.username, street.password);
		const me2 = await api(server.url, 'GET', '/api/v1/me', { cookie: c2 });
		assert.equal(me2.json.role, 'street');
		assert.deepEqual(me2.json.scope, ['310107015']);
	});

	it('user add refuses a scope that does not fit the role', () => {
		const name = uniqueName('mismatch');
		const r = addUser(db, { username: name, role: 'street', scope: '310107015028', password: 'mismatch-pass-1' },
			{ check: false });
		assert.notEqual(r.status, 0, `street user with a committee scope: ${describeRun(['user', 'add'], r)}`);
		const list = sibai(['user', 'list', '--db', db]);
		assert.equal(list.status, 0, describeRun(['user', 'list'], list));
		assert.ok(!list.stdout.includes(name), 'the refused user was not created');
	});

	it('user add refuses an unknown area code and a taken name', () => {
		const r = addUser(db, { username: uniqueName('nowhere'), role: 'worker', scope: '310107015999', password: 'nowhere-pass-1' },
			{ check: false });
		assert.notEqual(r.status, 0, `unknown committee: ${describeRun(['user', 'add'], r)}`);
		const dup = addUser(db, { ...worker, password: 'other-pass-123' }, { check: false });
		assert.notEqual(dup.status, 0, `duplicate name: ${describeRun(['user', 'add'], dup)}`);
	});

	it('user list lists the users', () => {
		const args = ['user', 'list', '--db', db];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		for (const u of ['admin', worker.username, street.username]) {
			assert.ok(r.stdout.includes(u), `list shows ${u}: ${describeRun(args, r)}`);
		}
		assert.ok(!r.stdout.includes(worker.password), 'list does not show passwords');
	});

	it('user passwd changes the password', async () => {
		const f = writeSecretFile(dir, 'street-pass-2');
		const args = ['user', 'passwd', '--db', db, '--username', street.username, '--password-file', f];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		await login(server.url, street.username, 'street-pass-2');
		const old = await api(server.url, 'POST', '/api/v1/session',
			{ body: { username: street.username, password: street.password } });
		assert.equal(old.status, 401, `old password no longer works: ${old.text}`);
	});

	it('user disable stops the user from logging in', async () => {
		await login(server.url, worker.username, worker.password);
		const args = ['user', 'disable', '--db', db, '--username', worker.username];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		const res = await api(server.url, 'POST', '/api/v1/session',
			{ body: { username: worker.username, password: worker.password } });
		assert.equal(res.status, 401, `disabled user cannot log in: ${res.text}`);
		assert.equal(res.cookie, null, 'no session cookie for a disabled user');
		const list = sibai(['user', 'list', '--db', db]);
		assert.equal(list.status, 0);
	});

	it('user disable of an unknown user fails', () => {
		const args = ['user', 'disable', '--db', db, '--username', uniqueName('ghost')];
		const r = sibai(args);
		assert.notEqual(r.status, 0, describeRun(args, r));
	});
});
