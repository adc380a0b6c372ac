#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"
#include "util/buf.h"

static const char *const keys[] = {
	"committee_code", "tag_all",	      "tag_any",      "tag_none",    "age_min",
	"age_max",	  "gender",	      "compound_id",  "building_id", "floor_min",
	"no_lift",	  "residence_kind",   "party_member", "status",	     "q",
	"sort",		  "not_visited_days", "skill",	      "team_id",     NULL,
};

void
filter_init(struct filter *f, const char *today)
{
	memset(f, 0, sizeof(*f));
	f->age_min = -1;
	f->age_max = -1;
	f->floor_min = INT_MIN;
	f->party_member = -1;
	f->today = today;
}

static bool
one_of(const char *v, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(v, *values) == 0)
			return true;
	return false;
}

static int
parse_int(const char *v, long long lo, long long hi, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end || errno || n < lo || n > hi)
		return SB_BAD_QUERY;
	*out = n;
	return SB_OK;
}

/* Splits "a,b" into tag names and checks each exists somewhere usable. */
static int
tag_list(struct store *st, const char *key, const char *v, int err, struct arena *ar,
	 const char ***out, size_t *n, struct sb_fail *fail)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (*v) {
		size_t len = strcspn(v, ",");
		const char *name = arena_strndup(ar, v, len);
		const char **slot;
		struct tag t;
		int rc;

		if (len == 0 || len > 60)
			return sb_refuse(fail, ar, err, key, "comma-separated tag names",
					 "须为逗号分隔的标签名");
		rc = store_tag_exists(st, name, &t, ar);
		if (rc == SB_NOT_FOUND)
			return sb_refuse(fail, ar, err, key,
					 arena_printf(ar, "no tag named %s", name),
					 arena_printf(ar, "没有名为 %s 的标签", name));
		if (rc != SB_OK)
			return rc;
		if (*n == 32)
			return sb_refuse(fail, ar, err, key, "at most 32 tags", "最多 32 个标签");
		slot = arena_push(ar, out, n, &cap, sizeof(*slot));
		*slot = name;
		v += len;
		if (*v == ',')
			v++;
	}
	return SB_OK;
}

static const char *const genders[] = {"male", "female", NULL};
static const char *const kinds[] = {"registered", "resident", "floating", "separated", NULL};
static const char *const statuses[] = {"living", "moved_out", "deceased", "active", "any", NULL};
static const char *const sorts[] = {"address", "name", "age", "id", NULL};

/* One parameter: key and its text value. */
static int
set_one(struct store *st, struct filter *f, const char *key, const char *v, int err,
	struct arena *ar, struct sb_fail *fail)
{
	long long n;

	if (strcmp(key, "committee_code") == 0) {
		if (strlen(v) != 12 || strspn(v, "0123456789") != 12)
			return sb_refuse(fail, ar, err, key, "a 12-digit committee code",
					 "须为 12 位居委会代码");
		f->committee_code = arena_strdup(ar, v);
	} else if (strcmp(key, "tag_all") == 0) {
		return tag_list(st, key, v, err, ar, &f->tag_all, &f->ntag_all, fail);
	} else if (strcmp(key, "tag_any") == 0) {
		return tag_list(st, key, v, err, ar, &f->tag_any, &f->ntag_any, fail);
	} else if (strcmp(key, "tag_none") == 0) {
		return tag_list(st, key, v, err, ar, &f->tag_none, &f->ntag_none, fail);
	} else if (strcmp(key, "age_min") == 0 || strcmp(key, "age_max") == 0) {
		if (parse_int(v, 0, 150, &n) != SB_OK)
			return sb_refuse(fail, ar, err, key, "a whole number from 0 to 150",
					 "须为 0 至 150 的整数");
		if (key[4] == 'm' && key[5] == 'i')
			f->age_min = (int)n;
		else
			f->age_max = (int)n;
	} else if (strcmp(key, "gender") == 0) {
		if (!one_of(v, genders))
			return sb_refuse(fail, ar, err, key, "male or female",
					 "须为 male 或 female");
		f->gender = arena_strdup(ar, v);
	} else if (strcmp(key, "compound_id") == 0 || strcmp(key, "building_id") == 0) {
		if (parse_int(v, 1, LLONG_MAX, &n) != SB_OK)
			return sb_refuse(fail, ar, err, key, "a positive id", "须为正整数编号");
		if (key[0] == 'c')
			f->compound_id = n;
		else
			f->building_id = n;
	} else if (strcmp(key, "floor_min") == 0) {
		if (parse_int(v, -5, 200, &n) != SB_OK)
			return sb_refuse(fail, ar, err, key, "a floor from -5 to 200",
					 "须为 -5 至 200 的楼层");
		f->floor_min = (int)n;
	} else if (strcmp(key, "no_lift") == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return sb_refuse(fail, ar, err, key, "true or false", "须为 true 或 false");
		f->no_lift = strcmp(v, "true") == 0;
	} else if (strcmp(key, "residence_kind") == 0) {
		if (!one_of(v, kinds))
			return sb_refuse(fail, ar, err, key,
					 "registered, resident, floating or separated",
					 "须为 registered、resident、floating 或 separated");
		f->residence_kind = arena_strdup(ar, v);
	} else if (strcmp(key, "party_member") == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return sb_refuse(fail, ar, err, key, "true or false", "须为 true 或 false");
		f->party_member = strcmp(v, "true") == 0;
	} else if (strcmp(key, "status") == 0) {
		if (!one_of(v, statuses))
			return sb_refuse(fail, ar, err, key,
					 "living, moved_out, deceased, active or any",
					 "须为 living、moved_out、deceased、active 或 any");
		f->status = arena_strdup(ar, v);
	} else if (strcmp(key, "q") == 0) {
		size_t len = strlen(v);

		if (len == 0 || len > 100)
			return sb_refuse(fail, ar, err, key, "1 to 100 bytes of text",
					 "须为 1 至 100 字节的文字");
		f->q = arena_strdup(ar, v);
	} else if (strcmp(key, "skill") == 0) {
		size_t len = strlen(v);

		if (len == 0 || len > 60)
			return sb_refuse(fail, ar, err, key, "1 to 60 bytes of text",
					 "须为 1 至 60 字节的文字");
		f->skill = arena_strdup(ar, v);
	} else if (strcmp(key, "team_id") == 0) {
		if (parse_int(v, 1, LLONG_MAX, &n) != SB_OK)
			return sb_refuse(fail, ar, err, key, "a positive id", "须为正整数编号");
		f->team_id = n;
	} else if (strcmp(key, "not_visited_days") == 0) {
		if (parse_int(v, 1, 3660, &n) != SB_OK)
			return sb_refuse(fail, ar, err, key, "a number of days from 1 to 3660",
					 "须为 1 至 3660 的天数");
		f->not_visited_days = (int)n;
	} else if (strcmp(key, "sort") == 0) {
		if (!one_of(v, sorts))
			return sb_refuse(fail, ar, err, key, "address, name, age or id",
					 "须为 address、name、age 或 id");
		f->sort = arena_strdup(ar, v);
	}
	return SB_OK;
}

int
filter_from_query(struct store *st, filter_get_fn get, void *ctx, const char *today,
		  struct arena *ar, struct filter *f, struct sb_fail *fail)
{
	size_t i;
	int rc;

	filter_init(f, today);
	for (i = 0; keys[i]; i++) {
		const char *v = get(ctx, keys[i]);

		if (v == NULL)
			continue;
		rc = set_one(st, f, keys[i], v, SB_BAD_QUERY, ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	if (f->age_min >= 0 && f->age_max >= 0 && f->age_min > f->age_max)
		return sb_refuse(fail, ar, SB_BAD_QUERY, "age_max", "must not be below age_min",
				 "不能小于 age_min");
	return SB_OK;
}

int
filter_from_json(struct store *st, json_t *j, const char *today, struct arena *ar, struct filter *f,
		 struct sb_fail *fail)
{
	const char *key;
	json_t *v;
	int rc;

	filter_init(f, today);
	if (!json_is_object(j))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "filter", "must be an object", "须为对象");
	json_object_foreach (j, key, v) {
		const char *text;

		if (!one_of(key, keys))
			return sb_refuse(fail, ar, SB_BAD_FIELD, key, "unknown filter key",
					 "未知的筛选条件");
		if (json_is_array(v) && strncmp(key, "tag_", 4) == 0) {
			struct buf b;
			size_t i;
			json_t *t;

			buf_init(&b, 4096);
			json_array_foreach (v, i, t) {
				if (!json_is_string(t)) {
					buf_clear(&b);
					return sb_refuse(fail, ar, SB_BAD_FIELD, key,
							 "a list of tag names", "须为标签名列表");
				}
				buf_printf(&b, "%s%s", i ? "," : "", json_string_value(t));
			}
			text = arena_strdup(ar, b.data ? b.data : "");
			buf_clear(&b);
		} else if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			text = arena_printf(ar, "%lld", (long long)json_integer_value(v));
		} else if (json_is_boolean(v)) {
			text = json_is_true(v) ? "true" : "false";
		} else {
			return sb_refuse(fail, ar, SB_BAD_FIELD, key, "a string, number or boolean",
					 "须为字符串、数字或布尔值");
		}
		rc = set_one(st, f, key, text, SB_BAD_FIELD, ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

static json_t *
names(const char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
filter_to_json(const struct filter *f)
{
	json_t *j = json_object();

	if (f->committee_code)
		json_object_set_new(j, "committee_code", json_string(f->committee_code));
	if (f->ntag_all)
		json_object_set_new(j, "tag_all", names(f->tag_all, f->ntag_all));
	if (f->ntag_any)
		json_object_set_new(j, "tag_any", names(f->tag_any, f->ntag_any));
	if (f->ntag_none)
		json_object_set_new(j, "tag_none", names(f->tag_none, f->ntag_none));
	if (f->age_min >= 0)
		json_object_set_new(j, "age_min", json_integer(f->age_min));
	if (f->age_max >= 0)
		json_object_set_new(j, "age_max", json_integer(f->age_max));
	if (f->gender)
		json_object_set_new(j, "gender", json_string(f->gender));
	if (f->compound_id)
		json_object_set_new(j, "compound_id", json_integer(f->compound_id));
	if (f->building_id)
		json_object_set_new(j, "building_id", json_integer(f->building_id));
	if (f->floor_min != INT_MIN)
		json_object_set_new(j, "floor_min", json_integer(f->floor_min));
	if (f->no_lift)
		json_object_set_new(j, "no_lift", json_true());
	if (f->residence_kind)
		json_object_set_new(j, "residence_kind", json_string(f->residence_kind));
	if (f->party_member >= 0)
		json_object_set_new(j, "party_member", json_boolean(f->party_member));
	if (f->status)
		json_object_set_new(j, "status", json_string(f->status));
	if (f->q)
		json_object_set_new(j, "q", json_string(f->q));
	if (f->sort)
		json_object_set_new(j, "sort", json_string(f->sort));
	if (f->not_visited_days > 0)
		json_object_set_new(j, "not_visited_days", json_integer(f->not_visited_days));
	if (f->skill)
		json_object_set_new(j, "skill", json_string(f->skill));
	if (f->team_id)
		json_object_set_new(j, "team_id", json_integer(f->team_id));
	return j;
}
