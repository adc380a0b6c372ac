#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "util/log.h"

void
log_err(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "sibai: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	log_line(line, (size_t)n);
}

void
log_line(const char *line, size_t len)
{
	/* One write(2) per line so that lines from threads never interleave. */
	while (len > 0) {
		ssize_t w = write(STDERR_FILENO, line, len);

		if (w <= 0)
			return;
		line += w;
		len -= (size_t)w;
	}
}
