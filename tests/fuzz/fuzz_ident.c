/* Identity numbers, phone numbers, rooms and dates (core/ident.c) and the
 * clock's dates and RFC 3339 times (util/clock.c), each on the input as one
 * string, with the round trips they promise checked. */
#include "fuzz.h"

#include "core/ident.h"
#include "util/clock.h"

static void
check(bool ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "%s: \"%s\"\n", what, s);
		abort();
	}
}

static void
ident(const char *s)
{
	char id[IDENT_ID_LEN + 1], date[11], phone[16], mask[24];
	bool female;
	int fl;

	if (ident_id_normalize(s, id)) {
		check(ident_id_valid(id), "a normalised ID number is not valid", s);
		ident_id_birth(id, date, &female);
		check(ident_date_valid(date), "the birth date of a valid ID number is not valid",
		      s);
	} else {
		check(id[0] == '\0', "a refused ID number leaves out non-empty", s);
	}
	if (ident_id_valid(s)) {
		ident_id_birth(s, date, &female);
		(void)ident_age(date, "2026-12-03");
	}
	(void)ident_id_check_digit(strlen(s) >= 17 ? s : "11010519491231002");
	if (ident_phone_normalize(s, phone)) {
		char again[16];

		check(ident_phone_normalize(phone, again) && strcmp(again, phone) == 0,
		      "a normalised phone number normalises to something else", s);
	}
	ident_mask_id(s, mask);
	check(strlen(mask) < sizeof(mask), "an ID mask overflows", s);
	ident_mask_phone(s, mask);
	(void)ident_room_floor(s, &fl);
	(void)ident_age(s, "2026-12-03");
	(void)ident_age("1950-02-28", s);
}

static void
dates(const char *s)
{
	char out[CLOCK_LOCAL_LEN];
	int64_t days, start, end, t;

	check(ident_date_valid(s) == clock_date_valid(s), "ident and clock disagree on a date", s);
	if (clock_date_days(s, &days)) {
		clock_days_date(days, out);
		check(strcmp(out, s) == 0, "a date does not come back from its day number", s);
		check(clock_day_start(s, &start) && clock_day_end(s, &end) &&
			      end - start == CLOCK_DAY,
		      "a day is not 86400 seconds long", s);
	} else {
		check(!clock_date_valid(s), "a valid date has no day number", s);
	}
	if (clock_parse_time(s, &t)) {
		/* Formatting clamps to the years 0001 to 9999 (clock.h): the round
		 * trips hold inside them, in UTC and in Shanghai. */
		int64_t first = clock_shanghai(1, 1, 1, 0, 0, 0);
		int64_t last = clock_shanghai(9999, 12, 31, 23, 59, 59);

		clock_format_utc(t, out);
		if (t >= first + CLOCK_SHANGHAI_OFFSET && t <= last + CLOCK_SHANGHAI_OFFSET)
			check(clock_parse_time(out, &start) && start == t,
			      "a time does not come back from its UTC form", s);
		clock_format_shanghai(t, out);
		if (t >= first && t <= last)
			check(clock_parse_time(out, &start) && start == t,
			      "a time does not come back from its Shanghai form", s);
		(void)clock_shanghai_minute(t);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	ident(s);
	dates(s);
	free(s);
	return 0;
}
