#ifndef SB_TEXT_H
#define SB_TEXT_H

/*
 * What a text field may hold (docs/api.md, "Safety rails").  A one-line text
 * (a name, a label, an address, a user name…) holds no control character:
 * no C0 control (CR, LF and TAB included), no DEL, no C1 control and neither
 * U+2028 nor U+2029, which break a line as well.  A multi-line text (a note,
 * a description, minutes) may hold LF; CRLF is taken as LF; no other control.
 */

#include <stdint.h>

enum text_kind {
	TEXT_LINE,
	TEXT_LINES,
};

/* The first code point of s (UTF-8) that kind does not allow, or -1 when
 * there is none.  In TEXT_LINES a CR directly before an LF is allowed (see
 * text_lf_only). */
int32_t text_refused(const char *s, enum text_kind kind);

/* Replaces each CRLF of s by LF, in place; returns s. */
char *text_lf_only(char *s);

#endif
