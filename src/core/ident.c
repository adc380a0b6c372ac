/*
 * Identity values of the register (see ident.h and docs/register.md): ID
 * numbers by GB 11643-1999, phone numbers, masks, floors from rooms, dates.
 * Pure functions: no I/O, no clock, no allocation, no locale.
 */

#include <stddef.h>
#include <string.h>

#include "core/ident.h"
#include "util/clock.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The value of the n digits at s; -1 when one of them is not a digit. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool
ymd_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= clock_month_days(y, m);
}

/* Writes YYYY-MM-DD (11 bytes with the NUL) for a valid date. */
static void
put_date(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Reads YYYY-MM-DD; false when s is not exactly such a real date. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	return *y >= 0 && *m >= 0 && *d >= 0 && ymd_valid(*y, *m, *d);
}

char
ident_id_check_digit(const char *s)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	int sum = 0;
	int i;

	if (s == NULL)
		return '\0';
	for (i = 0; i < 17; i++) {
		if (!is_digit(s[i]))
			return '\0';
		sum += (s[i] - '0') * weights[i];
	}
	return checks[sum % 11];
}

bool
ident_id_valid(const char *s)
{
	char check, last;
	int y, m, d;

	if (s == NULL || strnlen(s, IDENT_ID_LEN + 1) != IDENT_ID_LEN || s[0] == '0')
		return false;
	check = ident_id_check_digit(s);
	if (check == '\0')
		return false;
	last = s[17] == 'x' ? 'X' : s[17];
	if (last != check)
		return false;
	y = digits(s + 6, 4);
	m = digits(s + 10, 2);
	d = digits(s + 12, 2);
	return y >= 1900 && y <= 2100 && ymd_valid(y, m, d);
}

/* The length of the white space at s (ASCII or U+3000), 0 when none. */
static size_t
space_len(const char *s, const char *end)
{
	static const char ideographic[] = "\xe3\x80\x80";

	if (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
		return 1;
	if (end - s >= 3 && memcmp(s, ideographic, 3) == 0)
		return 3;
	return 0;
}

/* The length of the white space that ends [s, end), 0 when none. */
static size_t
space_len_back(const char *s, const char *end)
{
	if (end > s && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r')))
		return 1;
	if (end - s >= 3 && space_len(end - 3, end) == 3)
		return 3;
	return 0;
}

/* Narrows [*s, *end) to leave out white space at both ends. */
static void
trim(const char **s, const char **end)
{
	size_t n;

	for (n = space_len(*s, *end); n > 0; n = space_len(*s, *end))
		*s += n;
	for (n = space_len_back(*s, *end); n > 0; n = space_len_back(*s, *end))
		*end -= n;
}

bool
ident_id_normalize(const char *in, char out[IDENT_ID_LEN + 1])
{
	const char *s, *end;
	size_t i;

	out[0] = '\0';
	if (in == NULL)
		return false;
	s = in;
	end = in + strlen(in);
	trim(&s, &end);
	if (end - s != IDENT_ID_LEN)
		return false;
	for (i = 0; i < IDENT_ID_LEN; i++)
		out[i] = s[i] == 'x' ? 'X' : s[i];
	out[IDENT_ID_LEN] = '\0';
	if (!ident_id_valid(out)) {
		out[0] = '\0';
		return false;
	}
	return true;
}

void
ident_id_birth(const char *id, char date[11], bool *female)
{
	date[0] = '\0';
	*female = false;
	if (!ident_id_valid(id))
		return;
	put_date(date, digits(id + 6, 4), digits(id + 10, 2), digits(id + 12, 2));
	*female = (id[16] - '0') % 2 == 0;
}

/* A phone number as the n digits at d, without country code: the normal
 * form into out, or false.  intl: a country code came first, so that the
 * international form of a Shanghai line (21 + 8 digits) is taken. */
static bool
phone_national(const char *d, size_t n, bool intl, char out[16])
{
	if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
		memcpy(out, d, 11);
		out[11] = '\0';
		return true;
	}
	if (n == 8 && d[0] >= '2' && d[0] <= '9') {
		memcpy(out, "021", 3);
		memcpy(out + 3, d, 8);
		out[11] = '\0';
		return true;
	}
	if (n == 11 && memcmp(d, "021", 3) == 0 && d[3] >= '2' && d[3] <= '9') {
		memcpy(out, d, 11);
		out[11] = '\0';
		return true;
	}
	if (intl && n == 10 && memcmp(d, "21", 2) == 0 && d[2] >= '2' && d[2] <= '9') {
		out[0] = '0';
		memcpy(out + 1, d, 10);
		out[11] = '\0';
		return true;
	}
	return false;
}

bool
ident_phone_normalize(const char *in, char out[16])
{
	char d[20] = {0};
	size_t n = 0;
	bool plus = false;
	const char *p;

	out[0] = '\0';
	if (in == NULL)
		return false;
	for (p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p == '+' && n == 0 && !plus) {
			plus = true;
			continue;
		}
		if (!is_digit(*p) || n == sizeof(d))
			return false;
		d[n++] = *p;
	}
	if (plus)
		return n > 2 && d[0] == '8' && d[1] == '6' &&
		       phone_national(d + 2, n - 2, true, out);
	if (phone_national(d, n, false, out))
		return true;
	if (n > 2 && d[0] == '8' && d[1] == '6')
		return phone_national(d + 2, n - 2, true, out);
	return false;
}

/* Masks s whole but for its last 4 characters (when they are ASCII and
 * there are more than 4), with at most 19 stars. */
static void
mask_rest(const char *s, char out[24])
{
	size_t len = s == NULL ? 0 : strnlen(s, 256);
	size_t keep = 4, stars, i;

	if (len == 0) {
		out[0] = '\0';
		return;
	}
	if (len <= 4)
		keep = 0;
	for (i = len - keep; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			keep = 0;
	stars = len - keep;
	if (stars > 19)
		stars = 19;
	memset(out, '*', stars);
	memcpy(out + stars, s + len - keep, keep);
	out[stars + keep] = '\0';
}

void
ident_mask_id(const char *id, char out[24])
{
	size_t i;

	if (id == NULL || strnlen(id, IDENT_ID_LEN + 1) != IDENT_ID_LEN) {
		mask_rest(id, out);
		return;
	}
	for (i = 0; i < IDENT_ID_LEN; i++) {
		if ((unsigned char)id[i] >= 0x80) {
			mask_rest(id, out);
			return;
		}
	}
	memcpy(out, id, 4);
	memset(out + 4, '*', 10);
	memcpy(out + 14, id + 14, 4);
	out[18] = '\0';
}

void
ident_mask_phone(const char *phone, char out[24])
{
	char norm[16];

	if (!ident_phone_normalize(phone, norm)) {
		mask_rest(phone, out);
		return;
	}
	if (norm[0] == '1') {
		memcpy(out, norm, 3);
		memcpy(out + 3, "****", 4);
		memcpy(out + 7, norm + 7, 4);
		out[11] = '\0';
		return;
	}
	memcpy(out, "021-****", 8);
	memcpy(out + 8, norm + 7, 4);
	out[12] = '\0';
}

/* Whether [s, end) begins with word; its length then, else 0. */
static size_t
word_at(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - s) >= n && memcmp(s, word, n) == 0)
		return n;
	return 0;
}

/* The length of the word at s that names a floor ("12楼", "12层", "12F"). */
static size_t
floor_word(const char *s, const char *end)
{
	static const char *const words[] = {"楼", "层", "F", "f"};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = word_at(s, end, words[i]);
		if (n > 0)
			return n;
	}
	return 0;
}

/* The length of the separator at s after a unit or building number ("3-",
 * "3单元", "20号"), 0 when none. */
static size_t
unit_separator(const char *s, const char *end)
{
	static const char *const words[] = {"-", "－", "单元", "号", "栋", "幢", "座"};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = word_at(s, end, words[i]);
		if (n > 0)
			return n;
	}
	return 0;
}

/* The length of a room suffix ("室", "号", "房"), 0 when none. */
static size_t
room_suffix(const char *s, const char *end)
{
	static const char *const words[] = {"室", "号", "房"};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = word_at(s, end, words[i]);
		if (n > 0)
			return n;
	}
	return 0;
}

bool
ident_room_floor(const char *room, int *floor)
{
	const char *p, *q, *end;
	int sign = 1, v;
	size_t n, nd;

	if (room == NULL)
		return false;
	p = room;
	end = room + strnlen(room, 256);
	trim(&p, &end);
	if (p < end && (*p == 'B' || *p == 'b')) {
		sign = -1;
		p++;
	} else if (word_at(p, end, "地下") > 0) {
		sign = -1;
		p += strlen("地下");
	}
	/* Skip unit and building numbers up to the last number. */
	for (;;) {
		for (q = p; q < end && is_digit(*q); q++)
			if (q - p == 6)
				return false;
		if (q == p)
			return false;
		n = unit_separator(q, end);
		if (n == 0 || q + n >= end || !is_digit(q[n]))
			break;
		p = q + n;
	}
	nd = (size_t)(q - p);
	v = digits(p, nd);
	if (floor_word(q, end) > 0) {
		if (nd > 3 || v < 1 || v > 200)
			return false;
		*floor = sign * v;
		return true;
	}
	if (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')))
		q++;
	q += room_suffix(q, end);
	if (q != end)
		return false;
	if (nd == 3 || nd == 4) {
		if (v / 100 == 0)
			return false;
		*floor = sign * (v / 100);
		return true;
	}
	if (sign < 0 && nd == 1 && v > 0) {
		*floor = -v;
		return true;
	}
	return false;
}

bool
ident_date_valid(const char *s)
{
	int y, m, d;

	return parse_date(s, &y, &m, &d);
}

int
ident_age(const char *birth, const char *today)
{
	int by, bm, bd, ty, tm, td, age;

	if (!parse_date(birth, &by, &bm, &bd) || !parse_date(today, &ty, &tm, &td))
		return -1;
	if (by > ty || (by == ty && (bm > tm || (bm == tm && bd > td))))
		return -1;
	if (bm == 2 && bd == 29 && !clock_is_leap(ty)) {
		bm = 3;
		bd = 1;
	}
	age = ty - by;
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age;
}

void
ident_today(int64_t unix_seconds, char out[11])
{
	clock_shanghai_date(unix_seconds, out);
}
