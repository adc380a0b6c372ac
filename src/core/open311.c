#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/open311.h"

bool
open311_split_file(const char *file, char *stem, size_t stemlen, enum open311_format *fmt)
{
	size_t n = file ? strlen(file) : 0, cut;

	if (n > 5 && strcmp(file + n - 5, ".json") == 0) {
		cut = n - 5;
		*fmt = O311_JSON;
	} else if (n > 4 && strcmp(file + n - 4, ".xml") == 0) {
		cut = n - 4;
		*fmt = O311_XML;
	} else {
		return false;
	}
	if (cut == 0 || cut >= stemlen)
		return false;
	memcpy(stem, file, cut);
	stem[cut] = '\0';
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes len bytes of s into the arena; NULL when malformed. */
static char *
form_decode(const char *s, size_t len, struct arena *ar)
{
	char *out = arena_alloc(ar, len + 1), *w = out;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			*w++ = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			return NULL;
		} else {
			*w++ = s[i];
		}
	}
	*w = '\0';
	return out;
}

const char *
open311_form_value(const char *text, size_t len, const char *name, struct arena *ar)
{
	size_t i = 0;

	while (i < len) {
		size_t end = i, eq;
		const char *key;

		while (end < len && text[end] != '&')
			end++;
		eq = i;
		while (eq < end && text[eq] != '=')
			eq++;
		key = form_decode(text + i, eq - i, ar);
		if (key && strcmp(key, name) == 0)
			return eq < end ? form_decode(text + eq + 1, end - eq - 1, ar) : "";
		i = end + 1;
	}
	return NULL;
}

/* Reads exactly n digits at *p. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

bool
open311_parse_time(const char *s, int64_t *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p = s;
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 8, om = 0, sign = 1;

	if (s == NULL || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return false;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return false;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	if (*p == 'T') {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			return false;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				return false;
			if (*p == '.') {
				p++;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return false;
		if (*p == 'Z') {
			oh = om = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om))
				return false;
			if (oh > 14 || om > 59)
				return false;
		}
	}
	if (*p != '\0')
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
	return true;
}

bool
open311_split_list(const char *s, struct arena *ar, const char ***items, size_t *n, size_t max)
{
	size_t cap = 0;

	*items = NULL;
	*n = 0;
	if (s == NULL || *s == '\0')
		return false;
	for (;;) {
		size_t len = strcspn(s, ",");
		const char **slot;

		if (len == 0 || *n == max)
			return false;
		slot = arena_push(ar, items, n, &cap, sizeof(**items));
		*slot = arena_strndup(ar, s, len);
		if (s[len] == '\0')
			return true;
		s += len + 1;
	}
}

bool
open311_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, need, cp, min;

		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		p++;
		for (; need > 0; need--, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

const char *
open311_status(const char *issue_status)
{
	if (issue_status &&
	    (strcmp(issue_status, "resolved") == 0 || strcmp(issue_status, "closed") == 0))
		return "closed";
	return "open";
}
