// A QR encoder (ISO/IEC 18004) for the printed links: byte mode, level M,
// versions 1-10 (213 bytes), Reed-Solomon over GF(256), mask by penalty.
// No DOM but qrCanvas: tests/browser/qr.test.mjs runs it in Node.

// level M by version: [EC per block, blocks, data each, blocks, data each]
const M_BLOCKS = [null,
	[10, 1, 16, 0, 0], [16, 1, 28, 0, 0], [26, 1, 44, 0, 0], [18, 2, 32, 0, 0], [24, 2, 43, 0, 0],
	[16, 4, 27, 0, 0], [18, 4, 31, 0, 0], [22, 2, 38, 2, 39], [22, 3, 36, 2, 37], [26, 4, 43, 1, 44]];
const ALIGN = [null, [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];
export const MAX_VERSION = 10;

// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d)
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
	EXP[i] = x;
	LOG[x] = i;
	x <<= 1;
	if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
const mul = (a, b) => (a && b ? EXP[LOG[a] + LOG[b]] : 0);

/** The N error correction codewords of DATA (an array of bytes). */
export function reedSolomon(data, n) {
	// (x - a^0)…(x - a^(n-1)), highest power first, leading 1 dropped
	const gen = new Uint8Array(n);
	gen[n - 1] = 1;
	for (let i = 0, root = 1; i < n; i++, root = mul(root, 2)) {
		for (let j = 0; j < n; j++) {
			gen[j] = mul(gen[j], root) ^ (j + 1 < n ? gen[j + 1] : 0);
		}
	}
	const rem = new Uint8Array(n);
	for (const b of data) {
		const f = b ^ rem[0];
		rem.copyWithin(0, 1);
		rem[n - 1] = 0;
		for (let j = 0; j < n; j++) rem[j] ^= mul(gen[j], f);
	}
	return Array.from(rem);
}

/** The 15 format bits of level M with MASK (0..7), BCH coded and masked. */
export function formatBits(mask) {
	const data = (0 << 3) | mask; // level M is 00
	let rem = data;
	for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
	return ((data << 10) | rem) ^ 0x5412;
}

/** The 18 version bits (versions 7 and up), BCH coded. */
export function versionBits(version) {
	let rem = version;
	for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
	return (version << 12) | rem;
}

const dataCapacity = (v) => {
	const [, b1, d1, b2, d2] = M_BLOCKS[v];
	return b1 * d1 + b2 * d2;
};

/** BYTES in byte mode for VERSION: mode, count, bytes, terminator, pads. */
export function dataCodewords(bytes, version) {
	const bits = [];
	const put = (v, n) => { for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1); };
	const cap = dataCapacity(version) * 8;
	put(0b0100, 4);
	put(bytes.length, version < 10 ? 8 : 16);
	for (const b of bytes) put(b, 8);
	for (let i = 0; i < 4 && bits.length < cap; i++) bits.push(0);
	while (bits.length % 8) bits.push(0);
	const out = [];
	for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
	for (let pad = 0xec; out.length < cap / 8; pad ^= 0xec ^ 0x11) out.push(pad);
	return out;
}

/** The data in blocks, each with its EC codewords, interleaved. */
export function interleave(data, version) {
	const [ec, b1, d1, b2, d2] = M_BLOCKS[version];
	const blocks = [];
	let at = 0;
	for (let i = 0; i < b1 + b2; i++) {
		const len = i < b1 ? d1 : d2;
		const d = data.slice(at, at + len);
		at += len;
		blocks.push([d, reedSolomon(d, ec)]);
	}
	const out = [];
	for (let i = 0; i < Math.max(d1, d2); i++) for (const [d] of blocks) if (i < d.length) out.push(d[i]);
	for (let i = 0; i < ec; i++) for (const [, e] of blocks) out.push(e[i]);
	return out;
}

const MASKS = [
	(x, y) => (x + y) % 2 === 0,
	(x, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Draws the format bits of MASK (both copies) into rows M, marking them in FN when given. */
function drawFormat(m, fn, size, mask) {
	const f = formatBits(mask);
	const set = (x, y, i) => {
		m[y][x] = (f >>> i) & 1;
		if (fn) fn[y][x] = 1;
	};
	for (let i = 0; i <= 5; i++) set(8, i, i);
	set(8, 7, 6);
	set(8, 8, 7);
	set(7, 8, 8);
	for (let i = 9; i < 15; i++) set(14 - i, 8, i);
	for (let i = 0; i < 8; i++) set(size - 1 - i, 8, i);
	for (let i = 8; i < 15; i++) set(8, size - 15 + i, i);
}

/** The unmasked symbol of CODES at VERSION: {size, m, fn} (fn: function modules). */
function placeCodes(codes, version) {
	const size = version * 4 + 17;
	const m = Array.from({ length: size }, () => new Uint8Array(size));
	const fn = Array.from({ length: size }, () => new Uint8Array(size));
	const set = (x, y, dark) => { m[y][x] = dark ? 1 : 0; fn[y][x] = 1; };
	// timing patterns, then the finders with their separators over them
	for (let i = 0; i < size; i++) {
		set(6, i, i % 2 === 0);
		set(i, 6, i % 2 === 0);
	}
	for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
		for (let dy = -4; dy <= 4; dy++) {
			for (let dx = -4; dx <= 4; dx++) {
				const x = cx + dx, y = cy + dy;
				if (x < 0 || y < 0 || x >= size || y >= size) continue;
				const d = Math.max(Math.abs(dx), Math.abs(dy));
				set(x, y, d !== 2 && d !== 4);
			}
		}
	}
	const al = ALIGN[version];
	for (const ay of al) {
		for (const ax of al) {
			if ((ax === 6 && ay === 6) || (ax === 6 && ay === al[al.length - 1]) || (ay === 6 && ax === al[al.length - 1])) continue;
			for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
		}
	}
	drawFormat(m, fn, size, 0); // reserved here, drawn per mask
	set(8, size - 8, true); // the dark module
	if (version >= 7) {
		const v = versionBits(version);
		for (let i = 0; i < 18; i++) {
			const a = size - 11 + (i % 3), b = Math.floor(i / 3), dark = ((v >>> i) & 1) === 1;
			set(a, b, dark);
			set(b, a, dark);
		}
	}
	// the codewords in the zigzag, two columns at a time from the right
	let i = 0;
	const total = codes.length * 8;
	for (let right = size - 1; right >= 1; right -= 2) {
		if (right === 6) right = 5;
		const upward = ((right + 1) & 2) === 0;
		for (let vert = 0; vert < size; vert++) {
			const y = upward ? size - 1 - vert : vert;
			for (let j = 0; j < 2; j++) {
				const x = right - j;
				if (fn[y][x]) continue;
				if (i < total) m[y][x] = (codes[i >>> 3] >>> (7 - (i & 7))) & 1;
				i++; // the remainder bits stay light before masking
			}
		}
	}
	return { size, m, fn };
}

/** PLACED with MASK applied and its format drawn: {size, version, mask, rows (1 dark)}. */
function withMask(placed, version, mask) {
	const { size, fn } = placed;
	const rows = placed.m.map((r) => r.slice());
	const mk = MASKS[mask];
	for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (!fn[y][x] && mk(x, y)) rows[y][x] ^= 1;
	drawFormat(rows, null, size, mask);
	return { size, version, mask, rows };
}

/** The symbol of CODES at VERSION with MASK: {size, version, mask, rows (1 dark)}. */
export function buildMatrix(codes, version, mask) {
	return withMask(placeCodes(codes, version), version, mask);
}

/** The penalty score of a matrix (rules N1 3, N2 3, N3 40, N4 10). */
export function penalty(q) {
	const { size: n, rows } = q;
	const line = new Uint8Array(n + 8); // a row or column with 4 light modules either side
	let score = 0;
	let dark = 0;
	for (let k = 0; k < 2 * n; k++) {
		for (let i = 0; i < n; i++) line[i + 4] = k < n ? rows[k][i] : rows[i][k - n];
		let run = 1;
		for (let i = 5; i <= n + 4; i++) {
			if (i < n + 4 && line[i] === line[i - 1]) run++;
			else {
				if (run >= 5) score += run - 2;
				run = 1;
			}
		}
		// 1:1:3:1:1 with four light modules before or after (outside counts as light)
		for (let i = 4; i + 7 <= n + 4; i++) {
			if (line[i] && !line[i + 1] && line[i + 2] && line[i + 3] && line[i + 4] && !line[i + 5] && line[i + 6]) {
				const before = !line[i - 1] && !line[i - 2] && !line[i - 3] && !line[i - 4];
				const after = i + 11 > n + 8 || (!line[i + 7] && !line[i + 8] && !line[i + 9] && !line[i + 10]);
				if (before || after) score += 40;
			}
		}
	}
	for (let y = 0; y < n; y++) {
		const r = rows[y];
		for (let x = 0; x < n; x++) {
			dark += r[x];
			if (x + 1 < n && y + 1 < n && r[x] === r[x + 1] && r[x] === rows[y + 1][x] && r[x] === rows[y + 1][x + 1]) score += 3;
		}
	}
	const total = n * n;
	return score + Math.max(0, Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
}

/** The QR code of TEXT: the smallest version, the mask of least penalty;
 * RangeError when too long. */
export function qrEncode(text) {
	const bytes = new TextEncoder().encode(text);
	let version = 1;
	while (version <= MAX_VERSION && 4 + (version < 10 ? 8 : 16) + bytes.length * 8 > dataCapacity(version) * 8) version++;
	if (version > MAX_VERSION) throw new RangeError('too long for a version 10 QR code');
	const codes = interleave(dataCodewords(bytes, version), version);
	const placed = placeCodes(codes, version);
	let best = null;
	let bestScore = Infinity;
	for (let mask = 0; mask < 8; mask++) {
		const q = withMask(placed, version, mask);
		const s = penalty(q);
		if (s < bestScore) {
			best = q;
			bestScore = s;
		}
	}
	return best;
}

/** A path of the dark modules (runs per row) with a quiet zone of MARGIN. */
export function qrPath(q, margin = 4) {
	let d = '';
	for (let y = 0; y < q.size; y++) {
		for (let x = 0; x < q.size; x++) {
			if (!q.rows[y][x]) continue;
			let w = 1;
			while (x + w < q.size && q.rows[y][x + w]) w++;
			d += `M${x + margin} ${y + margin}h${w}v1h-${w}z`;
			x += w - 1;
		}
	}
	return d;
}

/** A canvas of TEXT's code, PX wide, named LABEL: one pixel per module,
 * scaled up unsmoothed (8 KB a code: a sheet of 3,200 codes holds 26 MB,
 * where a canvas drawn at print size would hold about 900 MB). */
export function qrCanvas(text, px = 160, label = '') {
	const q = qrEncode(text);
	const c = document.createElement('canvas');
	c.width = c.height = q.size + 8;
	c.style.cssText = `width:${px}px;height:${px}px;image-rendering:pixelated`;
	c.className = 'qr';
	c.setAttribute('role', 'img');
	if (label) c.setAttribute('aria-label', label);
	c.dataset.qr = text;
	const ctx = c.getContext('2d');
	ctx.fillStyle = '#fff';
	ctx.fillRect(0, 0, c.width, c.height);
	ctx.fillStyle = '#000';
	ctx.fill(new Path2D(qrPath(q)));
	return c;
}
