// The contract check: every HTTP answer an end-to-end test receives is held
// against docs/openapi.yaml.  The harness (api, rawRequest, rawGet,
// checkedFetch) calls checkResponse() on each one, so a test fails at the
// request whose answer the spec does not describe.
//
// For a request METHOD PATH answered STATUS:
// - PATH (without its query) is matched against the spec's path templates
//   as the server's router does: the template with the most literal text
//   that has METHOD (/users/me before /users/{id}), else the most literal.
// - The operation must exist and document STATUS (or NXX, or default); a
//   documented path answering an undocumented method must be 405 with the
//   Error body.
// - A JSON media type: the body must be valid under the documented schema,
//   JSON Schema 2020-12 (ajv/dist/2020 with ajv-formats), `#/components/…`
//   resolved against the spec's components.  Any other media type (CSV,
//   XLSX, ICS, YAML, XML, Prometheus text): the Content-Type must be the
//   documented one.  No documented content: the body must be empty.
// - Documented headers: a required one must be sent; one sent must be valid
//   under its schema.
// - A path under /api/ or /open311/ that no template matches may only be
//   answered 404 (a test asking for an unknown path) with the Error body (the
//   GeoReport error list under /open311/); anything else fails.  Other paths
//   are the web UI's static files, outside the spec: a file served (< 400)
//   is skipped, an error must still be the Error body.
//
// Each test process counts what it checked and appends one line to
// build/e2e-contract.log (SIBAI_CONTRACT_LOG to move it) when it exits;
// `node tests/e2e/lib/contract-total.mjs` prints the total of the last run.

import { AssertionError } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SPEC_FILE = path.join(REPO, 'docs', 'openapi.yaml');
const SPEC_ID = 'https://sibai.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Where each test process appends its counts. */
export const CONTRACT_LOG = process.env.SIBAI_CONTRACT_LOG
	? path.resolve(process.env.SIBAI_CONTRACT_LOG)
	: path.join(REPO, 'build', 'e2e-contract.log');

const counts = { validated: 0, unknown: 0, outside: 0 };
/** What this process checked so far: {validated, unknown (paths outside
 * the spec answered with an error: only its Error body checked), outside
 * (static files served, not checked)}. */
export function contractCounts() { return { ...counts }; }

// "METHOD TEMPLATE STATUS" of every answer validated, for the coverage list
const answered = new Set();

process.on('exit', () => {
	if (counts.validated + counts.unknown + counts.outside === 0) return;
	try {
		fs.mkdirSync(path.dirname(CONTRACT_LOG), { recursive: true });
		const file = path.relative(REPO, process.argv[1] || '?');
		// the test runner's pid (our parent) groups the files of one run
		fs.appendFileSync(CONTRACT_LOG,
			`${process.ppid} ${process.pid} ${counts.validated} ${counts.unknown} ${counts.outside} ${file}\n` +
			[...answered].map((k) => `${process.ppid} answered ${k}\n`).join(''));
	} catch { /* counting must never fail a test */ }
});

let loaded = null;

/** Rewrites every `$ref: '#/…'` to point into the spec added under SPEC_ID. */
function rebase(node) {
	if (Array.isArray(node)) return node.map(rebase);
	if (node === null || typeof node !== 'object') return node;
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? SPEC_ID + v : rebase(v);
	}
	return out;
}

function load() {
	if (loaded) return loaded;
	const spec = YAML.parse(fs.readFileSync(SPEC_FILE, 'utf8'));
	const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
	addFormats(ajv);
	ajv.addSchema({ $id: SPEC_ID, components: rebase(spec.components || {}) });

	const templates = [];
	for (const [tpl, item] of Object.entries(spec.paths || {})) {
		const names = [];
		const re = new RegExp('^' + tpl.split(/(\{[^}]+\})/).map((part) => {
			const m = /^\{([^}]+)\}$/.exec(part);
			if (m) { names.push(m[1]); return '([^/]+)'; }
			return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		}).join('') + '$');
		const literal = tpl.replace(/\{[^}]+\}/g, '').length;
		templates.push({ tpl, re, item, literal, params: names.length });
	}
	templates.sort((a, b) => b.literal - a.literal || a.params - b.params);
	loaded = { spec, ajv, templates, validators: new Map() };
	return loaded;
}

/** Follows a (non-schema) `$ref: '#/components/…'` in the spec. */
function deref(spec, obj) {
	let o = obj;
	for (let i = 0; o && typeof o.$ref === 'string' && i < 10; i++) {
		const parts = o.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
		o = parts.reduce((n, p) => (n ? n[p] : undefined), spec);
	}
	return o;
}

function validatorFor(ctx, key, schema) {
	let v = ctx.validators.get(key);
	if (!v) {
		v = ctx.ajv.compile(rebase(schema));
		ctx.validators.set(key, v);
	}
	return v;
}

/** The spec's path template for URLPATH (no query), or null.  With METHOD,
 * as the server's router picks it: the most literal template that has the
 * method (PATCH /grids/unassigned is PATCH /grids/{id}), else the most
 * literal one (which then answers 405). */
export function matchPath(urlPath, method) {
	const ctx = load();
	const p = urlPath.split('?')[0].split('#')[0];
	const all = ctx.templates.filter((t) => t.re.test(p));
	const m = method && method.toLowerCase();
	return (m && all.find((t) => t.item[m] || (m === 'head' && t.item.get))) || all[0] || null;
}

const isApiSpace = (p) => p.startsWith('/api/') || p === '/api' || p.startsWith('/open311/') ||
	p === '/healthz' || p === '/metrics';

const isJsonMedia = (m) => m === 'application/json' || /^application\/[^/]+\+json$/.test(m);

function mediaMatches(pattern, media) {
	if (pattern === media || pattern === '*/*') return true;
	const [pt, ps] = pattern.split('/');
	const [mt] = media.split('/');
	return ps === '*' && pt === mt;
}

function fail(method, urlPath, status, why, body) {
	const shown = typeof body === 'string' ? body.slice(0, 600) : '';
	throw new AssertionError({
		message: `contract (docs/openapi.yaml): ${method} ${urlPath} → ${status}: ${why}` +
			(shown ? `\n--- body ---\n${shown}` : ''),
	});
}

function ajvErrors(errors) {
	return (errors || []).slice(0, 12).map((e) => {
		const extra = e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : '';
		return `\n  ${e.instancePath || '(body)'} ${e.message}${extra} [${e.schemaPath}]`;
	}).join('');
}

/** The documented headers of RESP: a required one must be there, and each
 * one there must be valid under its schema (an integer schema reads the
 * value as a number). */
function checkHeaders(ctx, m, urlPath, status, t, key, resp, header, text) {
	for (const [name, h0] of Object.entries(resp.headers || {})) {
		if (name.toLowerCase() === 'content-type') continue;
		const h = deref(ctx.spec, h0) || {};
		const value = header(name);
		if (value === null || value === undefined) {
			if (h.required) fail(m, urlPath, status, `no ${name} header (required for ${m} ${t.tpl} ${key})`, text);
			continue;
		}
		if (!h.schema) continue;
		const v = validatorFor(ctx, `header ${t.tpl} ${m} ${key} ${name}`, h.schema);
		const types = [].concat(h.schema.type || []);
		const x = (types.includes('integer') || types.includes('number')) && value.trim() !== '' ? Number(value) : value;
		if (!v(x)) fail(m, urlPath, status, `header ${name}: ${JSON.stringify(value)} does not match its schema:${ajvErrors(v.errors)}`, text);
	}
}

/** Checks one answer against the spec; throws an AssertionError naming
 * method, path, status and what is wrong.  CONTENTTYPE is the header value
 * (or null); HEADER(name) any header's value (or null); BODY is the body as text or a Buffer.  COUNT false: not counted
 * (for checking the checker). */
export function checkResponse({ method, path: urlPath, status, contentType, body, header = () => null, count = true }) {
	const ctx = load();
	const tally = count ? counts : { validated: 0, unknown: 0, outside: 0 };
	const m = String(method || 'GET').toUpperCase();
	const p = String(urlPath).split('?')[0].split('#')[0];
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
	const length = Buffer.isBuffer(body) ? body.length : text.length;
	const media = (contentType || '').split(';')[0].trim().toLowerCase();

	const errorSchema = () => validatorFor(ctx, '#Error', { $ref: '#/components/schemas/Error' });
	const checkErrorBody = (why) => {
		if (!isJsonMedia(media)) fail(m, urlPath, status, `${why}: Content-Type is ${JSON.stringify(contentType)}, want application/json`, text);
		let json;
		try { json = JSON.parse(text); } catch { fail(m, urlPath, status, `${why}: the body is not JSON`, text); }
		const v = errorSchema();
		if (!v(json)) fail(m, urlPath, status, `${why}: the body is not an Error:${ajvErrors(v.errors)}`, text);
	};

	const t = matchPath(p, m);
	if (!t) {
		if (!isApiSpace(p)) {
			// the web UI's files: outside the spec; its errors are still Errors
			if (status < 400) { tally.outside++; return 'outside'; }
			checkErrorBody('an error outside the API');
			tally.unknown++;
			return 'unknown-path';
		}
		if (status !== 404) fail(m, urlPath, status, 'the path matches no path in the spec (only a 404 may answer an unknown path)', text);
		if (p.startsWith('/open311/')) {
			// GeoReport v2's error list (XML for an .xml path)
			const xml = p.endsWith('.xml');
			if (media !== (xml ? 'text/xml' : 'application/json')) fail(m, urlPath, status, `an unknown Open311 path: Content-Type is ${JSON.stringify(contentType)}`, text);
			if (!xml) {
				let json;
				try { json = JSON.parse(text); } catch { fail(m, urlPath, status, 'an unknown Open311 path: the body is not JSON', text); }
				const v = validatorFor(ctx, '#Open311Errors', { $ref: '#/components/schemas/Open311Errors' });
				if (!v(json)) fail(m, urlPath, status, `an unknown Open311 path: the body is not Open311Errors:${ajvErrors(v.errors)}`, text);
			}
		} else {
			checkErrorBody('an unknown path');
		}
		tally.unknown++;
		return 'unknown-path';
	}
	let op = t.item[m.toLowerCase()] ?? (m === 'HEAD' ? t.item.get : undefined);
	if (!op) {
		// a method the path does not have: 405, as the path's operations document it
		if (status !== 405) fail(m, urlPath, status, `${t.tpl} documents no ${m} (only a 405 may answer it)`, text);
		op = Object.values(t.item).find((o) => o && o.responses && o.responses['405']);
		if (!op) {
			checkErrorBody(`${m} on ${t.tpl}`);
			tally.validated++;
			return 'method';
		}
		op = { responses: { 405: op.responses['405'] } };
	}
	const responses = op.responses || {};
	const code = String(status);
	const key = code in responses ? code : (`${code[0]}XX` in responses ? `${code[0]}XX` : ('default' in responses ? 'default' : null));
	if (!key) {
		fail(m, urlPath, status, `status ${status} is not documented for ${m} ${t.tpl} (documented: ${Object.keys(responses).join(', ')})`, text);
	}
	const resp = deref(ctx.spec, responses[key]) || {};
	checkHeaders(ctx, m, urlPath, status, t, key, resp, header, text);
	const content = resp.content || null;
	const bodyless = m === 'HEAD' || status === 204 || status === 304;
	if (!content || Object.keys(content).length === 0) {
		if (length !== 0 && !bodyless) fail(m, urlPath, status, `${m} ${t.tpl} ${key} documents no body, got ${length} bytes`, text);
		tally.validated++;
		if (count) answered.add(`${m} ${t.tpl} ${status}`);
		return 'ok';
	}
	if (bodyless) {
		tally.validated++;
		if (count) answered.add(`${m} ${t.tpl} ${status}`);
		return 'ok';
	}
	const mediaKey = Object.keys(content).find((k) => mediaMatches(k.toLowerCase(), media));
	if (!mediaKey) {
		fail(m, urlPath, status, `Content-Type ${JSON.stringify(contentType)} is not documented for ${m} ${t.tpl} ${key} (documented: ${Object.keys(content).join(', ')})`, text);
	}
	const mt = content[mediaKey] || {};
	if (isJsonMedia(media) && mt.schema) {
		let json;
		try { json = JSON.parse(text); } catch { fail(m, urlPath, status, `the ${media} body is not JSON`, text); }
		const ptr = `${t.tpl} ${m} ${key} ${mediaKey}`;
		const v = validatorFor(ctx, ptr, mt.schema);
		if (!v(json)) {
			fail(m, urlPath, status, `the body does not match the schema of ${m} ${t.tpl} ${key} (${mediaKey}):${ajvErrors(v.errors)}`, text);
		}
	}
	tally.validated++;
	if (count) answered.add(`${m} ${t.tpl} ${status}`);
	return 'ok';
}
