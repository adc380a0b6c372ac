// web/qr.js, the QR encoder of the printed sheets, receipts and posters,
// without a browser: its parts against the published vectors of ISO/IEC
// 18004 (the Reed–Solomon codewords of Annex I's worked example "01234567"
// at 1-M, the format and version information tables) and a well-known
// worked example (HELLO WORLD at 1-M); then whole symbols read back by a
// small reader written here (finders, timing, format, unmasking, the
// zigzag, the block interleaving, every block's RS syndromes zero, the
// byte-mode text) for texts of every version 1 to 10.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../e2e/lib/harness.mjs';

const qr = await import(path.join(REPO, 'web', 'qr.js'));

// ISO/IEC 18004:2015, table C.1: format information for level M, masks 0..7
const FORMAT_M = ['101010000010010', '101000100100101', '101111001111100', '101101101001011',
	'100010111111001', '100000011001110', '100111110010111', '100101010100000'];
// table D.1: version information, versions 7..10
const VERSION_INFO = { 7: 0x07c94, 8: 0x085bc, 9: 0x09a99, 10: 0x0a4d3 };
// level M block structure (table 9), to read symbols back independently
const BLOCKS = { 1: [10, [16]], 2: [16, [28]], 3: [26, [44]], 4: [18, [32, 32]], 5: [24, [43, 43]], 6: [16, [27, 27, 27, 27]],
	7: [18, [31, 31, 31, 31]], 8: [22, [38, 38, 39, 39]], 9: [22, [36, 36, 36, 37, 37]], 10: [26, [43, 43, 43, 43, 44]] };
const ALIGN = { 1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50] };

// GF(256) for the syndromes
const EXP = [];
const LOG = [];
for (let i = 0, x = 1; i < 255; i++) {
	EXP[i] = x;
	LOG[x] = i;
	x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
	x &= 0xff;
}
const gmul = (a, b) => (a && b ? EXP[(LOG[a] + LOG[b]) % 255] : 0);
function syndromesZero(codeword, n) {
	for (let i = 0; i < n; i++) {
		let s = 0;
		for (const c of codeword) s = gmul(s, EXP[i]) ^ c;
		if (s !== 0) return false;
	}
	return true;
}

/** Reads a symbol back: {text, mask, blocksOk}. */
function read(sym) {
	const n = sym.size;
	const v = (n - 17) / 4;
	const dark = (x, y) => sym.rows[y][x] === 1;
	// finder patterns: the 7x7 rings at three corners
	for (const [ox, oy] of [[0, 0], [n - 7, 0], [0, n - 7]]) {
		for (let y = 0; y < 7; y++) {
			for (let x = 0; x < 7; x++) {
				const d = Math.max(Math.abs(x - 3), Math.abs(y - 3));
				assert.equal(dark(ox + x, oy + y), d !== 2, `finder at ${ox},${oy}`);
			}
		}
	}
	for (let i = 8; i < n - 8; i++) {
		assert.equal(dark(i, 6), i % 2 === 0, 'horizontal timing');
		assert.equal(dark(6, i), i % 2 === 0, 'vertical timing');
	}
	assert.ok(dark(8, n - 8), 'the dark module');
	// format information, first copy around the top-left finder
	const coords = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
	let f = 0;
	coords.forEach(([x, y], i) => { if (dark(x, y)) f |= 1 << i; });
	const fs = f.toString(2).padStart(15, '0');
	const mask = FORMAT_M.indexOf(fs);
	assert.ok(mask >= 0, `format ${fs} is level M`);
	let f2 = 0;
	for (let i = 0; i < 8; i++) if (dark(n - 1 - i, 8)) f2 |= 1 << i;
	for (let i = 8; i < 15; i++) if (dark(8, n - 15 + i)) f2 |= 1 << i;
	assert.equal(f2, f, 'both copies of the format');
	if (v >= 7) {
		let vb = 0;
		for (let i = 0; i < 18; i++) if (dark(n - 11 + (i % 3), Math.floor(i / 3))) vb |= 1 << i;
		assert.equal(vb, VERSION_INFO[v], 'version information');
	}
	// which modules are functional
	const fn = (x, y) => {
		if ((x < 9 && y < 9) || (x >= n - 8 && y < 9) || (x < 9 && y >= n - 8)) return true;
		if (x === 6 || y === 6) return true;
		if (v >= 7 && ((x >= n - 11 && y < 6) || (y >= n - 11 && x < 6))) return true;
		const al = ALIGN[v];
		for (const ay of al) {
			for (const ax of al) {
				if ((ax === 6 && ay === 6) || (ax === 6 && ay === al[al.length - 1]) || (ay === 6 && ax === al[al.length - 1])) continue;
				if (Math.abs(x - ax) <= 2 && Math.abs(y - ay) <= 2) return true;
			}
		}
		return false;
	};
	const maskFn = [(x, y) => (x + y) % 2 === 0, (x, y) => y % 2 === 0, (x) => x % 3 === 0, (x, y) => (x + y) % 3 === 0,
		(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0, (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
		(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0, (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0][mask];
	const bits = [];
	let col = n - 1;
	let up = true;
	while (col > 0) {
		if (col === 6) col--;
		for (let k = 0; k < n; k++) {
			const y = up ? n - 1 - k : k;
			for (const x of [col, col - 1]) if (!fn(x, y)) bits.push((dark(x, y) ? 1 : 0) ^ (maskFn(x, y) ? 1 : 0));
		}
		up = !up;
		col -= 2;
	}
	const bytes = [];
	for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
	const [ec, sizes] = BLOCKS[v];
	const blocks = sizes.map(() => []);
	let at = 0;
	for (let i = 0; i < Math.max(...sizes); i++) sizes.forEach((s, b) => { if (i < s) blocks[b].push(bytes[at++]); });
	const data = blocks.flatMap((b) => b.slice());
	for (let i = 0; i < ec; i++) blocks.forEach((b) => b.push(bytes[at++]));
	const blocksOk = blocks.every((b) => syndromesZero(b, ec));
	// byte mode
	const dbits = data.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (b >> i) & 1));
	const num = (from, len) => dbits.slice(from, from + len).reduce((a, b) => (a << 1) | b, 0);
	assert.equal(num(0, 4), 0b0100, 'byte mode');
	const cc = v < 10 ? 8 : 16;
	const len = num(4, cc);
	const text = new TextDecoder().decode(Uint8Array.from({ length: len }, (_, i) => num(4 + cc + 8 * i, 8)));
	return { text, mask, blocksOk, version: v };
}

describe('web/qr.js', () => {
	it('Reed–Solomon codewords match the published examples', () => {
		// ISO/IEC 18004 Annex I: "01234567" at 1-M
		const iso = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11];
		assert.deepEqual(qr.reedSolomon(iso, 10), [0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
		// HELLO WORLD at 1-M (the worked example of thonky.com's tutorial)
		const hello = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
		assert.deepEqual(qr.reedSolomon(hello, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
	});

	it('format and version information match the standard tables', () => {
		for (let m = 0; m < 8; m++) assert.equal(qr.formatBits(m).toString(2).padStart(15, '0'), FORMAT_M[m], `mask ${m}`);
		for (const [v, bits] of Object.entries(VERSION_INFO)) assert.equal(qr.versionBits(Number(v)), bits, `version ${v}`);
	});

	it('byte-mode data codewords: mode, count, bytes, terminator, pad 0xEC 0x11', () => {
		// "AB" at version 1: 0100 00000010 01000001 01000010 0000, then pads
		assert.deepEqual(qr.dataCodewords([0x41, 0x42], 1).slice(0, 6), [0x40, 0x24, 0x14, 0x20, 0xec, 0x11]);
		assert.equal(qr.dataCodewords([0x41, 0x42], 1).length, 16);
	});

	it('symbols of every version read back to their text, every block with zero syndromes', () => {
		const seen = new Set();
		const texts = ['SB-2026-000001', 'https://居委会.test/#/s/' + 'x'.repeat(43), '悬空老人需求调研 ' + '问'.repeat(30)];
		for (let len = 1; len <= 213; len += 7) texts.push('k'.repeat(len));
		texts.push('z'.repeat(213));
		for (const text of texts) {
			const sym = qr.qrEncode(text);
			const back = read(sym);
			assert.equal(back.text, text);
			assert.ok(back.blocksOk, `RS blocks of "${text.slice(0, 20)}…"`);
			seen.add(back.version);
		}
		assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	});

	it('the mask is the one of least penalty, and too long a text is refused', () => {
		const text = 'https://sibai.test/#/s/abcdef';
		const sym = qr.qrEncode(text);
		const codes = qr.interleave(qr.dataCodewords([...new TextEncoder().encode(text)], sym.version), sym.version);
		const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((m) => qr.penalty(qr.buildMatrix(codes, sym.version, m)));
		assert.equal(scores[sym.mask], Math.min(...scores));
		assert.throws(() => qr.qrEncode('y'.repeat(214)), RangeError);
	});
});
