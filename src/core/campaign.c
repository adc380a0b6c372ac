#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/campaign.h"
#include "core/ident.h"
#include "core/visits.h"

static const char *const type_names[CF_COUNT] = {
	[CF_YES_NO] = "yes_no", [CF_CHOICE] = "choice", [CF_DATE] = "date",
	[CF_NUMBER] = "number", [CF_TEXT] = "text",
};

enum cf_type
campaign_field_type(const char *name)
{
	int t;

	for (t = 0; name && t < CF_COUNT; t++)
		if (strcmp(name, type_names[t]) == 0)
			return (enum cf_type)t;
	return CF_COUNT;
}

const char *
campaign_field_type_name(enum cf_type t)
{
	if ((int)t < 0 || t >= CF_COUNT)
		return "";
	return type_names[t];
}

/* Characters of UTF-8 text (bytes that do not continue a character). */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
key_valid(const char *k)
{
	size_t i, n = strlen(k);

	if (n < 1 || n > 32)
		return false;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	return true;
}

static int
field_fail(struct sb_fail *fail, struct arena *ar, size_t i, const char *member, const char *en,
	   const char *zh)
{
	const char *field =
		arena_printf(ar, "fields[%zu]%s%s", i, member ? "." : "", member ? member : "");

	return sb_fail(fail, SB_BAD_FIELD, field, arena_printf(ar, "%s: %s", field, en),
		       arena_printf(ar, "%s：%s", field, zh));
}

static bool
text_ok(json_t *v, size_t max)
{
	return json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= max * 4;
}

int
campaign_fields_parse(json_t *arr, struct arena *ar, struct campaign_field **out, size_t *n,
		      struct sb_fail *fail)
{
	struct campaign_field *f;
	size_t i, j;

	*out = NULL;
	*n = 0;
	if (!json_is_array(arr) || json_array_size(arr) < 1 ||
	    json_array_size(arr) > CAMPAIGN_MAX_FIELDS)
		return sb_fail(fail, SB_BAD_FIELD, "fields",
			       "fields: a list of 1 to 30 checklist fields",
			       "fields：须为 1 至 30 个填报项的列表");
	f = arena_alloc(ar, json_array_size(arr) * sizeof(*f));
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i), *v;
		const char *k;

		if (!json_is_object(o))
			return field_fail(fail, ar, i, NULL, "must be an object", "须为对象");
		json_object_foreach (o, k, v) {
			if (strcmp(k, "key") && strcmp(k, "label") && strcmp(k, "type") &&
			    strcmp(k, "options") && strcmp(k, "required") && strcmp(k, "done_when"))
				return field_fail(fail, ar, i, k, "unknown member", "未知字段");
		}
		v = json_object_get(o, "key");
		if (!json_is_string(v) || !key_valid(json_string_value(v)))
			return field_fail(fail, ar, i, "key", "1 to 32 of a-z, 0-9 and _",
					  "须为 1 至 32 个 a-z、0-9 或 _");
		f[i].key = arena_strdup(ar, json_string_value(v));
		for (j = 0; j < i; j++)
			if (strcmp(f[j].key, f[i].key) == 0)
				return field_fail(fail, ar, i, "key", "used twice", "重复");
		v = json_object_get(o, "label");
		if (!text_ok(v, 100) || utf8_len(json_string_value(v)) > 100)
			return field_fail(fail, ar, i, "label", "1 to 100 characters",
					  "须为 1 至 100 个字符");
		f[i].label = arena_strdup(ar, json_string_value(v));
		f[i].type = campaign_field_type(json_string_value(json_object_get(o, "type")));
		if (f[i].type == CF_COUNT)
			return field_fail(fail, ar, i, "type",
					  "one of yes_no, choice, date, number, text",
					  "须为 yes_no、choice、date、number、text 之一");
		v = json_object_get(o, "required");
		if (v && !json_is_boolean(v))
			return field_fail(fail, ar, i, "required", "true or false",
					  "须为 true 或 false");
		f[i].required = v ? json_is_true(v) : false;
		f[i].done_bool = -1;
		f[i].done_options = NULL;
		f[i].ndone = 0;
		v = json_object_get(o, "done_when");
		if (v && f[i].type == CF_YES_NO) {
			if (!json_is_boolean(v))
				return field_fail(fail, ar, i, "done_when", "true or false",
						  "须为 true 或 false");
			f[i].done_bool = json_is_true(v);
			f[i].required = true;
		} else if (v && f[i].type != CF_CHOICE) {
			return field_fail(fail, ar, i, "done_when",
					  "only for a yes_no or a choice field",
					  "仅“是/否”或选择题可设完成条件");
		}
		v = json_object_get(o, "options");
		if (f[i].type != CF_CHOICE) {
			if (v)
				return field_fail(fail, ar, i, "options", "only for a choice field",
						  "仅选择题可设选项");
			continue;
		}
		if (!json_is_array(v) || json_array_size(v) < 1 ||
		    json_array_size(v) > CAMPAIGN_MAX_OPTIONS)
			return field_fail(fail, ar, i, "options", "a list of 1 to 50 options",
					  "须为 1 至 50 个选项的列表");
		f[i].noptions = json_array_size(v);
		f[i].options = arena_alloc(ar, f[i].noptions * sizeof(char *));
		for (j = 0; j < f[i].noptions; j++) {
			json_t *s = json_array_get(v, j);
			size_t m;

			if (!text_ok(s, 100) || utf8_len(json_string_value(s)) > 100)
				return field_fail(fail, ar, i, "options",
						  "each option 1 to 100 characters",
						  "每个选项须为 1 至 100 个字符");
			f[i].options[j] = arena_strdup(ar, json_string_value(s));
			for (m = 0; m < j; m++)
				if (strcmp(f[i].options[m], f[i].options[j]) == 0)
					return field_fail(fail, ar, i, "options",
							  "an option is listed twice", "选项重复");
		}
		v = json_object_get(o, "done_when");
		if (v) {
			json_t *one = json_is_string(v) ? v : NULL;
			size_t nd = one ? 1 : json_is_array(v) ? json_array_size(v) : 0;

			if (nd == 0)
				return field_fail(fail, ar, i, "done_when",
						  "one of the options, or a list of them",
						  "须为选项之一或选项列表");
			f[i].done_options = arena_alloc(ar, nd * sizeof(char *));
			for (j = 0; j < nd; j++) {
				json_t *d = one ? one : json_array_get(v, j);
				size_t m;
				bool known = false;

				for (m = 0; json_is_string(d) && m < f[i].noptions; m++)
					if (strcmp(f[i].options[m], json_string_value(d)) == 0)
						known = true;
				if (!known)
					return field_fail(fail, ar, i, "done_when",
							  "each value one of the options",
							  "每个值须为该项的选项之一");
				f[i].done_options[j] = arena_strdup(ar, json_string_value(d));
			}
			f[i].ndone = nd;
			f[i].required = true;
		}
	}
	*out = f;
	*n = json_array_size(arr);
	return SB_OK;
}

static int
value_fail(struct sb_fail *fail, struct arena *ar, const char *key, const char *en, const char *zh)
{
	const char *field = arena_printf(ar, "values.%s", key);

	return sb_fail(fail, SB_BAD_FIELD, field, arena_printf(ar, "%s: %s", field, en),
		       arena_printf(ar, "%s：%s", field, zh));
}

int
campaign_entry_check(const struct campaign_field *fields, size_t n, json_t *values,
		     struct arena *ar, bool *done, struct sb_fail *fail)
{
	const char *k;
	json_t *v;
	size_t i;

	*done = false;
	if (!json_is_object(values))
		return sb_fail(fail, SB_BAD_FIELD, "values", "values: must be an object",
			       "values：须为对象");
	json_object_foreach (values, k, v) {
		const struct campaign_field *f = NULL;

		for (i = 0; i < n; i++)
			if (strcmp(fields[i].key, k) == 0)
				f = &fields[i];
		if (f == NULL)
			return value_fail(fail, ar, k, "not a field of this campaign",
					  "不是本任务的填报项");
		if (json_is_null(v))
			continue;
		switch (f->type) {
		case CF_YES_NO:
			if (!json_is_boolean(v))
				return value_fail(fail, ar, k, "must be true or false (yes/no)",
						  "须为 true 或 false（是/否）");
			break;
		case CF_CHOICE: {
			bool found = false;

			for (i = 0; json_is_string(v) && i < f->noptions; i++)
				if (strcmp(f->options[i], json_string_value(v)) == 0)
					found = true;
			if (!found)
				return value_fail(fail, ar, k, "must be one of the field's options",
						  "须为该项的选项之一");
			break;
		}
		case CF_DATE:
			if (!json_is_string(v) || !ident_date_valid(json_string_value(v)))
				return value_fail(fail, ar, k, "must be a date YYYY-MM-DD",
						  "须为日期 YYYY-MM-DD");
			break;
		case CF_NUMBER:
			if (!json_is_number(v) || !isfinite(json_number_value(v)))
				return value_fail(fail, ar, k, "must be a number", "须为数字");
			break;
		case CF_TEXT:
			if (!json_is_string(v) || json_string_length(v) == 0 ||
			    utf8_len(json_string_value(v)) > CAMPAIGN_TEXT_MAX)
				return value_fail(fail, ar, k,
						  "must be text of 1 to 500 characters",
						  "须为 1 至 500 个字符的文字");
			break;
		default: return SB_INTERNAL;
		}
	}
	*done = true;
	for (i = 0; i < n; i++) {
		json_t *x = json_object_get(values, fields[i].key);

		if (fields[i].required && (x == NULL || json_is_null(x)))
			*done = false;
		else if (fields[i].done_bool >= 0 && json_is_boolean(x) &&
			 json_is_true(x) != (fields[i].done_bool == 1))
			*done = false;
		else if (fields[i].ndone > 0 && json_is_string(x)) {
			size_t m;
			bool ok = false;

			for (m = 0; m < fields[i].ndone; m++)
				if (strcmp(fields[i].done_options[m], json_string_value(x)) == 0)
					ok = true;
			if (!ok)
				*done = false;
		}
	}
	return SB_OK;
}

void
campaign_progress(const struct campaign_row *rows, size_t n, enum progress_by by, struct arena *ar,
		  struct progress_group **out, size_t *ngroups)
{
	struct progress_group *g = NULL;
	size_t cap = 0, i, j;

	*ngroups = 0;
	for (i = 0; i < n; i++) {
		const struct campaign_row *r = &rows[i];
		struct progress_group key = {0};

		switch (by) {
		case PB_GRID:
			key.id = r->grid_id;
			key.name = r->grid_name;
			break;
		case PB_WORKER:
			key.id = r->worker_id;
			key.name = r->worker_name;
			break;
		case PB_COMPOUND:
			key.id = r->compound_id;
			key.name = r->compound;
			break;
		default:
			key.code = r->committee_code;
			key.name = r->committee_name;
			break;
		}
		for (j = 0; j < *ngroups; j++) {
			if (by == PB_COMMITTEE
				    ? (g[j].code && key.code && strcmp(g[j].code, key.code) == 0)
				    : g[j].id == key.id)
				break;
		}
		if (j == *ngroups) {
			struct progress_group *p = arena_push(ar, &g, ngroups, &cap, sizeof(*p));

			*p = key;
		}
		g[j].total++;
		if (r->done)
			g[j].done++;
	}
	*out = g;
}

int
campaign_percent(int done, int total)
{
	if (total <= 0)
		return 0;
	return (int)((int64_t)done * 100 / total);
}

static int
walk_cmp(const void *pa, const void *pb)
{
	const struct campaign_row *a = *(const struct campaign_row *const *)pa;
	const struct campaign_row *b = *(const struct campaign_row *const *)pb;
	struct walk_key ka = {a->compound ? a->compound : "", a->building ? a->building : "",
			      a->floor, a->room ? a->room : ""};
	struct walk_key kb = {b->compound ? b->compound : "", b->building ? b->building : "",
			      b->floor, b->room ? b->room : ""};
	int c = visit_walk_cmp(&ka, &kb);

	if (c)
		return c;
	if (a->household_id != b->household_id)
		return a->household_id < b->household_id ? -1 : 1;
	if (a->resident_id != b->resident_id)
		return a->resident_id < b->resident_id ? -1 : 1;
	return 0;
}

void
campaign_left(const struct campaign_row *rows, size_t n, struct arena *ar,
	      const struct campaign_row ***out, size_t *nout)
{
	const struct campaign_row **l = arena_alloc(ar, (n ? n : 1) * sizeof(*l));
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!rows[i].done)
			l[k++] = &rows[i];
	qsort(l, k, sizeof(*l), walk_cmp);
	*out = l;
	*nout = k;
}

void
gate_hour_counts(const int64_t *at, const bool *out_dir, size_t n, int64_t day_start,
		 int counts[24][2])
{
	size_t i;

	memset(counts, 0, 24 * sizeof(counts[0]));
	for (i = 0; i < n; i++) {
		int64_t d = at[i] - day_start;

		if (d < 0 || d >= 86400)
			continue;
		counts[d / 3600][out_dir[i] ? 1 : 0]++;
	}
}

bool
gate_expired(int64_t at, int retention_days, int64_t now)
{
	if (retention_days <= 0)
		retention_days = GATE_DEFAULT_RETENTION_DAYS;
	return at <= now - (int64_t)retention_days * 86400;
}

bool
duty_time_parse(const char *hhmm, int *minute)
{
	int h, m;

	if (hhmm == NULL || strlen(hhmm) != 5 || hhmm[2] != ':' ||
	    !isdigit((unsigned char)hhmm[0]) || !isdigit((unsigned char)hhmm[1]) ||
	    !isdigit((unsigned char)hhmm[3]) || !isdigit((unsigned char)hhmm[4]))
		return false;
	h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
	m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minute = h * 60 + m;
	return true;
}

int
duty_minutes(int start_minute, int end_minute)
{
	return end_minute > start_minute ? end_minute - start_minute
					 : end_minute - start_minute + 1440;
}

bool
duty_kind_valid(const char *kind)
{
	static const char *const kinds[] = {"patrol",	    "registration", "publicity",
					    "hazard_check", "delivery",	    "gate_shift"};
	size_t i;

	for (i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}
