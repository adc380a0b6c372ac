#ifndef SB_DAY_H
#define SB_DAY_H

/* A date "YYYY-MM-DD" as days since 2000-01-01, or -1 when not such a date
 * or outside 2000-01-01 .. 2179-06-06 (it must fit 16 bits). */
int visit_day(const char *date);

#endif
