#include <stdio.h>
#include <string.h>

#include "util/xml.h"

bool
xml_add_text(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	for (; *p; p++) {
		const char *esc;

		switch (*p) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&apos;"; break;
		case '\t':
		case '\n':
		case '\r': continue;
		default:
			if (*p >= 0x20)
				continue;
			esc = ""; /* not allowed in XML 1.0: dropped */
			break;
		}
		if (!buf_add(b, run, (size_t)(p - run)) || !buf_adds(b, esc))
			return false;
		run = p + 1;
	}
	return buf_add(b, run, (size_t)(p - run));
}

static bool
scalar(struct buf *b, json_t *v)
{
	char num[64];

	switch (json_typeof(v)) {
	case JSON_STRING: return xml_add_text(b, json_string_value(v));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf_adds(b, num);
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		return buf_adds(b, num);
	case JSON_TRUE: return buf_adds(b, "true");
	case JSON_FALSE: return buf_adds(b, "false");
	default: return true;
	}
}

bool
xml_from_json(struct buf *b, const char *name, json_t *v, const char *(*singular)(const char *name))
{
	bool ok = buf_printf(b, "<%s>", name);

	if (json_is_object(v)) {
		const char *key;
		json_t *m;

		json_object_foreach (v, key, m) {
			if (!ok)
				break;
			ok = xml_from_json(b, key, m, singular);
		}
	} else if (json_is_array(v)) {
		const char *item = singular ? singular(name) : NULL;
		json_t *m;
		size_t i;

		json_array_foreach (v, i, m) {
			if (!ok)
				break;
			ok = xml_from_json(b, item ? item : name, m, singular);
		}
	} else if (v) {
		ok = ok && scalar(b, v);
	}
	return ok && buf_printf(b, "</%s>", name);
}
