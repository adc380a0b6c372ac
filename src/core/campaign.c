#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/campaign.h"
#include "core/committee_check.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/visits.h"

static const char *const type_names[CAMPAIGN_FIELD_KINDS] = {
	[CAMPAIGN_FIELD_YES_NO] = "yes_no", [CAMPAIGN_FIELD_CHOICE] = "choice",
	[CAMPAIGN_FIELD_DATE] = "date",	    [CAMPAIGN_FIELD_NUMBER] = "number",
	[CAMPAIGN_FIELD_TEXT] = "text",
};

enum campaign_field_kind
campaign_field_type(const char *name)
{
	int t;

	for (t = 0; name && t < CAMPAIGN_FIELD_KINDS; t++)
		if (strcmp(name, type_names[t]) == 0)
			return (enum campaign_field_kind)t;
	return CAMPAIGN_FIELD_KINDS;
}

const char *
campaign_field_type_name(enum campaign_field_kind t)
{
	if ((int)t < 0 || t >= CAMPAIGN_FIELD_KINDS)
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

	return sb_refuse(fail, ar, SB_BAD_FIELD, field, en, zh);
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
		if (f[i].type == CAMPAIGN_FIELD_KINDS)
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
		if (v && f[i].type == CAMPAIGN_FIELD_YES_NO) {
			if (!json_is_boolean(v))
				return field_fail(fail, ar, i, "done_when", "true or false",
						  "须为 true 或 false");
			f[i].done_bool = json_is_true(v);
			f[i].required = true;
		} else if (v && f[i].type != CAMPAIGN_FIELD_CHOICE) {
			return field_fail(fail, ar, i, "done_when",
					  "only for a yes_no or a choice field",
					  "仅“是/否”或选择题可设完成条件");
		}
		v = json_object_get(o, "options");
		if (f[i].type != CAMPAIGN_FIELD_CHOICE) {
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

	return sb_refuse(fail, ar, SB_BAD_FIELD, field, en, zh);
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
		case CAMPAIGN_FIELD_YES_NO:
			if (!json_is_boolean(v))
				return value_fail(fail, ar, k, "must be true or false (yes/no)",
						  "须为 true 或 false（是/否）");
			break;
		case CAMPAIGN_FIELD_CHOICE: {
			bool found = false;

			for (i = 0; json_is_string(v) && i < f->noptions; i++)
				if (strcmp(f->options[i], json_string_value(v)) == 0)
					found = true;
			if (!found)
				return value_fail(fail, ar, k, "must be one of the field's options",
						  "须为该项的选项之一");
			break;
		}
		case CAMPAIGN_FIELD_DATE:
			if (!json_is_string(v) || !ident_date_valid(json_string_value(v)))
				return value_fail(fail, ar, k, "must be a date YYYY-MM-DD",
						  "须为日期 YYYY-MM-DD");
			break;
		case CAMPAIGN_FIELD_NUMBER:
			if (!json_is_number(v) || !isfinite(json_number_value(v)))
				return value_fail(fail, ar, k, "must be a number", "须为数字");
			break;
		case CAMPAIGN_FIELD_TEXT:
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

/* The work on campaigns: one function per request (core/campaign.h). */

static const char *
today_of(int64_t now, struct arena *ar)
{
	char *d = arena_alloc(ar, 11);

	ident_today(now, d);
	return d;
}

static const char *
id_text(int64_t id, struct arena *ar)
{
	return arena_printf(ar, "%lld", (long long)id);
}

/* Whether a campaign's unit is a place (a building or a compound). */
static bool
unit_is_place(const char *unit)
{
	return strcmp(unit, "building") == 0 || strcmp(unit, "compound") == 0;
}

int
campaign_retention_check(json_t *v, int *days, struct sb_fail *fail)
{
	if (v == NULL)
		return SB_OK;
	if (json_integer_value(v) < 1 || json_integer_value(v) > 3660)
		return sb_fail(fail, SB_BAD_FIELD, "gate_retention_days",
			       "gate_retention_days: 1 to 3660 days",
			       "gate_retention_days：须为 1 至 3660 天");
	*days = (int)json_integer_value(v);
	return SB_OK;
}

/* Runs the filter over the register and adds every match as a target. */
static int
add_targets(struct store *st, const struct scope *sc, const struct campaign_ref *c,
	    bool per_resident, const struct filter *f, bool need_one, struct arena *ar,
	    int64_t *count, struct sb_fail *fail)
{
	const char *cursor = NULL, *next = NULL;
	int64_t *ids, total;
	size_t n, i;
	int rc;

	*count = 0;
	for (;;) {
		if (per_resident)
			rc = store_filter_residents(st, sc, f, cursor, 500, ar, &ids, &n, &total,
						    &next);
		else
			rc = store_filter_households(st, sc, f, cursor, 500, ar, &ids, &n, &total,
						     &next);
		if (rc == SB_OK && total > CAMPAIGN_MAX_TARGETS)
			return sb_fail(fail, SB_BAD_FIELD, "filter",
				       "filter: matches more than 20000; narrow it",
				       "filter：匹配超过 20000 条，请缩小范围");
		for (i = 0; rc == SB_OK && i < n; i++)
			rc = store_campaign_target_add(st, c, per_resident ? 0 : ids[i],
						       per_resident ? ids[i] : 0);
		if (rc != SB_OK)
			return rc;
		*count += (int64_t)n;
		if (next == NULL)
			break;
		cursor = next;
	}
	if (*count == 0 && need_one)
		return sb_fail(fail, SB_BAD_FIELD, "filter", "filter: matches no one",
			       "filter：没有匹配的对象");
	return SB_OK;
}

/* A building or compound campaign's targets (docs/campaigns.md, "Units"):
 * place_ids (buildings or compounds of the committee) when given, else the
 * committee's buildings (compounds) the filter's compound_id, building_id
 * and no_lift pick.  The filter may hold nothing else: 400 naming it. */
static int
add_places(struct store *st, const struct scope *sc, const struct campaign_ref *c, bool buildings,
	   json_t *jfilter, const struct filter *f, json_t *place_ids, struct arena *ar,
	   int64_t *count, struct sb_fail *fail)
{
	const char *table = buildings ? "building" : "compound";
	const char *key;
	json_t *v;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc = SB_OK;

	json_object_foreach (jfilter, key, v) {
		if (strcmp(key, "committee_code") == 0 || strcmp(key, "compound_id") == 0 ||
		    (buildings && (strcmp(key, "building_id") == 0 || strcmp(key, "no_lift") == 0)))
			continue;
		return sb_fail(
			fail, SB_BAD_FIELD, arena_printf(ar, "filter.%s", key),
			arena_printf(ar, "filter.%s: a %s campaign picks its %ss by compound_id%s",
				     key, table, table,
				     buildings ? ", building_id or no_lift" : ""),
			arena_printf(ar, "filter.%s：按%s登记的任务只能按小区%s筛选", key,
				     buildings ? "楼栋" : "小区",
				     buildings ? "、楼栋或有无电梯" : ""));
	}
	if (place_ids) {
		if (!json_is_array(place_ids) || json_array_size(place_ids) == 0 ||
		    json_array_size(place_ids) > CAMPAIGN_MAX_TARGETS)
			return sb_fail(fail, SB_BAD_FIELD, "place_ids",
				       "place_ids: an array of building or compound ids",
				       "place_ids：须为楼栋或小区编号的数组");
		ids = arena_alloc(ar, json_array_size(place_ids) * sizeof(*ids));
		json_array_foreach (place_ids, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				return sb_fail(fail, SB_BAD_FIELD, "place_ids",
					       "place_ids: ids are positive integers",
					       "place_ids：编号须为正整数");
			ids[i] = json_integer_value(v);
		}
		n = json_array_size(place_ids);
		rc = committee_check_rows(st, sc, table, c->committee, "place_ids", ids, n, ar,
					  fail);
	} else {
		rc = store_campaign_places(st, c, buildings, f->compound_id, f->building_id,
					   f->no_lift, ar, &ids, &n);
	}
	for (i = 0; rc == SB_OK && i < n; i++)
		rc = store_campaign_target_place(st, c, buildings ? ids[i] : 0,
						 buildings ? 0 : ids[i]);
	if (rc != SB_OK)
		return rc;
	*count = (int64_t)n;
	if (n == 0)
		return sb_fail(fail, SB_BAD_FIELD, "filter", "filter: matches nothing",
			       "filter：没有匹配的对象");
	return SB_OK;
}

/* JSON as compact text in the arena. */
static const char *
dump(json_t *j, size_t flags, struct arena *ar)
{
	char *text = json_dumps(j, flags);
	const char *copy = arena_strdup(ar, text);

	free(text);
	return copy;
}

int
campaign_create(struct store *st, const struct scope *sc, const struct actor *who,
		const struct campaign_draft *d, struct arena *ar, struct campaign *out,
		struct sb_fail *fail)
{
	struct campaign c = {0};
	struct campaign_field *fields;
	struct campaign_ref ref;
	struct filter f;
	json_t *jfilter = d->filter, *fjson;
	size_t nfields;
	int64_t count = 0;
	int rc;

	c.committee_code = d->committee_code;
	c.name = d->name;
	c.unit = d->unit;
	c.gate_retention_days = GATE_DEFAULT_RETENTION_DAYS;
	if (strcmp(c.unit, "household") != 0 && strcmp(c.unit, "resident") != 0 &&
	    !unit_is_place(c.unit))
		return sb_fail(fail, SB_BAD_FIELD, "unit",
			       "unit: household, resident, building or compound",
			       "unit：须为 household、resident、building 或 compound");
	if (d->place_ids && !unit_is_place(c.unit))
		return sb_fail(fail, SB_BAD_FIELD, "place_ids",
			       "place_ids: only a building or compound campaign names its places",
			       "place_ids：只有按楼栋或小区登记的任务可以指定对象");
	rc = campaign_retention_check(d->retention, &c.gate_retention_days, fail);
	if (rc == SB_OK)
		rc = campaign_fields_parse(d->fields, ar, &fields, &nfields, fail);
	if (rc != SB_OK)
		return rc;
	jfilter = d->filter ? json_incref(d->filter) : json_object();
	rc = filter_from_json(st, jfilter, today_of(who->now, ar), ar, &f, fail);
	if (rc != SB_OK) {
		if (fail)
			fail->field = arena_printf(ar, "filter.%s", fail->field ? fail->field : "");
		goto out;
	}
	if (f.committee_code && strcmp(f.committee_code, c.committee_code) != 0) {
		rc = sb_fail(fail, SB_BAD_FIELD, "filter.committee_code",
			     "filter.committee_code: must be the campaign's committee",
			     "filter.committee_code：须为本任务所属居委会");
		goto out;
	}
	f.committee_code = c.committee_code;
	rc = committee_check_filter(st, sc, &f, c.committee_code, "filter", ar, fail);
	if (rc != SB_OK)
		goto out;
	fjson = filter_to_json(&f);
	c.filter = dump(fjson, JSON_COMPACT, ar);
	json_decref(fjson);
	c.fields = dump(d->fields, JSON_COMPACT, ar);
	c.created_by = who->user_id;
	c.created_at = who->now;
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_insert(st, &c, &ref);
	if (rc == SB_OK && unit_is_place(c.unit))
		rc = add_places(st, sc, &ref, strcmp(c.unit, "building") == 0, jfilter, &f,
				d->place_ids, ar, &count, fail);
	else if (rc == SB_OK)
		rc = add_targets(st, sc, &ref, strcmp(c.unit, "resident") == 0, &f, true, ar,
				 &count, fail);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "campaign", id_text(ref.id, ar), c.committee_code,
			       json_pack("{s:s, s:s, s:I}", "name", c.name, "unit", c.unit,
					 "targets", (json_int_t)count));
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, ref.id, ar, out);
	rc = store_end(st, rc);
out:
	json_decref(jfilter);
	return rc;
}

int
campaign_list(struct store *st, const struct scope *sc, const char *area, const char *status,
	      int64_t after_id, int limit, struct arena *ar, struct campaign_list *out,
	      struct sb_fail *fail)
{
	if (status && strcmp(status, "open") != 0 && strcmp(status, "ended") != 0)
		return sb_fail(fail, SB_BAD_QUERY, "status", "status: open or ended",
			       "status：须为 open 或 ended");
	if (area) {
		struct area a;
		int rc = store_area_get(st, sc, area, ar, &a);

		if (rc == SB_NOT_FOUND)
			return sb_fail(fail, SB_BAD_QUERY, "area",
				       "area: not an area in your jurisdiction",
				       "area：不是您辖区内的区域");
		if (rc != SB_OK)
			return rc;
	}
	return store_campaign_list(st, sc, area, status, after_id, limit, ar, out);
}

int
campaign_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct campaign *out)
{
	return store_campaign_get(st, sc, id, ar, out);
}

int
campaign_of_target(struct store *st, const struct scope *sc, int64_t target_id, bool live,
		   struct arena *ar, struct campaign *out, int64_t *household_id,
		   int64_t *resident_id)
{
	int64_t household = 0, resident = 0;
	int rc = store_campaign_by_target(st, sc, target_id, ar, out);

	if (rc == SB_OK && live)
		rc = store_campaign_target(st, &out->ref, target_id, &household, &resident);
	if (household_id)
		*household_id = household;
	if (resident_id)
		*resident_id = resident;
	return rc;
}

int
campaign_update(struct store *st, const struct scope *sc, const struct actor *who,
		struct campaign *c, const char *name, json_t *retention, struct arena *ar,
		struct sb_fail *fail)
{
	json_t *detail;
	int days = 0;
	int rc = campaign_retention_check(retention, &days, fail);

	if (rc != SB_OK)
		return rc;
	/* The audit keeps what was asked, as the body said it. */
	detail = json_object();
	if (name)
		json_object_set_new(detail, "name", json_string(name));
	if (retention)
		json_object_set(detail, "gate_retention_days", retention);
	rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_campaign_update(st, &c->ref, name, days);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "campaign", id_text(c->id, ar), c->committee_code,
			       detail);
	else
		json_decref(detail);
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, c->id, ar, c);
	return store_end(st, rc);
}

int
campaign_end(struct store *st, const struct scope *sc, const struct actor *who, struct campaign *c,
	     struct arena *ar, struct sb_fail *fail)
{
	int rc;

	if (strcmp(c->status, "ended") == 0)
		return sb_fail(fail, SB_CONFLICT, "status",
			       "status: the campaign has already ended", "status：该任务已结束");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_end(st, &c->ref, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "end", "campaign", id_text(c->id, ar), c->committee_code,
			       NULL);
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, c->id, ar, c);
	return store_end(st, rc);
}

int
campaign_rows(struct store *st, const struct campaign *c, int64_t now, struct arena *ar,
	      struct campaign_row **rows, size_t *n)
{
	return store_campaign_rows(st, &c->ref, today_of(now, ar), ar, rows, n);
}

/* A campaign that has ended takes no more entries nor targets. */
static int
still_open(const struct campaign *c, const char *en, const char *zh, struct sb_fail *fail)
{
	if (strcmp(c->status, "open") == 0)
		return SB_OK;
	return sb_fail(fail, SB_CONFLICT, "status", en, zh);
}

int
campaign_entry_put(struct store *st, const struct actor *who, const struct campaign *c,
		   int64_t target_id, json_t *values, struct arena *ar, bool *done,
		   struct sb_fail *fail)
{
	struct campaign_field *fields;
	json_t *jfields = NULL, *keys;
	const char *text, *k;
	json_t *v;
	size_t nfields;
	int rc;

	*done = false;
	rc = still_open(c, "status: the campaign has ended; it takes no more entries",
			"status：该任务已结束，不再接受填报", fail);
	if (rc != SB_OK)
		return rc;
	jfields = json_loads(c->fields, 0, NULL);
	rc = campaign_fields_parse(jfields, ar, &fields, &nfields, fail);
	if (rc == SB_OK)
		rc = campaign_entry_check(fields, nfields, values, ar, done, fail);
	json_decref(jfields);
	if (rc != SB_OK)
		return rc;
	text = dump(values, JSON_COMPACT | JSON_SORT_KEYS, ar);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_entry_put(st, &c->ref, target_id, text, *done, who->user_id, who->now);
	if (rc == SB_OK) {
		/* The audit names the fields written, not their values: a checklist
		 * may hold where someone came from or a receipt number, which stay
		 * in the campaign alone (PIPL minimisation). */
		keys = json_array();
		json_object_foreach (values, k, v) {
			json_array_append_new(keys, json_string(k));
		}
		rc = audit_add(st, who, "entry", "campaign_target", id_text(target_id, ar),
			       c->committee_code,
			       json_pack("{s:I, s:o, s:b}", "campaign_id", (json_int_t)c->id,
					 "fields", keys, "done", *done));
	}
	return store_end(st, rc);
}

int
campaign_exported(struct store *st, const struct actor *who, const struct campaign *c,
		  const char *format, size_t rows)
{
	char id[24];
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", (long long)c->id);
	rc = audit_add(st, who, "export", "campaign", id, c->committee_code,
		       json_pack("{s:s, s:I}", "format", format, "rows", (json_int_t)rows));
	return store_end(st, rc);
}

/* A building or compound campaign keeps the places it was made with (one
 * may be taken off): no household or resident is added to it. */
static int
households_allowed(const struct campaign *c, struct sb_fail *fail)
{
	if (!unit_is_place(c->unit))
		return SB_OK;
	return sb_fail(fail, SB_CONFLICT, "unit",
		       "unit: a building or compound campaign keeps the places it was made with",
		       "unit：按楼栋或小区登记的任务，对象在创建时确定");
}

int
campaign_target_add(struct store *st, const struct scope *sc, const struct actor *who,
		    const struct campaign *c, const int64_t *household_id,
		    const int64_t *resident_id, struct arena *ar, int64_t *target_id,
		    const char **member, struct sb_fail *fail)
{
	bool per_resident;
	int64_t ref;
	int rc;

	*target_id = 0;
	rc = still_open(c, "status: the campaign has ended", "status：该任务已结束", fail);
	if (rc == SB_OK)
		rc = households_allowed(c, fail);
	if (rc != SB_OK)
		return rc;
	per_resident = strcmp(c->unit, "resident") == 0;
	*member = per_resident ? "resident_id" : "household_id";
	if (per_resident ? household_id != NULL : resident_id != NULL)
		return sb_fail(fail, SB_BAD_FIELD, per_resident ? "household_id" : "resident_id",
			       arena_printf(ar, "a campaign of %ss takes %s", c->unit, *member),
			       arena_printf(ar, "本任务以%s为单位，须提供 %s",
					    per_resident ? "居民" : "户", *member));
	ref = per_resident ? (resident_id ? *resident_id : 0) : (household_id ? *household_id : 0);
	if (ref <= 0)
		return sb_fail(fail, SB_BAD_FIELD, *member,
			       arena_printf(ar, "%s: required", *member),
			       arena_printf(ar, "%s：必填", *member));
	rc = committee_check_row(st, sc, per_resident ? "resident" : "household", c->committee_code,
				 *member, ref, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_target_put(st, &c->ref, per_resident ? 0 : ref, per_resident ? ref : 0,
				       who->user_id, who->now, target_id);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, SB_CONFLICT, *member,
			     arena_printf(ar, "%s: a target already", *member),
			     arena_printf(ar, "%s：已在任务对象中", *member));
	if (rc == SB_OK)
		rc = audit_add(st, who, "target_add", "campaign", id_text(c->id, ar),
			       c->committee_code,
			       json_pack("{s:I, s:I}", "target_id", (json_int_t)*target_id, *member,
					 (json_int_t)ref));
	return store_end(st, rc);
}

int
campaign_targets_refresh(struct store *st, const struct scope *sc, const struct actor *who,
			 struct campaign *c, struct arena *ar, int64_t *added, struct sb_fail *fail)
{
	struct filter f;
	json_t *jf;
	int64_t before = 0, after = 0, matched = 0, max_id = 0;
	int rc;

	*added = 0;
	rc = still_open(c, "status: the campaign has ended", "status：该任务已结束", fail);
	if (rc == SB_OK)
		rc = households_allowed(c, fail);
	if (rc != SB_OK)
		return rc;
	jf = json_loads(c->filter ? c->filter : "{}", 0, NULL);
	if (jf == NULL)
		return SB_INTERNAL;
	rc = filter_from_json(st, jf, today_of(who->now, ar), ar, &f, fail);
	json_decref(jf);
	if (rc != SB_OK)
		return rc;
	f.committee_code = c->committee_code;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_target_count(st, &c->ref, &before);
	if (rc == SB_OK)
		rc = store_campaign_target_max_id(st, &max_id);
	if (rc == SB_OK)
		rc = add_targets(st, sc, &c->ref, strcmp(c->unit, "resident") == 0, &f, false, ar,
				 &matched, fail);
	if (rc == SB_OK)
		rc = store_campaign_target_stamp(st, &c->ref, max_id, who->user_id, who->now);
	if (rc == SB_OK)
		rc = store_campaign_target_count(st, &c->ref, &after);
	if (rc == SB_OK)
		rc = audit_add(st, who, "targets_refresh", "campaign", id_text(c->id, ar),
			       c->committee_code,
			       json_pack("{s:I}", "added", (json_int_t)(after - before)));
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, c->id, ar, c);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		*added = after - before;
	return rc;
}

bool
campaign_may_remove_targets(enum role role)
{
	return role >= ROLE_COMMITTEE_HEAD;
}

int
campaign_target_remove(struct store *st, const struct actor *who, struct campaign *c,
		       int64_t target_id, const char *reason, const struct scope *sc,
		       struct arena *ar, struct sb_fail *fail)
{
	int rc = still_open(c, "status: the campaign has ended", "status：该任务已结束", fail);

	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_target_remove(st, &c->ref, target_id, who->user_id, who->now, reason);
	if (rc == SB_OK)
		rc = audit_add(st, who, "target_remove", "campaign", id_text(c->id, ar),
			       c->committee_code,
			       json_pack("{s:I, s:s}", "target_id", (json_int_t)target_id, "reason",
					 reason));
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, c->id, ar, c);
	return store_end(st, rc);
}
