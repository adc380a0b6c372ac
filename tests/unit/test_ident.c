/* Identity values (core/ident.c): ID numbers, phones, masks, floors from
 * rooms, dates, ages and today in Shanghai, table-driven. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/ident.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* An ID number from its first 17 digits, with the check digit computed here
 * independently of the code under test: the weight of position i (0-based)
 * is 2^(17-i) mod 11, and the check digit c makes sum + c ≡ 1 (mod 11), 10
 * written X. */
static void
make_id(const char *body, char out[19])
{
	int sum = 0, i, c, weight;

	cr_assert_eq(strlen(body), 17, "make_id: body %s is not 17 digits", body);
	for (i = 0; i < 17; i++) {
		weight = 1;
		for (c = 0; c < 17 - i; c++)
			weight = weight * 2 % 11;
		sum += (body[i] - '0') * weight;
	}
	c = ((1 - sum) % 11 + 11) % 11;
	memcpy(out, body, 17);
	out[17] = c == 10 ? 'X' : (char)('0' + c);
	out[18] = '\0';
}

Test(ident, helper_agrees_with_published_example)
{
	char id[19];

	make_id("11010519491231002", id);
	cr_expect_str_eq(id, "11010519491231002X");
	make_id("31010719500101123", id);
	cr_expect_str_eq(id, "310107195001011234");
}

struct id_case {
	const char *id;	  /* used as is when body is NULL */
	const char *body; /* 17 digits: the ID is made with its right check digit */
	bool valid;
	const char *why;
};

static const struct id_case id_cases[] = {
	{"11010519491231002X", NULL, true, "the published example"},
	{"11010519491231002x", NULL, true, "lower-case x"},
	{"310107195001011234", NULL, true, "check digit 4 (computed)"},
	{NULL, "31010120000229001", true, "born on a leap day (2000)"},
	{NULL, "31011519000101001", true, "born 1900-01-01"},
	{NULL, "31011521001231001", true, "born 2100-12-31"},
	{NULL, "65010119801231001", true, "Xinjiang region"},
	{NULL, "81000019900615002", true, "Hong Kong region"},
	{"110105194912310021", NULL, false, "wrong check digit (1 for X)"},
	{"310107195001011235", NULL, false, "wrong check digit (5 for 4)"},
	{"31010719500101123X", NULL, false, "X where 4 is due"},
	{NULL, "31010719990230123", false, "19990230 is no date"},
	{NULL, "31010719000229001", false, "1900 is not a leap year"},
	{NULL, "31010719501301001", false, "month 13"},
	{NULL, "31010719500100001", false, "day 0"},
	{NULL, "31010718991231001", false, "born 1899"},
	{NULL, "31010721010101001", false, "born 2101"},
	{NULL, "01010719500101001", false, "region code starting with 0"},
	{"31010719500101123", NULL, false, "17 characters"},
	{"3101071950010112345", NULL, false, "19 characters"},
	{"31010A195001011234", NULL, false, "a letter among the digits"},
	{"3101071950X1011234", NULL, false, "X before the end"},
	{"31010719500101123Y", NULL, false, "Y as check digit"},
	{" 310107195001011234", NULL, false, "a leading space (normalise first)"},
	{"310107195001011234 ", NULL, false, "a trailing space"},
	{"３10107195001011234", NULL, false, "a full-width digit"},
	{"", NULL, false, "empty"},
};

Test(ident, id_valid_table)
{
	char made[19];
	const char *id;
	size_t i;

	for (i = 0; i < NELEM(id_cases); i++) {
		const struct id_case *c = &id_cases[i];

		id = c->id;
		if (c->body != NULL) {
			make_id(c->body, made);
			id = made;
		}
		cr_expect_eq(ident_id_valid(id), c->valid, "%s (%s): valid %d, want %d", id, c->why,
			     !c->valid, c->valid);
	}
	cr_expect_not(ident_id_valid(NULL), "NULL is not valid");
}

Test(ident, id_check_digit)
{
	cr_expect_eq(ident_id_check_digit("11010519491231002"), 'X');
	cr_expect_eq(ident_id_check_digit("31010719500101123"), '4');
	cr_expect_eq(ident_id_check_digit("3101071950010112"), '\0', "16 digits");
	cr_expect_eq(ident_id_check_digit("3101071950010112a"), '\0', "a letter");
}

struct norm_case {
	const char *in;
	const char *want; /* NULL: refused */
};

static const struct norm_case norm_cases[] = {
	{"11010519491231002X", "11010519491231002X"},
	{"11010519491231002x", "11010519491231002X"},
	{"  11010519491231002x  ", "11010519491231002X"},
	{"\t310107195001011234\r\n", "310107195001011234"},
	{"\xe3\x80\x80"
	 "310107195001011234"
	 "\xe3\x80\x80",
	 "310107195001011234"},
	{"3101 07195001011234", NULL},
	{"310107195001011235", NULL},
	{"   ", NULL},
	{"", NULL},
	{"31010719500101123", NULL},
};

Test(ident, id_normalize_table)
{
	char out[IDENT_ID_LEN + 1];
	size_t i;

	for (i = 0; i < NELEM(norm_cases); i++) {
		const struct norm_case *c = &norm_cases[i];
		bool ok;

		memset(out, '#', sizeof(out));
		ok = ident_id_normalize(c->in, out);
		if (c->want == NULL) {
			cr_expect_not(ok, "\"%s\": accepted as %s", c->in, out);
			cr_expect_str_empty(out, "\"%s\": out not emptied", c->in);
		} else {
			cr_expect(ok, "\"%s\": refused", c->in);
			cr_expect_str_eq(out, c->want, "\"%s\": %s, want %s", c->in, out, c->want);
		}
	}
	cr_expect_not(ident_id_normalize(NULL, out));
}

Test(ident, id_birth_and_sex)
{
	char date[11], id[19];
	bool female = false;

	ident_id_birth("11010519491231002X", date, &female);
	cr_expect_str_eq(date, "1949-12-31");
	cr_expect(female, "17th digit 2 is female");
	ident_id_birth("310107195001011234", date, &female);
	cr_expect_str_eq(date, "1950-01-01");
	cr_expect_not(female, "17th digit 3 is male");
	make_id("31010120000229000", id);
	ident_id_birth(id, date, &female);
	cr_expect_str_eq(date, "2000-02-29");
	cr_expect(female, "17th digit 0 is female");
	female = true;
	ident_id_birth("310107195001011235", date, &female);
	cr_expect_str_empty(date, "an invalid ID has no birth date");
	cr_expect_not(female);
}

struct phone_case {
	const char *in;
	const char *want; /* NULL: refused */
};

static const struct phone_case phone_cases[] = {
	{"13812345678", "13812345678"},
	{"138-1234-5678", "13812345678"},
	{"138 1234 5678", "13812345678"},
	{"19912345678", "19912345678"},
	{"+8613812345678", "13812345678"},
	{"+86 138 1234 5678", "13812345678"},
	{"+86-138-1234-5678", "13812345678"},
	{"8613812345678", "13812345678"},
	{"62345678", "02162345678"},
	{"6234-5678", "02162345678"},
	{"86123456", "02186123456"}, /* a fixed line beginning 86 keeps it */
	{"021-62345678", "02162345678"},
	{"02162345678", "02162345678"},
	{"021 6234 5678", "02162345678"},
	{"+86 21 6234 5678", "02162345678"},
	{"+86-021-62345678", "02162345678"},
	{"862162345678", "02162345678"},
	{"0755-12345678", NULL},
	{"075512345678", NULL},
	{"010-62345678", NULL},
	{"+86 10 6234 5678", NULL},
	{"021-12345678", NULL},
	{"12345678", NULL},
	{"02345678", NULL},
	{"138123456789", NULL},
	{"1381234567", NULL},
	{"10012345678", NULL},
	{"11012345678", NULL},
	{"12012345678", NULL},
	{"+1 212 555 1234", NULL},
	{"+8612012345678", NULL},
	{"++8613812345678", NULL},
	{"138+12345678", NULL},
	{"138.1234.5678", NULL},
	{"(021)62345678", NULL},
	{"1381234567a", NULL},
	{"123456789012345678901234567890", NULL},
	{"+", NULL},
	{"", NULL},
	{" - ", NULL},
};

Test(ident, phone_normalize_table)
{
	char out[16];
	size_t i;

	for (i = 0; i < NELEM(phone_cases); i++) {
		const struct phone_case *c = &phone_cases[i];
		bool ok;

		memset(out, '#', sizeof(out));
		ok = ident_phone_normalize(c->in, out);
		if (c->want == NULL) {
			cr_expect_not(ok, "\"%s\": accepted as %s", c->in, out);
			cr_expect_str_empty(out, "\"%s\": out not emptied", c->in);
		} else {
			cr_expect(ok, "\"%s\": refused", c->in);
			cr_expect_str_eq(out, c->want, "\"%s\": %s, want %s", c->in, out, c->want);
		}
	}
	cr_expect_not(ident_phone_normalize(NULL, out));
}

struct mask_case {
	const char *in;
	const char *want;
};

static const struct mask_case id_masks[] = {
	{"31010719500101123X", "3101**********123X"}, /* as the docs write it */
	{"310107195001011234", "3101**********1234"},
	{"11010519491231002X", "1101**********002X"},
	{"12345", "*2345"},
	{"abc", "***"},
	{"", ""},
	{"1234567890123456789012345678", "*******************5678"},
};

static const struct mask_case phone_masks[] = {
	{"13812345678", "138****5678"},
	{"19900001111", "199****1111"},
	{"02162345678", "021-****5678"},
	{"138-1234-5678", "138****5678"},
	{"12345", "*2345"},
	{"", ""},
};

Test(ident, masks)
{
	char out[24];
	size_t i;

	for (i = 0; i < NELEM(id_masks); i++) {
		ident_mask_id(id_masks[i].in, out);
		cr_expect_str_eq(out, id_masks[i].want, "id \"%s\": %s, want %s", id_masks[i].in,
				 out, id_masks[i].want);
	}
	for (i = 0; i < NELEM(phone_masks); i++) {
		ident_mask_phone(phone_masks[i].in, out);
		cr_expect_str_eq(out, phone_masks[i].want, "phone \"%s\": %s, want %s",
				 phone_masks[i].in, out, phone_masks[i].want);
	}
	ident_mask_id(NULL, out);
	cr_expect_str_empty(out);
	ident_mask_phone(NULL, out);
	cr_expect_str_empty(out);
}

#define UNKNOWN 9999

struct room_case {
	const char *room;
	int floor; /* UNKNOWN: cannot tell */
};

static const struct room_case room_cases[] = {
	{"1201室", 12},	      {"1201", 12},	   {"301", 3},		{"05", UNKNOWN},
	{"3-201", 2},	      {"B102", -1},	   {"地下室", UNKNOWN}, {"12楼3室", 12},
	{"12F", 12},	      {"12f", 12},	   {"12层", 12},	{"3楼", 3},
	{"3-201室", 2},	      {"3－201", 2},	   {"2单元1502室", 15}, {"20号1201", 12},
	{"20-3-1201", 12},    {"b203", -2},	   {"B1", -1},		{"地下1层", -1},
	{"地下2", -2},	      {"1201A", 12},	   {"1201号", 12},	{" 1201 ", 12},
	{"999", 9},	      {"9999", 99},	   {"0101", 1},		{"012", UNKNOWN},
	{"5", UNKNOWN},	      {"12011", UNKNOWN},  {"B12", UNKNOWN},	{"B", UNKNOWN},
	{"0楼", UNKNOWN},     {"201楼", UNKNOWN},  {"-201", UNKNOWN},	{"12-", UNKNOWN},
	{"1201室A", UNKNOWN}, {"门卫室", UNKNOWN}, {"十二楼", UNKNOWN}, {"", UNKNOWN},
};

Test(ident, room_floor_table)
{
	size_t i;
	int floor;
	bool ok;

	cr_assert_geq(NELEM(room_cases), 15);
	for (i = 0; i < NELEM(room_cases); i++) {
		const struct room_case *c = &room_cases[i];

		floor = UNKNOWN;
		ok = ident_room_floor(c->room, &floor);
		if (c->floor == UNKNOWN) {
			cr_expect_not(ok, "\"%s\": floor %d, want unknown", c->room, floor);
			cr_expect_eq(floor, UNKNOWN, "\"%s\": floor changed though unknown",
				     c->room);
		} else {
			cr_expect(ok, "\"%s\": unknown, want %d", c->room, c->floor);
			cr_expect_eq(floor, c->floor, "\"%s\": floor %d, want %d", c->room, floor,
				     c->floor);
		}
	}
	cr_expect_not(ident_room_floor(NULL, &floor));
}

struct date_case {
	const char *s;
	bool valid;
};

static const struct date_case date_cases[] = {
	{"2024-02-29", true},	{"2000-02-29", true},  {"2023-04-30", true},
	{"2023-12-31", true},	{"0001-01-01", true},  {"9999-12-31", true},
	{"2023-02-29", false},	{"1900-02-29", false}, {"2023-13-01", false},
	{"2023-4-01", false},	{"2023-04-1", false},  {"2023-00-10", false},
	{"2023-04-00", false},	{"2023-04-31", false}, {"0000-01-01", false},
	{"2023/04/01", false},	{"20230401", false},   {"2023-04-01 ", false},
	{" 2023-04-01", false}, {"2023-04-0a", false}, {"", false},
};

Test(ident, date_valid_table)
{
	size_t i;

	for (i = 0; i < NELEM(date_cases); i++)
		cr_expect_eq(ident_date_valid(date_cases[i].s), date_cases[i].valid,
			     "\"%s\": want %s", date_cases[i].s,
			     date_cases[i].valid ? "valid" : "invalid");
	cr_expect_not(ident_date_valid(NULL));
}

struct age_case {
	const char *birth;
	const char *today;
	int age;
};

static const struct age_case age_cases[] = {
	{"1950-06-15", "2025-06-15", 75}, /* birthday today */
	{"1950-06-15", "2025-06-14", 74}, /* the day before */
	{"1950-06-15", "2025-06-16", 75},
	{"1950-06-15", "2025-05-31", 74},
	{"1949-12-31", "2026-01-01", 76},
	{"2000-02-29", "2023-02-28", 22}, /* leap day, non-leap year: birthday 1 Mar */
	{"2000-02-29", "2023-03-01", 23},
	{"2000-02-29", "2024-02-28", 23},
	{"2000-02-29", "2024-02-29", 24}, /* leap year: birthday on the day */
	{"2000-02-29", "2100-02-28", 99}, /* 2100 is not a leap year */
	{"2000-02-29", "2100-03-01", 100},
	{"2025-06-15", "2025-06-15", 0},
	{"2025-06-16", "2025-06-15", -1}, /* born after today */
	{"2026-01-01", "2025-12-31", -1},
	{"2023-02-29", "2025-06-15", -1},
	{"1950-06-15", "2025-13-01", -1},
	{"1950-6-15", "2025-06-15", -1},
	{"", "2025-06-15", -1},
};

Test(ident, age_table)
{
	size_t i;
	int age;

	for (i = 0; i < NELEM(age_cases); i++) {
		const struct age_case *c = &age_cases[i];

		age = ident_age(c->birth, c->today);
		cr_expect_eq(age, c->age, "born %s, today %s: %d, want %d", c->birth, c->today, age,
			     c->age);
	}
	cr_expect_eq(ident_age(NULL, "2025-06-15"), -1);
	cr_expect_eq(ident_age("1950-06-15", NULL), -1);
}

struct today_case {
	int64_t t;
	const char *date;
	const char *why;
};

static const struct today_case today_cases[] = {
	{1704124800, "2024-01-02", "2024-01-01 16:00:00 UTC is midnight in Shanghai"},
	{1704124799, "2024-01-01", "2024-01-01 15:59:59 UTC"},
	{1704038400, "2024-01-01", "new year at 2023-12-31 16:00 UTC"},
	{1704038399, "2023-12-31", "2023-12-31 15:59:59 UTC"},
	{1709136000, "2024-02-29", "leap day begins 2024-02-28 16:00 UTC"},
	{1709135999, "2024-02-28", "2024-02-28 15:59:59 UTC"},
	{4107513600, "2100-03-01", "2100 has no 29 Feb"},
	{0, "1970-01-01", "the epoch is 08:00 in Shanghai"},
	{-28800, "1970-01-01", "1969-12-31 16:00 UTC"},
	{-28801, "1969-12-31", "1969-12-31 15:59:59 UTC"},
	{INT64_MAX, "9999-12-31", "clamped high"},
	{INT64_MIN, "0001-01-01", "clamped low"},
};

Test(ident, today_in_shanghai)
{
	char out[11];
	size_t i;

	for (i = 0; i < NELEM(today_cases); i++) {
		const struct today_case *c = &today_cases[i];

		memset(out, '#', sizeof(out));
		ident_today(c->t, out);
		cr_expect_str_eq(out, c->date, "%lld (%s): %s, want %s", (long long)c->t, c->why,
				 out, c->date);
	}
}

/* Every day from 1900 to 2100 by ident_today is a valid date, one after the
 * other, and the age on it of someone born 1900-01-01 only grows. */
Test(ident, today_walks_the_calendar)
{
	char prev[11], cur[11];
	int64_t t;
	int age, last = 0;

	ident_today(INT64_C(-2208988800) - 28800, prev);
	cr_assert_str_eq(prev, "1900-01-01");
	for (t = INT64_C(-2208988800) - 28800 + 86400; t < INT64_C(4133980800) - 28800;
	     t += 86400) {
		ident_today(t, cur);
		cr_assert(ident_date_valid(cur), "%lld: %s is no date", (long long)t, cur);
		cr_assert_gt(strcmp(cur, prev), 0, "%s does not follow %s", cur, prev);
		age = ident_age("1900-01-01", cur);
		cr_assert(age == last || age == last + 1, "%s: age %d after %d", cur, age, last);
		last = age;
		memcpy(prev, cur, sizeof(prev));
	}
	cr_expect_str_eq(prev, "2100-12-31");
	cr_expect_eq(last, 200);
}
