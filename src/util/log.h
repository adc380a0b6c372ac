#ifndef SB_LOG_H
#define SB_LOG_H

#include <stddef.h>

/* Messages to people go to stderr as "sibai: message".  log_line writes one
 * whole line atomically (the access log is JSON lines on stderr). */
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_line(const char *line, size_t len);

#endif
