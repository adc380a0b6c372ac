// Keeps docs/openapi.yaml true to the route table, src/http/routes.def.
//
//   node --test tests/e2e/openapi.test.mjs
//
// Static: reads both files (and the route files routes.def includes),
// starts no server.  Checks that the spec and the
// route table name the same (method, path) pairs, that every operation
// documents a 4xx answer, that each operation's x-min-role (and its
// security) matches the route's minimum role, and that each operation
// documents exactly the query parameters its route accepts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ROUTES_DEF = 'src/http/routes.def';
const SPEC = 'docs/openapi.yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const ROLE_NAMES = {
  ROLE_NONE: 'none',
  ROLE_HELPER: 'helper',
  ROLE_WORKER: 'worker',
  ROLE_COMMITTEE_HEAD: 'committee_head',
  ROLE_STREET: 'street',
  ROLE_DISTRICT: 'district',
  ROLE_ADMIN: 'admin',
};

const key = (method, path) => `${method.toUpperCase()} ${path}`;

/* The query lists of routes.def: string literals and Q_ macros
 * (#define Q_NAME "…" Q_OTHER …), concatenated as C does, then split on
 * spaces. */
function queryMacros(code) {
  const defs = {};
  for (const m of code.matchAll(/^\s*#\s*define\s+(Q_\w+)((?:[^\n]*\\\n)*[^\n]*)/gm)) {
    defs[m[1]] = m[2].replace(/\\\n/g, ' ');
  }
  return defs;
}

function expandQuery(expr, defs, depth = 0) {
  assert.ok(depth < 8, `query macros nest too deep: ${expr}`);
  let out = '';
  for (const t of expr.matchAll(/"([^"]*)"|(\w+)/g)) {
    if (t[1] !== undefined) out += t[1];
    else {
      assert.ok(t[2] in defs, `unknown query macro ${t[2]} in ${ROUTES_DEF}`);
      out += expandQuery(defs[t[2]], defs, depth + 1);
    }
  }
  return out;
}

/* Every R(METHOD, "/path", handler, ROLE_X, flags, query) line outside comments. */
function parseRoutes(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const defs = queryMacros(code);
  const re = /^\s*R\(\s*([A-Z]+)\s*,\s*"([^"]*)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([\w\s|]+?)\s*,([^)]*)\)/gm;
  const routes = [];
  for (const m of code.matchAll(re)) {
    const words = expandQuery(m[6], defs).split(/\s+/).filter(Boolean);
    routes.push({ method: m[1], path: m[2], handler: m[3], role: m[4], flags: m[5], query: words, key: key(m[1], m[2]) });
  }
  return routes;
}

/* The names of an operation's query parameters (its path item's too),
 * following $ref into components. */
function specQuery(spec, path, op) {
  const deref = (p) => {
    if (!p || !p.$ref) return p;
    let o = spec;
    for (const k of p.$ref.replace(/^#\//, '').split('/')) o = o?.[k];
    return deref(o);
  };
  return [...(spec.paths[path].parameters ?? []), ...(op.parameters ?? [])]
    .map(deref).filter((p) => p && p.in === 'query')
    .map((p) => (p.style === 'deepObject' ? `${p.name}[]` : p.name)); // name[KEY], as routes.def writes it
}

/* Every operation under paths, with its (method, path) key. */
function specOperations(spec) {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item && item[method]) ops.push({ method, path, op: item[method], key: key(method, path) });
    }
  }
  return ops;
}

/* The text of a route file with the route files it includes
 * (`#include "http/….def"`, resolved under src/) read in at their place. */
function readRoutes(file, seen = new Set()) {
  assert.ok(!seen.has(file), `${file} includes itself`);
  seen.add(file);
  const text = readFileSync(root + file, 'utf8');
  return text.replace(/^\s*#\s*include\s+"(http\/[^"]+\.def)"\s*$/gm,
    (_, inc) => readRoutes(`src/${inc}`, seen));
}

const routes = parseRoutes(readRoutes(ROUTES_DEF));
const spec = YAML.parse(readFileSync(root + SPEC, 'utf8'));
const ops = specOperations(spec);
const opByKey = new Map(ops.map((o) => [o.key, o]));
const routeByKey = new Map(routes.map((r) => [r.key, r]));

const list = (items) => items.map((s) => `\n  - ${s}`).join('');

test('routes.def parses and has no duplicate routes', () => {
  assert.ok(routes.length > 0, `no R(...) lines found in ${ROUTES_DEF}`);
  const seen = new Set();
  const dups = routes.filter((r) => (seen.has(r.key) ? true : (seen.add(r.key), false)));
  assert.deepEqual(dups.map((r) => r.key), [], `duplicate routes in ${ROUTES_DEF}:${list(dups.map((r) => r.key))}`);
  const unknown = routes.filter((r) => !(r.role in ROLE_NAMES));
  assert.deepEqual(unknown.map((r) => r.key), [],
    `routes with an unknown role in ${ROUTES_DEF}:${list(unknown.map((r) => `${r.key} (${r.role})`))}`);
});

test('the spec is OpenAPI 3.1 with paths', () => {
  assert.match(String(spec.openapi), /^3\.1\./, `${SPEC}: openapi is ${spec.openapi}, want 3.1.x`);
  assert.ok(ops.length > 0, `${SPEC} describes no operations`);
});

test('(a) every route in routes.def is described in the spec', () => {
  const missing = routes.filter((r) => !opByKey.has(r.key)).map((r) => `${r.key} (${r.handler})`);
  assert.deepEqual(missing, [], `routes in ${ROUTES_DEF} missing from ${SPEC} paths:${list(missing)}`);
});

test('(b) every operation in the spec is a route in routes.def', () => {
  const extra = ops.filter((o) => !routeByKey.has(o.key)).map((o) => o.key);
  assert.deepEqual(extra, [], `operations in ${SPEC} that are not in ${ROUTES_DEF}:${list(extra)}`);
});

test('(c) every operation documents at least one 4xx response', () => {
  const bare = ops
    .filter((o) => !Object.keys(o.op.responses ?? {}).some((code) => /^4(\d\d|XX)$/.test(String(code))))
    .map((o) => o.key);
  assert.deepEqual(bare, [], `operations in ${SPEC} without a 4xx response:${list(bare)}`);
});

test('(d) x-min-role of each operation matches the route role', () => {
  const wrong = [];
  for (const r of routes) {
    const o = opByKey.get(r.key);
    if (!o) continue; // reported by (a)
    const want = ROLE_NAMES[r.role];
    const got = o.op['x-min-role'];
    if (got !== want) wrong.push(`${r.key}: x-min-role is ${got === undefined ? 'missing' : JSON.stringify(got)}, routes.def says ${r.role} (${want})`);
  }
  assert.deepEqual(wrong, [], `x-min-role does not match ${ROUTES_DEF}:${list(wrong)}`);
});

test('(e) ROLE_NONE routes, and only those, have security: []', () => {
  const wrong = [];
  for (const r of routes) {
    const o = opByKey.get(r.key);
    if (!o) continue; // reported by (a)
    const open = Array.isArray(o.op.security) && o.op.security.length === 0;
    const effective = o.op.security ?? spec.security ?? [];
    if (r.role === 'ROLE_NONE' && !open) wrong.push(`${r.key}: ROLE_NONE but the operation does not set security: []`);
    if (r.role !== 'ROLE_NONE' && effective.length === 0) wrong.push(`${r.key}: ${r.role} but the operation needs no session`);
  }
  assert.deepEqual(wrong, [], `security does not match the route roles in ${ROUTES_DEF}:${list(wrong)}`);
});

test('(f) each route accepts exactly the query parameters its operation documents', () => {
  const wrong = [];
  for (const r of routes) {
    const o = opByKey.get(r.key);
    if (!o) continue; // reported by (a)
    const documented = new Set(specQuery(spec, o.path, o.op));
    const accepted = new Set(r.query);
    const undocumented = [...accepted].filter((n) => !documented.has(n));
    const refused = [...documented].filter((n) => !accepted.has(n));
    if (undocumented.length) wrong.push(`${r.key}: accepts ${undocumented.join(', ')}, the spec does not document it`);
    if (refused.length) wrong.push(`${r.key}: the spec documents ${refused.join(', ')}, the route refuses it`);
  }
  assert.deepEqual(wrong, [], `query parameters differ between ${ROUTES_DEF} and ${SPEC}:${list(wrong)}`);
});

test('(g) no route lists a query parameter twice, and names are lower_case words', () => {
  const wrong = [];
  for (const r of routes) {
    const seen = new Set();
    for (const n of r.query) {
      if (seen.has(n)) wrong.push(`${r.key}: ${n} twice`);
      if (!/^[a-z][a-z0-9_]*(\[\])?$/.test(n)) wrong.push(`${r.key}: ${JSON.stringify(n)} is not a lower_case word`);
      seen.add(n);
    }
  }
  assert.deepEqual(wrong, [], `bad query lists in ${ROUTES_DEF}:${list(wrong)}`);
});
