// A small household register, built through the API as the admin, and its
// description with the expectations a test can derive by hand.
//
// Three committees: two of 长寿路街道 (310107015) and one of 长风新村街道
// (310107014).  Ages are relative to today in Asia/Shanghai, so that the
// tests do not rot: "turns 80 tomorrow" is 79 today, whenever the tests run.
//
// Every expectation here is computed from the fixture DATA by plain JS (ages
// by ageOn(), masks by maskId()/maskPhone(), filters by predicates over the
// residents below); nothing is read back from the server to compute them.

import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
	tmpdir, initDb, addUser, startServer, api, login, divisions, uniqueName,
} from './harness.mjs';

// ---------------------------------------------------------------------------
// Dates

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export function todayShanghai(now = new Date()) {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
	}).formatToParts(now);
	const get = (t) => parts.find((p) => p.type === t).value;
	return `${get('year')}-${get('month')}-${get('day')}`;
}

function parseDate(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	assert.ok(m, `not a date: ${s}`);
	return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function fmtDate(y, m, d) {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** DATE plus N days ('YYYY-MM-DD'). */
export function addDays(date, n) {
	const { y, m, d } = parseDate(date);
	const t = new Date(Date.UTC(y, m - 1, d) + n * 86400000);
	return fmtDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole years from BIRTH to ON (both 'YYYY-MM-DD'): the usual reckoning,
 * one more year on (or after) the birthday. */
export function ageOn(birth, on) {
	const b = parseDate(birth);
	const t = parseDate(on);
	let age = t.y - b.y;
	if (t.m < b.m || (t.m === b.m && t.d < b.d)) age--;
	return age;
}

/** A birth date such that the person is AGE today and their birthday is
 * SHIFT days from today (SHIFT ≤ 0: already had it this year, −365 < SHIFT
 * < 365).  Never a 29 February, so that no leap-year convention matters. */
export function birthFor(today, age, shift) {
	const anniversary = parseDate(addDays(today, shift));
	const years = shift <= 0 ? age : age + 1;
	let { m, d } = anniversary;
	if (m === 2 && d === 29) {
		// keep "already had it" / "still to come" true
		if (shift <= 0) d = 28;
		else { m = 3; d = 1; }
	}
	return fmtDate(anniversary.y - years, m, d);
}

// ---------------------------------------------------------------------------
// ID and phone numbers

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/** The GB 11643 check character (ISO 7064 MOD 11-2) of 17 digits. */
export function idCheckDigit(first17) {
	assert.match(first17, /^\d{17}$/);
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
	return ID_CHECK[sum % 11];
}

/** A valid 18-character ID number: REGION + BIRTH (YYYY-MM-DD) + a
 * three-digit sequence whose last digit is odd for men and even for women.
 * SEQ is where the search for a sequence starts; WANT_X asks for a check
 * character X. */
export function makeIdNumber({ region = '310107', birth, male, seq = 100, wantX = false }) {
	const b = birth.replaceAll('-', '');
	for (let s = seq; s < seq + 1000; s++) {
		const sq = String(s % 1000).padStart(3, '0');
		if ((Number(sq[2]) % 2 === 1) !== male) continue;
		const first = region + b + sq;
		const c = idCheckDigit(first);
		if (wantX && c !== 'X') continue;
		return first + c;
	}
	throw new Error('no sequence found');
}

/** The same number with a wrong check character. */
export function breakCheckDigit(id) {
	const good = id[17];
	const bad = ID_CHECK.find((c) => c !== good && c !== 'X');
	return id.slice(0, 17) + bad;
}

/** `3101**********123X`: the first 4 and the last 4 characters. */
export function maskId(id) {
	return id.slice(0, 4) + '*'.repeat(10) + id.slice(-4);
}

/** `138****5678` for a mobile, `021-****5678` for a Shanghai fixed line. */
export function maskPhone(phone) {
	const digits = phone.replace(/[\s-]/g, '');
	if (/^1[3-9]\d{9}$/.test(digits)) return digits.slice(0, 3) + '****' + digits.slice(-4);
	const local = digits.startsWith('021') ? digits.slice(3) : digits;
	assert.match(local, /^\d{8}$/, `not a phone: ${phone}`);
	return '021-****' + local.slice(-4);
}

/** A synthetic mobile number 1380000xxxx. */
export function mobile(n) {
	return '1380000' + String(n).padStart(4, '0');
}

// ---------------------------------------------------------------------------
// Places and people

export const STREET = '310107015'; // 长寿路街道
export const OTHER_STREET = '310107014'; // 长风新村街道
export const COMMITTEES = {
	A: { code: '310107015028', name: '普雄路居委会', street: STREET },
	B: { code: '310107015027', name: '安全里居委会', street: STREET },
	C: { code: '310107014001', name: '曹家巷居委会', street: OTHER_STREET },
};

export const COMPOUNDS = [
	{ key: 'A1', committee: 'A', name: '普雄小区', kind: 'old_public', built_year: 1986, property_manager: null },
	{ key: 'A2', committee: 'A', name: '普雄花苑', kind: 'commercial', built_year: 2006, property_manager: '上海普雄物业管理有限公司' },
	{ key: 'B1', committee: 'B', name: '安全里公寓', kind: 'sold_public', built_year: 1995, property_manager: null },
	{ key: 'C1', committee: 'C', name: '曹家巷新村', kind: 'relocation', built_year: 1978, property_manager: null },
];

export const BUILDINGS = [
	{ key: 'A1-20', compound: 'A1', label: '20号', floors: 6, has_lift: false },
	{ key: 'A1-21', compound: 'A1', label: '21号', floors: 7, has_lift: true },
	{ key: 'A1-22', compound: 'A1', label: '22号', floors: 6, has_lift: false },
	{ key: 'A2-3', compound: 'A2', label: '3号楼', floors: 18, has_lift: true },
	{ key: 'B1-8', compound: 'B1', label: '8号', floors: 6, has_lift: false },
	{ key: 'C1-1', compound: 'C1', label: '1号', floors: 5, has_lift: false },
];

// floor: what the room says (the server derives it; no floor is sent)
export const HOUSEHOLDS = [
	{ key: 'h20-101', building: 'A1-20', room: '101', floor: 1, housing_kind: 'public_rent', tags: [] },
	{ key: 'h20-301', building: 'A1-20', room: '301', floor: 3, housing_kind: 'public_rent', tags: [] },
	{ key: 'h20-401', building: 'A1-20', room: '401', floor: 4, housing_kind: 'public_rent', tags: ['困难家庭'] },
	{ key: 'h20-402', building: 'A1-20', room: '402', floor: 4, housing_kind: 'rented', tags: [] },
	{ key: 'h20-502', building: 'A1-20', room: '502', floor: 5, housing_kind: 'owned', tags: [] },
	{ key: 'h20-601', building: 'A1-20', room: '601', floor: 6, housing_kind: 'owned', tags: [] },
	{ key: 'h21-602', building: 'A1-21', room: '602', floor: 6, housing_kind: 'owned', tags: [] },
	{ key: 'h21-201', building: 'A1-21', room: '201', floor: 2, housing_kind: 'other', tags: [] },
	{ key: 'h22-501', building: 'A1-22', room: '501室', floor: 5, housing_kind: 'public_rent', tags: [] },
	{ key: 'h3-1201', building: 'A2-3', room: '1201室', floor: 12, housing_kind: 'owned', tags: [] },
	{ key: 'h3-1502', building: 'A2-3', room: '1502', floor: 15, housing_kind: 'owned', tags: [] },
	{ key: 'h3-3-201', building: 'A2-3', room: '3-201', floor: 2, housing_kind: 'rented', tags: [] },
	{ key: 'h8-501', building: 'B1-8', room: '501', floor: 5, housing_kind: 'owned', tags: [] },
	{ key: 'h8-202', building: 'B1-8', room: '202', floor: 2, housing_kind: 'owned', tags: [] },
	{ key: 'h1-401', building: 'C1-1', room: '401', floor: 4, housing_kind: 'public_rent', tags: [] },
	{ key: 'h1-101', building: 'C1-1', room: '101', floor: 1, housing_kind: 'rented', tags: [] },
];

// age: whole years today; shift: days from today to this year's birthday
// (≤ 0: already had it).  derive: send only the ID number, not birth_date
// and gender.  phone: a number, 'fixed' (a Shanghai fixed line) or null.
// status: living unless given (set by a PATCH after the create).
export const RESIDENTS = [
	{ key: 'r01', hh: 'h20-101', name: '王建国', male: true, age: 85, shift: -10, tags: ['老党员'], party_member: true, residence_kind: 'registered', relation: 'head', wantX: true },
	{ key: 'r02', hh: 'h20-101', name: '李秀英', male: false, age: 83, shift: -50, tags: ['空巢老人'], party_member: false, residence_kind: 'registered', relation: 'spouse' },
	{ key: 'r03', hh: 'h20-301', name: '张桂兰', male: false, age: 80, shift: 0, tags: ['独居老人'], party_member: false, residence_kind: 'registered', relation: 'head', derive: true },
	{ key: 'r04', hh: 'h20-401', name: '刘志明', male: true, age: 79, shift: 1, tags: ['独居老人', '残障人士'], party_member: false, residence_kind: 'registered', relation: 'head' },
	{ key: 'r05', hh: 'h20-402', name: '吴卫东', male: true, age: 69, shift: 1, tags: ['志愿者'], party_member: true, residence_kind: 'resident', relation: 'head' },
	{ key: 'r06', hh: 'h20-502', name: '陈玉珍', male: false, age: 72, shift: -100, tags: ['孤寡老人'], party_member: false, residence_kind: 'registered', relation: 'head' },
	{ key: 'r07', hh: 'h20-502', name: '陈国平', male: true, age: 90, shift: -20, tags: ['老党员'], party_member: true, residence_kind: 'registered', relation: 'sibling', status: 'deceased', statusDays: -200 },
	{ key: 'r08', hh: 'h20-601', name: '赵丽', male: false, age: 70, shift: 0, tags: ['楼组长'], party_member: true, residence_kind: 'resident', relation: 'head' },
	{ key: 'r09', hh: 'h20-601', name: '孙强', male: true, age: 45, shift: -70, tags: [], party_member: false, residence_kind: 'floating', relation: 'spouse' },
	{ key: 'r10', hh: 'h20-601', name: '孙小明', male: true, age: 12, shift: 30, tags: [], party_member: false, residence_kind: 'registered', relation: 'child', phone: null },
	{ key: 'r11', hh: 'h21-602', name: '周美华', male: false, age: 76, shift: -5, tags: ['独居老人'], party_member: false, residence_kind: 'registered', relation: 'head' },
	{ key: 'r12', hh: 'h21-201', name: '郑红', male: false, age: 65, shift: 60, tags: [], party_member: false, residence_kind: 'resident', relation: 'head', phone: 'fixed' },
	{ key: 'r13', hh: 'h22-501', name: '钱秀珍', male: false, age: 74, shift: -3, tags: ['独居老人'], party_member: false, residence_kind: 'registered', relation: 'head', derive: true },
	{ key: 'r14', hh: 'h3-1201', name: '冯志刚', male: true, age: 60, shift: 0, tags: ['社区能人'], party_member: true, residence_kind: 'registered', relation: 'head' },
	{ key: 'r15', hh: 'h3-1201', name: '冯雪', male: false, age: 35, shift: -200, tags: [], party_member: false, residence_kind: 'registered', relation: 'child' },
	{ key: 'r16', hh: 'h3-1201', name: '冯小宝', male: true, age: 5, shift: 100, tags: [], party_member: false, residence_kind: 'registered', relation: 'grandchild', phone: null },
	{ key: 'r17', hh: 'h3-1502', name: '欧阳明月', male: false, age: 88, shift: 20, tags: ['独居老人', '老党员'], party_member: true, residence_kind: 'registered', relation: 'head' },
	{ key: 'r18', hh: 'h3-3-201', name: '何文', male: true, age: 59, shift: 1, tags: [], party_member: false, residence_kind: 'floating', relation: 'head' },
	{ key: 'r19', hh: 'h3-3-201', name: '何静', male: false, age: 30, shift: -1, tags: [], party_member: false, residence_kind: 'separated', relation: 'child', status: 'moved_out', statusDays: -30 },
	{ key: 'r20', hh: 'h8-501', name: '王秀兰', male: false, age: 81, shift: -15, tags: ['独居老人'], party_member: false, residence_kind: 'registered', relation: 'head' },
	{ key: 'r21', hh: 'h8-202', name: '李建国', male: true, age: 75, shift: -25, tags: ['老党员'], party_member: true, residence_kind: 'registered', relation: 'head' },
	{ key: 'r22', hh: 'h8-202', name: '张伟', male: true, age: 50, shift: 5, tags: [], party_member: false, residence_kind: 'floating', relation: 'other' },
	{ key: 'r23', hh: 'h1-401', name: '陈建华', male: true, age: 78, shift: -60, tags: ['残障人士'], party_member: false, residence_kind: 'registered', relation: 'head' },
	{ key: 'r24', hh: 'h1-401', name: '周秀英', male: false, age: 77, shift: -61, tags: [], party_member: false, residence_kind: 'registered', relation: 'spouse' },
	{ key: 'r25', hh: 'h1-101', name: '林芳', male: false, age: 50, shift: -7, tags: ['残障人士'], party_member: false, residence_kind: 'resident', relation: 'head' },
];

/** Built-in tag categories (docs/register.md). */
export const BUILTIN_TAGS = {
	独居老人: 'vulnerable', 孤寡老人: 'vulnerable', 空巢老人: 'vulnerable', 困难家庭: 'vulnerable',
	大病重病家庭: 'vulnerable', 失独家庭: 'vulnerable', 残障人士: 'vulnerable',
	老干部: 'veteran', 老劳模: 'veteran', 老党员: 'veteran',
	社区能人: 'talent', 楼组长: 'role', 志愿者: 'role', 红袖章: 'team',
};

// ---------------------------------------------------------------------------
// Users

export const ADMIN = { username: 'admin', password: 'register-admin-1' };

function makeUsers() {
	return {
		workerA: { username: uniqueName('workerA'), role: 'worker', scope: [COMMITTEES.A.code], password: 'worker-a-pass-1' },
		headA: { username: uniqueName('headA'), role: 'committee_head', scope: [COMMITTEES.A.code], password: 'head-a-pass-12' },
		workerB: { username: uniqueName('workerB'), role: 'worker', scope: [COMMITTEES.B.code], password: 'worker-b-pass-1' },
		headB: { username: uniqueName('headB'), role: 'committee_head', scope: [COMMITTEES.B.code], password: 'head-b-pass-12' },
		street: { username: uniqueName('street'), role: 'street', scope: [STREET], password: 'street-pass-12' },
	};
}

// ---------------------------------------------------------------------------
// Building it

/** POSTs BODY to PATH and asserts 201 with an integer id. */
export async function create(url, cookie, path, body) {
	const r = await api(url, 'POST', path, { cookie, body });
	assert.equal(r.status, 201, `POST ${path} ${JSON.stringify(body)} → ${r.status} ${r.text}`);
	assert.ok(r.json && Number.isInteger(r.json.id), `POST ${path}: no integer id: ${r.text}`);
	return r.json;
}

/** The fixture's data with today's dates, ID and phone numbers (no ids yet). */
export function describeFixture(today = todayShanghai()) {
	const committees = structuredClone(COMMITTEES);
	const compounds = COMPOUNDS.map((c) => ({ ...c, committee_code: committees[c.committee].code }));
	const compoundBy = Object.fromEntries(compounds.map((c) => [c.key, c]));
	const buildings = BUILDINGS.map((b) => ({ ...b, committee_code: compoundBy[b.compound].committee_code }));
	const buildingBy = Object.fromEntries(buildings.map((b) => [b.key, b]));
	const households = HOUSEHOLDS.map((h) => {
		const b = buildingBy[h.building];
		const c = compoundBy[b.compound];
		return {
			...h, tags: [...h.tags], compound: c.key, committee: c.committee, committee_code: c.committee_code,
			has_lift: b.has_lift, label: b.label, compoundName: c.name,
		};
	});
	const householdBy = Object.fromEntries(households.map((h) => [h.key, h]));
	const residents = RESIDENTS.map((spec, i) => {
		const h = householdBy[spec.hh];
		const birth_date = birthFor(today, spec.age, spec.shift);
		const id_number = makeIdNumber({ birth: birth_date, male: spec.male, seq: 100 + i * 20, wantX: !!spec.wantX });
		let phone;
		if (spec.phone === null) phone = null;
		else if (spec.phone === 'fixed') phone = '021-6234' + String(5600 + i).padStart(4, '0');
		else phone = mobile(1000 + i * 7);
		const r = {
			key: spec.key, name: spec.name, household: h.key, building: h.building, compound: h.compound,
			committee: h.committee, committee_code: h.committee_code, floor: h.floor, has_lift: h.has_lift,
			room: h.room, label: h.label, compoundName: h.compoundName,
			gender: spec.male ? 'male' : 'female', birth_date, age: ageOn(birth_date, today),
			id_number, phone, relation: spec.relation, residence_kind: spec.residence_kind,
			party_member: spec.party_member, tags: [...spec.tags], derive: !!spec.derive,
			status: spec.status || 'living',
			status_date: spec.status ? addDays(today, spec.statusDays) : null,
		};
		return r;
	});
	for (const r of residents) {
		const want = RESIDENTS.find((s) => s.key === r.key).age;
		assert.equal(r.age, want, `fixture: ${r.name} born ${r.birth_date} is ${r.age} on ${today}, meant ${want}`);
	}
	return { today, committees, compounds, buildings, households, residents };
}

/** Builds the register through the API as the admin (cookie ADMIN_COOKIE)
 * and returns the description with the server's ids filled in, plus helpers
 * for expectations. */
export async function buildFixture(url, adminCookie, today = todayShanghai()) {
	const d = describeFixture(today);
	for (const c of d.compounds) {
		const made = await create(url, adminCookie, '/api/v1/compounds', {
			committee_code: c.committee_code, name: c.name, kind: c.kind,
			built_year: c.built_year, property_manager: c.property_manager,
		});
		c.id = made.id;
	}
	const compoundBy = Object.fromEntries(d.compounds.map((c) => [c.key, c]));
	for (const b of d.buildings) {
		const made = await create(url, adminCookie, '/api/v1/buildings', {
			compound_id: compoundBy[b.compound].id, label: b.label, floors: b.floors, has_lift: b.has_lift,
		});
		b.id = made.id;
		b.compound_id = compoundBy[b.compound].id;
	}
	const buildingBy = Object.fromEntries(d.buildings.map((b) => [b.key, b]));
	for (const h of d.households) {
		const body = { building_id: buildingBy[h.building].id, room: h.room, housing_kind: h.housing_kind };
		if (h.tags.length) body.tags = h.tags;
		const made = await create(url, adminCookie, '/api/v1/households', body);
		h.id = made.id;
		h.building_id = buildingBy[h.building].id;
		h.compound_id = compoundBy[h.compound].id;
	}
	const householdBy = Object.fromEntries(d.households.map((h) => [h.key, h]));
	for (const r of d.residents) {
		const body = {
			household_id: householdBy[r.household].id, name: r.name, id_number: r.id_number,
			relation: r.relation, residence_kind: r.residence_kind, party_member: r.party_member,
		};
		if (!r.derive) {
			body.gender = r.gender;
			body.birth_date = r.birth_date;
		}
		if (r.phone !== null) body.phone = r.phone;
		if (r.tags.length) body.tags = r.tags;
		const made = await create(url, adminCookie, '/api/v1/residents', body);
		r.id = made.id;
		r.household_id = householdBy[r.household].id;
		r.building_id = buildingBy[r.building].id;
		r.compound_id = compoundBy[r.compound].id;
		if (r.status !== 'living') {
			const p = await api(url, 'PATCH', `/api/v1/residents/${r.id}`, {
				cookie: adminCookie, body: { status: r.status, status_date: r.status_date },
			});
			assert.equal(p.status, 200, `PATCH resident ${r.name} status: ${p.status} ${p.text}`);
		}
	}
	return withHelpers(d);
}

/** Adds lookups and expectation helpers to a description. */
export function withHelpers(d) {
	const fx = d;
	fx.compound = (key) => d.compounds.find((c) => c.key === key);
	fx.building = (key) => d.buildings.find((b) => b.key === key);
	fx.household = (key) => d.households.find((h) => h.key === key);
	fx.resident = (key) => d.residents.find((r) => r.key === key);
	fx.byName = (name) => d.residents.find((r) => r.name === name);
	fx.residentById = (id) => d.residents.find((r) => r.id === id);
	/** A resident's tags as the filters see them: set by hand plus the
	 * derived 高龄 (80 and over). */
	fx.residentTags = (r) => (r.age >= 80 ? [...r.tags, '高龄'] : [...r.tags]);
	/** A household's tags as the filters see them: its own plus those of its
	 * living members. */
	fx.householdTags = (h) => {
		const s = new Set(h.tags);
		for (const r of d.residents) {
			if (r.household === h.key && r.status === 'living') for (const t of fx.residentTags(r)) s.add(t);
		}
		return [...s];
	};
	/** Sorted ids of the residents for which PRED holds (living ones only
	 * unless ANY_STATUS). */
	fx.residentIds = (pred, { anyStatus = false } = {}) => d.residents
		.filter((r) => (anyStatus || r.status === 'living') && pred(r))
		.map((r) => r.id).sort((a, b) => a - b);
	fx.residentNames = (pred, opts) => fx.residentIds(pred, opts).map((id) => fx.residentById(id).name).sort();
	/** Sorted ids of the households for which PRED holds. */
	fx.householdIds = (pred) => d.households.filter(pred).map((h) => h.id).sort((a, b) => a - b);
	fx.allIdNumbers = () => d.residents.map((r) => r.id_number);
	fx.allPhones = () => d.residents.filter((r) => r.phone).map((r) => r.phone);
	return fx;
}

/** A fresh database with the users of makeUsers(), a server, everyone logged
 * in and the fixture built.  Returns {dir, db, server, url, users, cookies,
 * fx}; stop the server in `after`. */
export async function startRegister({ serverTmp = false } = {}) {
	const rows = divisions();
	for (const c of Object.values(COMMITTEES)) {
		const row = rows.find((x) => x.code === c.code);
		assert.ok(row, `fixture: committee ${c.code}`);
		assert.equal(row.name, c.name, `fixture: committee ${c.code} name`);
		assert.equal(row.parent_code, c.street, `fixture: committee ${c.code} street`);
	}
	const dir = await tmpdir();
	const { db } = await initDb(dir, { adminPassword: ADMIN.password });
	const users = makeUsers();
	for (const u of Object.values(users)) addUser(db, u);
	// serverTmp: the server's TMPDIR is a folder of the test's own, to scan.
	const tmp = serverTmp ? path.join(dir, 'server-tmp') : null;
	if (tmp) await fsp.mkdir(tmp, { mode: 0o700 });
	const server = await startServer({ db, env: tmp ? { TMPDIR: tmp } : undefined });
	const url = server.url;
	const cookies = { admin: await login(url, ADMIN.username, ADMIN.password) };
	for (const [k, u] of Object.entries(users)) cookies[k] = await login(url, u.username, u.password);
	let fx;
	try {
		fx = await buildFixture(url, cookies.admin);
	} catch (e) {
		e.message += `\n--- server stderr (tail) ---\n${server.stderrText().slice(-3000)}`;
		throw e;
	}
	return { dir, db, server, url, users, cookies, fx, serverTmp: tmp };
}

/** ids of a list of items, sorted. */
export function idsOf(items) {
	return items.map((i) => i.id).sort((a, b) => a - b);
}

/** Asserts that TEXT (a response body) contains none of the clear ID or
 * phone numbers of the fixture (phones also without separators). */
export function assertNoClearNumbers(fx, text, what) {
	for (const id of fx.allIdNumbers()) {
		assert.ok(!text.includes(id), `${what}: the clear ID number ${id} appears`);
		assert.ok(!text.includes(id.slice(6, 14) + id.slice(14)), `${what}: the tail of ID number ${id} appears`);
	}
	for (const p of fx.allPhones()) {
		const digits = p.replace(/[\s-]/g, '');
		assert.ok(!text.includes(digits), `${what}: the clear phone ${p} appears`);
		if (digits.length === 11 && digits.startsWith('021')) {
			assert.ok(!text.includes(digits.slice(3)), `${what}: the clear phone ${p} appears`);
		}
	}
}
