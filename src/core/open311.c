#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/open311.h"
#include "util/clock.h"

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

bool
open311_parse_time(const char *s, int64_t *out)
{
	char t[64];
	size_t n;

	if (s == NULL)
		return false;
	if (clock_day_start(s, out))
		return true;
	n = strlen(s);
	if (n < 16 || n > 40 || s[10] != 'T')
		return false;
	/* YYYY-MM-DDTHH:MM without seconds: with :00 */
	if (s[16] == ':')
		snprintf(t, sizeof(t), "%s", s);
	else
		snprintf(t, sizeof(t), "%.16s:00%s", s, s + 16);
	n = strlen(t);
	/* no zone: Asia/Shanghai */
	if (t[n - 1] != 'Z' && t[n - 1] != 'z' && t[n - 6] != '+' && t[n - 6] != '-')
		snprintf(t + n, sizeof(t) - n, "+08:00");
	return clock_parse_time(t, out);
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
