// The labels of the issue 17 pages (web/views/words.js) without a browser:
// every key used is there in Chinese and English with the same parameters;
// and what a resident's phone loads for its pages (the shell, public.js and
// what it imports) stays small.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../e2e/lib/harness.mjs';

const WEB = path.join(REPO, 'web');

describe('web/views/words.js', () => {
	it('every label used is in both languages with the same parameters', async () => {
		globalThis.localStorage = { getItem: () => null, setItem: () => {} };
		const { WORDS } = await import(path.join(WEB, 'views', 'words.js'));
		await import(path.join(WEB, 'views', 'words-head.js')); // the head's pages add theirs
		for (const [k, v] of Object.entries(WORDS)) {
			assert.ok(Array.isArray(v) && v.length === 2 && v[0] && v[1], `WORDS[${k}] needs [中文, English]`);
			const p = (x) => (x.match(/\{\w+\}/g) || []).sort().join();
			assert.equal(p(v[0]), p(v[1]), `WORDS[${k}]: the same parameters`);
		}
		const used = new Set();
		for (const f of fs.readdirSync(path.join(WEB, 'views'))) {
			const src = fs.readFileSync(path.join(WEB, 'views', f), 'utf8');
			for (const m of src.matchAll(/\bw\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
			// built keys: w('sv.kind.' + k)
			if (/w\('sv\.kind\.' \+/.test(src)) for (const k of ['single', 'multiple', 'rating', 'text', 'number']) used.add('sv.kind.' + k);
		}
		assert.ok(used.size > 50, `labels found: ${used.size}`);
		assert.deepEqual([...used].filter((k) => !(k in WORDS) && !k.endsWith('.')), [], 'labels missing from words.js');
	});

	it("a resident's page loads little: the shell and three small modules", () => {
		const shell = ['index.html', 'style.css', 'app.js', 'i18n.js', 'api.js', 'ui.js', 'data.js'];
		const page = ['views/public.js', 'views/answer.js', 'views/words.js', 'pages.css'];
		const size = [...shell, ...page].reduce((s, f) => s + fs.statSync(path.join(WEB, f)).size, 0);
		assert.ok(size < 130 * 1024, `a resident's page loads ${size} bytes`);
		// public.js imports nothing heavy (no charts, no QR encoder, no app views)
		const src = fs.readFileSync(path.join(WEB, 'views', 'public.js'), 'utf8');
		const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]).sort();
		assert.deepEqual(imports, ['../api.js', '../i18n.js', '../ui.js', './answer.js', './words.js']);
	});
});
