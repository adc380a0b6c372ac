#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/ical.h"
#include "util/clock.h"

void
ical_line(struct buf *b, const char *line)
{
	size_t len = strlen(line), pos = 0, room = 75;

	while (len - pos > room) {
		size_t cut = pos + room;

		while (cut > pos && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		buf_add(b, line + pos, cut - pos);
		buf_adds(b, "\r\n ");
		pos = cut;
		room = 74;
	}
	buf_add(b, line + pos, len - pos);
	buf_adds(b, "\r\n");
}

const char *
ical_text(struct arena *ar, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b, 1 << 16);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(&b, '\\');
		if (*s == '\n') {
			buf_adds(&b, "\\n");
			continue;
		}
		buf_addc(&b, *s);
	}
	out = arena_strdup(ar, b.data ? b.data : "");
	buf_clear(&b);
	return out;
}

void
ical_begin(struct buf *b, struct arena *ar, const char *name)
{
	ical_line(b, "BEGIN:VCALENDAR");
	ical_line(b, "VERSION:2.0");
	ical_line(b, "PRODID:-//sibai//visit plan//ZH");
	ical_line(b, "CALSCALE:GREGORIAN");
	ical_line(b, arena_printf(ar, "X-WR-CALNAME:%s", ical_text(ar, name)));
	ical_line(b, "X-WR-TIMEZONE:Asia/Shanghai");
}

void
ical_end(struct buf *b)
{
	ical_line(b, "END:VCALENDAR");
}

void
ical_event(struct buf *b, struct arena *ar, int64_t now, const struct ical_event *e)
{
	char stamp[32], next[11];
	struct clock_parts p;

	clock_utc_parts(now, &p);
	snprintf(stamp, sizeof(stamp), "%04d%02d%02dT%02d%02d%02dZ", p.year, p.month, p.day, p.hour,
		 p.minute, p.second);
	calendar_add_days(e->date, 1, next);
	ical_line(b, "BEGIN:VEVENT");
	ical_line(b, arena_printf(ar, "UID:%s", e->uid));
	ical_line(b, arena_printf(ar, "DTSTAMP:%s", stamp));
	ical_line(b, arena_printf(ar, "DTSTART;VALUE=DATE:%.4s%.2s%.2s", e->date, e->date + 5,
				  e->date + 8));
	ical_line(b, arena_printf(ar, "DTEND;VALUE=DATE:%.4s%.2s%.2s", next, next + 5, next + 8));
	ical_line(b, arena_printf(ar, "SUMMARY:%s", ical_text(ar, e->summary)));
	ical_line(b, arena_printf(ar, "DESCRIPTION:%s", ical_text(ar, e->description)));
	ical_line(b, "TRANSP:TRANSPARENT");
	ical_line(b, "END:VEVENT");
}
