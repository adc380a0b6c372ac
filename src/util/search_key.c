#include "util/search_key.h"

#include <string.h>

/* The UTF-8 sequence at s (n bytes left) as a code point; *len its bytes.
 * A malformed byte is INVALID_CP (len 1). */
#define INVALID_CP 0xfffdu

static unsigned
code_point(const unsigned char *s, size_t n, size_t *len)
{
	size_t need = s[0] < 0x80		    ? 1
		      : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
		      : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
		      : s[0] >= 0xf0 && s[0] < 0xf5 ? 4
						    : 0;
	unsigned cp;
	size_t k;

	*len = 1;
	if (need == 1)
		return s[0];
	if (need == 0 || n < need)
		return INVALID_CP;
	cp = s[0] & (0xff >> (need + 1));
	for (k = 1; k < need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return INVALID_CP;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	*len = need;
	return cp;
}

#define HAO "\xe5\x8f\xb7" /* 号 */

size_t
filter_search_key(const char *in, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < n) {
		size_t len;
		unsigned cp = code_point(s + i, n - i, &len);

		if (cp >= 0xff01 && cp <= 0xff5e) /* full-width ASCII */
			cp -= 0xfee0;
		if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0x5ba4 /* 室 */) {
			i += len;
			continue;
		}
		/* 楼 right after 号 (号楼, 号 楼) is dropped: the key of a key is
		 * itself. */
		if (cp == 0x697c && o >= 3 && memcmp(out + o - 3, HAO, 3) == 0) {
			i += len;
			continue;
		}
		if (cp == 0x53f7 || cp == 0x5e62 /* 幢 */ || cp == 0x680b /* 栋 */ || cp == '-' ||
		    cp == '#') {
			if (!(o >= 3 && memcmp(out + o - 3, HAO, 3) == 0)) {
				memcpy(out + o, HAO, 3);
				o += 3;
			}
		} else if (cp < 0x80) {
			out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		} else if (cp == INVALID_CP && len == 1) {
			out[o++] = '?'; /* never glued to its neighbours into a character */
		} else {
			memcpy(out + o, s + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return o;
}
