#ifndef SB_SEARCH_KEY_H
#define SB_SEARCH_KEY_H

#include <stddef.h>

/* The search key of a text (an address or a name typed at the counter) as
 * the register's index holds it (docs/register.md, "Search"): full-width
 * letters and digits made ASCII, Latin letters lower case, spaces dropped,
 * 号楼, 幢, 栋, '-' and '#' written 号 (once), 室 dropped: "12号楼 301室",
 * "12-301" and "１２号301" are all "12号301".  Writes at most 3 × n + 1
 * bytes into out (NUL-terminated); returns its length. */
size_t filter_search_key(const char *in, size_t n, char *out);

#endif
