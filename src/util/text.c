#include <stddef.h>

#include "util/text.h"

int32_t
text_refused(const char *s, enum text_kind kind)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (kind == TEXT_LINES && (*p == '\n' || (*p == '\r' && p[1] == '\n')))
				continue;
			return *p;
		}
		/* C1 controls, U+0080 to U+009F: C2 80 to C2 9F. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return p[1];
		/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR: E2 80 A8/A9. */
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
			return 0x2000 + (p[2] - 0x80);
	}
	return -1;
}

char *
text_lf_only(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++)
		if (!(r[0] == '\r' && r[1] == '\n'))
			*w++ = *r;
	*w = '\0';
	return s;
}
