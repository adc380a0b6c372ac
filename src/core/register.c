#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/ident.h"
#include "core/committee_check.h"
#include "core/register.h"
#include "util/buf.h"
#include "util/text.h"

/* The field tables. */

static const char *const compound_kinds[] = {"commercial", "sold_public", "old_public",
					     "relocation", "other",	  NULL};
static const char *const housing_kinds[] = {"owned", "rented", "public_rent", "other", NULL};
static const char *const household_statuses[] = {"active", "moved_out", NULL};
static const char *const genders[] = {"male", "female", NULL};
static const char *const relations[] = {"head",	      "spouse",	 "child", "parent",
					"grandchild", "sibling", "other", NULL};
static const char *const residence_kinds[] = {"registered", "resident", "floating", "separated",
					      NULL};
static const char *const resident_statuses[] = {"living", "moved_out", "deceased", NULL};

#define TEXT(n, min, max, flags, zh)                                                               \
	{                                                                                          \
		n, n, RK_TEXT, min, max, NULL, flags, zh, 0                                        \
	}
#define ENUMF(n, vals, flags, zh)                                                                  \
	{                                                                                          \
		n, n, RK_ENUM, 0, 0, vals, flags, zh, 0                                            \
	}
#define BOOLF(n, dflt, zh)                                                                         \
	{                                                                                          \
		n, n, RK_BOOL, 0, 1, NULL, 0, zh, dflt                                             \
	}

static const struct rfield compound_fields[] = {
	{"committee_code", "committee_code", RK_TEXT, 12, 12, NULL, RF_REQUIRED, "居委会代码", 0},
	TEXT("name", 1, 100, RF_REQUIRED, "小区"),
	ENUMF("kind", compound_kinds, RF_REQUIRED, "类型"),
	{"built_year", "built_year", RK_INT, 1900, 2100, NULL, RF_NULLABLE, "建成年份", 0},
	TEXT("property_manager", 0, 100, RF_NULLABLE, "物业"),
};

static const struct rfield building_fields[] = {
	{"compound_id", "compound_id", RK_REF, 1, INT64_MAX, NULL, RF_REQUIRED, "小区编号", 0},
	{"committee_code", "committee_code", RK_TEXT, 0, 12, NULL, RF_READONLY, "居委会代码", 0},
	TEXT("label", 1, 50, RF_REQUIRED, "楼号"),
	{"floors", "floors", RK_INT, 1, 200, NULL, RF_NULLABLE, "层数", 0},
	BOOLF("has_lift", 0, "有电梯"),
};

static const struct rfield household_fields[] = {
	{"building_id", "building_id", RK_REF, 1, INT64_MAX, NULL, RF_REQUIRED, "楼编号", 0},
	{"committee_code", "committee_code", RK_TEXT, 0, 12, NULL, RF_READONLY, "居委会代码", 0},
	TEXT("room", 1, 20, RF_REQUIRED, "室号"),
	{"floor", "floor", RK_INT, -5, 200, NULL, RF_NULLABLE, "楼层", 0},
	ENUMF("housing_kind", housing_kinds, RF_NULLABLE, "住房类型"),
	ENUMF("status", household_statuses, 0, "状态"),
	{"grid_id", "grid_id", RK_INT, 0, INT64_MAX, NULL, RF_READONLY | RF_NULLABLE, "网格", 0},
};

static const struct rfield resident_fields[] = {
	{"household_id", "household_id", RK_REF, 1, INT64_MAX, NULL, RF_REQUIRED, "户编号", 0},
	{"committee_code", "committee_code", RK_TEXT, 0, 12, NULL, RF_READONLY, "居委会代码", 0},
	TEXT("name", 1, 50, RF_REQUIRED, "姓名"),
	ENUMF("gender", genders, RF_NULLABLE, "性别"),
	{"birth_date", "birth_date", RK_DATE, 0, 0, NULL, RF_NULLABLE, "出生日期", 0},
	{"id_number", "id_number", RK_SECRET, 0, 0, NULL, RF_NULLABLE, "身份证号", 0},
	{"phone", "phone", RK_SECRET, 0, 0, NULL, RF_NULLABLE, "电话", 0},
	ENUMF("relation", relations, RF_NULLABLE, "与户主关系"),
	ENUMF("residence_kind", residence_kinds, RF_NULLABLE, "户籍类型"),
	TEXT("work", 0, 500, RF_NULLABLE | RF_LINES, "工作"),
	TEXT("work_background", 0, 500, RF_NULLABLE | RF_LINES, "工作背景"),
	TEXT("health", 0, 500, RF_NULLABLE | RF_LINES, "健康状况"),
	TEXT("hobbies", 0, 500, RF_NULLABLE | RF_LINES, "兴趣爱好"),
	TEXT("skills", 0, 500, RF_NULLABLE | RF_LINES, "技能特长"),
	BOOLF("party_member", 0, "党员"),
	BOOLF("lives_here", 1, "本房居住"),
	BOOLF("registered_here", 1, "本房户籍"),
	BOOLF("owns", 0, "本房业主"),
	ENUMF("status", resident_statuses, 0, "状态"),
	{"status_date", "status_date", RK_DATE, 0, 0, NULL, RF_NULLABLE, "状态日期", 0},
	/* Whom to call when the resident cannot answer (issue 18): their
	 * phones are secrets like the resident's own. */
	TEXT("emergency_name", 0, 50, RF_NULLABLE, "紧急联系人"),
	TEXT("emergency_relation", 0, 20, RF_NULLABLE, "紧急联系人关系"),
	{"emergency_phone", "emergency_phone", RK_SECRET, 0, 0, NULL, RF_NULLABLE, "紧急联系人电话",
	 0},
	TEXT("carer_name", 0, 50, RF_NULLABLE, "照料人"),
	TEXT("carer_relation", 0, 20, RF_NULLABLE, "照料人关系"),
	{"carer_phone", "carer_phone", RK_SECRET, 0, 0, NULL, RF_NULLABLE, "照料人电话", 0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct entity_def entity_compound = {"compound",	    "compound",		NULL, NULL,
					   compound_fields, N(compound_fields), false};
const struct entity_def entity_building = {"building", "building",	"compound_id",
					   "compound", building_fields, N(building_fields),
					   false};
const struct entity_def entity_household = {"household", "household",	   "building_id",
					    "building",	 household_fields, N(household_fields),
					    true};
const struct entity_def entity_resident = {"resident",	"resident",	 "household_id",
					   "household", resident_fields, N(resident_fields),
					   true};

int
entity_field(const struct entity_def *def, const char *name)
{
	size_t i;

	for (i = 0; i < def->nfields; i++)
		if (strcmp(def->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Validation. */

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
in_list(const char *const *values, const char *v)
{
	for (; *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

static char *
enum_list(struct arena *ar, const char *const *values)
{
	struct buf b;
	char *s;

	buf_init(&b, 1024);
	for (; *values; values++)
		buf_printf(&b, "%s%s", b.len ? ", " : "", *values);
	s = arena_strdup(ar, b.data ? b.data : "");
	buf_clear(&b);
	return s;
}

static void
seal(const struct register_actor *who, struct arena *ar, const char *clear, struct rvalue *v)
{
	unsigned char *box;
	size_t len;
	unsigned char *copy;

	crypto_seal(who->key, clear, &box, &len);
	copy = arena_alloc(ar, len);
	memcpy(copy, box, len);
	free(box);
	v->box = copy;
	v->boxlen = len;
}

int
register_check_value(const struct rfield *f, struct rvalue *v, const struct register_actor *who,
		     struct arena *ar, struct sb_fail *fail)
{
	char today[11];

	if (f->flags & RF_READONLY)
		return sb_refuse(fail, ar, SB_BAD_FIELD, f->name, "cannot be written", "不能修改");
	if (v->null) {
		if (f->flags & RF_NULLABLE)
			return SB_OK;
		return sb_refuse(fail, ar, SB_BAD_FIELD, f->name, "must not be null", "不能为空");
	}
	switch (f->kind) {
	case RK_TEXT: {
		enum text_kind tk = (f->flags & RF_LINES) ? TEXT_LINES : TEXT_LINE;
		int32_t cp = text_refused(v->s, tk);
		size_t n;

		if (cp >= 0 && tk == TEXT_LINES)
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name,
					 arena_printf(ar,
						      "no control character but line breaks (found "
						      "U+%04X)",
						      (unsigned)cp),
					 arena_printf(ar, "除换行外不能含控制字符（含有 U+%04X）",
						      (unsigned)cp));
		if (cp >= 0)
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, f->name,
				arena_printf(ar,
					     "one line without control characters (found U+%04X)",
					     (unsigned)cp),
				arena_printf(ar, "须为一行文字，不能含控制字符（含有 U+%04X）",
					     (unsigned)cp));
		if (tk == TEXT_LINES && strchr(v->s, '\r'))
			v->s = text_lf_only(arena_strdup(ar, v->s));
		n = chars(v->s);

		if ((int64_t)n < f->min || (int64_t)n > f->max)
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name,
					 arena_printf(ar, "%lld to %lld characters",
						      (long long)f->min, (long long)f->max),
					 arena_printf(ar, "长度须为 %lld 至 %lld 个字符",
						      (long long)f->min, (long long)f->max));
		if (n == 0 && (f->flags & RF_NULLABLE))
			v->null = true;
		return SB_OK;
	}
	case RK_INT:
	case RK_REF:
		if (v->i < f->min || v->i > f->max)
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name,
					 arena_printf(ar, "must be from %lld to %lld",
						      (long long)f->min, (long long)f->max),
					 arena_printf(ar, "须在 %lld 至 %lld 之间",
						      (long long)f->min, (long long)f->max));
		return SB_OK;
	case RK_BOOL: return SB_OK;
	case RK_ENUM:
		if (!in_list(f->values, v->s))
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, f->name,
				arena_printf(ar, "one of %s", enum_list(ar, f->values)),
				arena_printf(ar, "须为以下之一：%s", enum_list(ar, f->values)));
		return SB_OK;
	case RK_DATE:
		if (!ident_date_valid(v->s))
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name,
					 "a date written YYYY-MM-DD", "须为 YYYY-MM-DD 格式的日期");
		ident_today(who->now, today);
		if (strcmp(v->s, today) > 0)
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name,
					 "must not be in the future", "不能晚于今天");
		return SB_OK;
	case RK_SECRET: {
		char norm[24], mask[24], idx[SB_HASH_HEX];

		if (v->clear)
			return SB_OK; /* checked and sealed already */
		if (strcmp(f->name, "id_number") == 0) {
			if (!ident_id_normalize(v->s, norm))
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, f->name,
					"not a valid resident ID number (18 characters, check "
					"digit)",
					"不是有效的身份证号（18 位，校验位须正确）");
			ident_mask_id(norm, mask);
		} else {
			if (!ident_phone_normalize(v->s, norm))
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, f->name,
					"a mainland mobile number or a Shanghai fixed line",
					"须为大陆手机号或上海固定电话");
			ident_mask_phone(norm, mask);
		}
		crypto_blind_index(who->key, norm, idx);
		v->clear = arena_strdup(ar, norm);
		v->s = arena_strdup(ar, mask);
		v->index = arena_strdup(ar, idx);
		seal(who, ar, norm, v);
		return SB_OK;
	}
	}
	return SB_INTERNAL;
}

/* Rows <-> columns. */

static const char *
col_name(struct arena *ar, const struct rfield *f, const char *suffix)
{
	return arena_printf(ar, "%s%s", f->column, suffix);
}

/* Appends the columns of value v of field f. */
static void
push_value(struct arena *ar, struct store_col **cols, size_t *n, size_t *cap,
	   const struct rfield *f, const struct rvalue *v)
{
	struct store_col *c;

	if (f->kind == RK_SECRET) {
		c = arena_push(ar, cols, n, cap, sizeof(*c));
		c->name = col_name(ar, f, "_enc");
		c->type = v->null ? COL_NULL : COL_BLOB;
		c->blob = v->box;
		c->bloblen = v->boxlen;
		c = arena_push(ar, cols, n, cap, sizeof(*c));
		c->name = col_name(ar, f, "_idx");
		c->type = v->null ? COL_NULL : COL_TEXT;
		c->s = v->index;
		c = arena_push(ar, cols, n, cap, sizeof(*c));
		c->name = col_name(ar, f, "_mask");
		c->type = v->null ? COL_NULL : COL_TEXT;
		c->s = v->s;
		return;
	}
	c = arena_push(ar, cols, n, cap, sizeof(*c));
	c->name = f->column;
	if (v->null) {
		c->type = COL_NULL;
	} else if (f->kind == RK_INT || f->kind == RK_BOOL || f->kind == RK_REF) {
		c->type = COL_INT;
		c->i = v->i;
	} else {
		c->type = COL_TEXT;
		c->s = v->s;
	}
}

static void
push_text(struct arena *ar, struct store_col **cols, size_t *n, size_t *cap, const char *name,
	  const char *s)
{
	struct store_col *c = arena_push(ar, cols, n, cap, sizeof(*c));

	c->name = name;
	c->type = s ? COL_TEXT : COL_NULL;
	c->s = s;
}

static void
push_int(struct arena *ar, struct store_col **cols, size_t *n, size_t *cap, const char *name,
	 int64_t i)
{
	struct store_col *c = arena_push(ar, cols, n, cap, sizeof(*c));

	c->name = name;
	c->type = COL_INT;
	c->i = i;
}

int
register_get(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	     struct arena *ar, struct rvalue **vals)
{
	struct store_col *cols = NULL;
	struct rvalue *v;
	size_t n = 0, cap = 0, i, k;
	int rc;

	for (i = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];
		struct store_col *c;

		if (f->kind == RK_SECRET) {
			c = arena_push(ar, &cols, &n, &cap, sizeof(*c));
			c->name = col_name(ar, f, "_mask");
			c = arena_push(ar, &cols, &n, &cap, sizeof(*c));
			c->name = col_name(ar, f, "_enc");
			c = arena_push(ar, &cols, &n, &cap, sizeof(*c));
			c->name = col_name(ar, f, "_idx");
		} else {
			c = arena_push(ar, &cols, &n, &cap, sizeof(*c));
			c->name = f->column;
		}
	}
	rc = store_row_get(st, sc, def->table, id, cols, n, ar);
	if (rc != SB_OK)
		return rc;
	v = arena_alloc(ar, def->nfields * sizeof(*v));
	for (i = 0, k = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];
		struct store_col *c = &cols[k++];

		v[i].present = true;
		v[i].null = c->type == COL_NULL;
		if (f->kind == RK_SECRET) {
			v[i].s = c->s;
			v[i].box = cols[k].blob;
			v[i].boxlen = cols[k].bloblen;
			v[i].index = cols[k + 1].s;
			k += 2;
		} else if (c->type == COL_INT) {
			v[i].i = c->i;
		} else {
			v[i].s = c->s;
		}
	}
	*vals = v;
	return SB_OK;
}

/* History. */

static json_t *
value_json(const struct rfield *f, const struct rvalue *v)
{
	if (v == NULL || !v->present || v->null)
		return json_null();
	switch (f->kind) {
	case RK_INT:
	case RK_REF: return json_integer(v->i);
	case RK_BOOL: return json_boolean(v->i);
	default: return json_string(v->s);
	}
}

static bool
same_value(const struct rfield *f, const struct rvalue *a, const struct rvalue *b)
{
	if (a->null || b->null)
		return a->null == b->null;
	switch (f->kind) {
	case RK_INT:
	case RK_REF:
	case RK_BOOL: return a->i == b->i;
	case RK_SECRET: return a->index && b->index && strcmp(a->index, b->index) == 0;
	default: return strcmp(a->s, b->s) == 0;
	}
}

static char *
box_b64(struct arena *ar, const struct rvalue *v)
{
	size_t n;
	char *out;

	if (v == NULL || v->null || v->box == NULL)
		return NULL;
	n = sodium_base64_encoded_len(v->boxlen, sodium_base64_VARIANT_ORIGINAL);
	out = arena_alloc(ar, n);
	sodium_bin2base64(out, n, v->box, v->boxlen, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

static json_t *
sealed_json(struct arena *ar, const struct rvalue *v)
{
	if (v == NULL || v->null)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "box", box_b64(ar, v), "index", v->index, "mask", v->s);
}

static int
record(struct store *st, const struct scope *sc, const struct register_actor *who,
       const char *action, const struct entity_def *def, int64_t id, const char *committee,
       json_t *changes, json_t *sealed)
{
	struct change c = {0};
	char *text = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
	char *stext = sealed && json_object_size(sealed) ? json_dumps(sealed, JSON_COMPACT) : NULL;
	int rc;

	c.at = who->now;
	c.user_id = who->user_id;
	c.username = who->username;
	c.action = action;
	c.entity = def->name;
	c.entity_id = id;
	c.committee_code = committee;
	c.changes = text;
	c.sealed = stext;
	rc = text ? store_change_add(st, sc, &c, NULL) : SB_INTERNAL;
	free(text);
	free(stext);
	return rc;
}

/* The committee of a parent in scope; BAD_FIELD naming the parent field when
 * it is unknown or outside the scope. */
static int
parent_committee(struct store *st, const struct scope *sc, const struct entity_def *def,
		 int64_t parent_id, struct arena *ar, const char **committee, int64_t *compound_id,
		 struct sb_fail *fail)
{
	struct store_col cols[2] = {{.name = "committee_code"}, {.name = "compound_id"}};
	size_t n = strcmp(def->parent_table, "building") == 0 ? 2 : 1;
	int rc = store_row_get(st, sc, def->parent_table, parent_id, cols, n, ar);

	if (rc == SB_NOT_FOUND)
		return sb_refuse(fail, ar, SB_BAD_FIELD, def->parent,
				 arena_printf(ar, "no %s %lld in your jurisdiction",
					      def->parent_table, (long long)parent_id),
				 arena_printf(ar, "您的辖区内没有编号为 %lld 的%s",
					      (long long)parent_id,
					      strcmp(def->parent_table, "compound") == 0 ? "小区"
					      : strcmp(def->parent_table, "building") == 0 ? "楼"
											   : "户"));
	if (rc != SB_OK)
		return rc;
	*committee = cols[0].s;
	if (compound_id)
		*compound_id = n == 2 ? cols[1].i : 0;
	return SB_OK;
}

/* Rules across fields of a merged row (old values overlaid by new ones). */
static int
check_row(struct store *st, const struct scope *sc, const struct entity_def *def,
	  const struct rvalue *row, int64_t id, struct arena *ar, struct sb_fail *fail)
{
	if (def == &entity_resident) {
		const struct rvalue *status = &row[entity_field(def, "status")];
		const struct rvalue *date = &row[entity_field(def, "status_date")];

		if (status->present && !status->null && strcmp(status->s, "living") != 0 &&
		    (!date->present || date->null))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "status_date",
					 "required when the status is moved_out or deceased",
					 "状态为迁出或死亡时必填");
	}
	if (def == &entity_household) {
		const struct rvalue *status = &row[entity_field(def, "status")];
		const struct rvalue *room = &row[entity_field(def, "room")];
		const struct rvalue *building = &row[entity_field(def, "building_id")];
		bool taken = false;
		int rc;

		if (status->present && !status->null && strcmp(status->s, "active") != 0)
			return SB_OK;
		rc = store_room_taken(st, sc, building->i, room->s, id, &taken);
		if (rc != SB_OK)
			return rc;
		if (taken)
			return sb_fail(
				fail, SB_CONFLICT, "room",
				arena_printf(
					ar,
					"room: %s already has an active household in this building",
					room->s),
				arena_printf(ar, "room：本楼 %s 已有在册住户", room->s));
	}
	return SB_OK;
}

/* Fills what derives from other fields of a row being created. */
static void
derive(const struct entity_def *def, struct rvalue *vals, struct arena *ar)
{
	if (def == &entity_household) {
		struct rvalue *floor = &vals[entity_field(def, "floor")];
		const struct rvalue *room = &vals[entity_field(def, "room")];
		int fl;

		if (!floor->present && room->present && ident_room_floor(room->s, &fl)) {
			floor->present = true;
			floor->null = false;
			floor->i = fl;
		}
	}
	if (def == &entity_resident) {
		const struct rvalue *id = &vals[entity_field(def, "id_number")];
		struct rvalue *birth = &vals[entity_field(def, "birth_date")];
		struct rvalue *gender = &vals[entity_field(def, "gender")];
		char date[11];
		bool female;

		if (id->present && !id->null && id->clear) {
			ident_id_birth(id->clear, date, &female);
			if (!birth->present || birth->null) {
				birth->present = true;
				birth->null = false;
				birth->s = arena_strdup(ar, date);
			}
			if (!gender->present || gender->null) {
				gender->present = true;
				gender->null = false;
				gender->s = female ? "female" : "male";
			}
		}
	}
}

static int
check_present(const struct entity_def *def, struct rvalue *vals, const struct register_actor *who,
	      struct arena *ar, struct sb_fail *fail)
{
	size_t i;
	int rc;

	for (i = 0; i < def->nfields; i++) {
		if (!vals[i].present)
			continue;
		rc = register_check_value(&def->fields[i], &vals[i], who, ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
register_create(struct store *st, const struct scope *sc, const struct entity_def *def,
		struct rvalue *vals, const struct register_actor *who, struct arena *ar,
		int64_t *id, struct sb_fail *fail)
{
	struct store_col *cols = NULL;
	json_t *changes = NULL, *sealed = NULL;
	const char *committee = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	rc = check_present(def, vals, who, ar, fail);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];

		if ((f->flags & RF_REQUIRED) && (!vals[i].present || vals[i].null))
			return sb_refuse(fail, ar, SB_BAD_FIELD, f->name, "required", "必填");
		if (!vals[i].present && f->kind == RK_BOOL) {
			vals[i].present = true;
			vals[i].i = f->dflt;
		}
		if (!vals[i].present && f->kind == RK_ENUM && f->values &&
		    !(f->flags & RF_NULLABLE)) {
			vals[i].present = true;
			vals[i].s = f->values[0];
		}
	}
	if (def->parent) {
		const struct rvalue *p = &vals[entity_field(def, def->parent)];

		rc = parent_committee(st, sc, def, p->i, ar, &committee, NULL, fail);
	} else {
		committee = vals[entity_field(def, "committee_code")].s;
		rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_FIELD, ar,
					   fail);
	}
	if (rc != SB_OK)
		return rc;
	derive(def, vals, ar);
	rc = check_row(st, sc, def, vals, 0, ar, fail);
	if (rc != SB_OK)
		return rc;
	changes = json_object();
	sealed = json_object();
	for (i = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];

		if (!vals[i].present || f->column == NULL || (f->flags & RF_READONLY))
			continue;
		push_value(ar, &cols, &n, &cap, f, &vals[i]);
		if (!vals[i].null)
			json_object_set_new(
				changes, f->name,
				json_pack("{s:n, s:o}", "old", "new", value_json(f, &vals[i])));
		if (f->kind == RK_SECRET && !vals[i].null)
			json_object_set_new(
				sealed, f->name,
				json_pack("{s:n, s:o}", "old", "new", sealed_json(ar, &vals[i])));
	}
	if (def->parent)
		push_text(ar, &cols, &n, &cap, "committee_code", committee);
	if (def->history) {
		push_int(ar, &cols, &n, &cap, "created_at", who->now);
		push_int(ar, &cols, &n, &cap, "updated_at", who->now);
	}
	rc = store_row_insert(st, sc, def->table, cols, n, id);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, SB_CONFLICT, def == &entity_compound ? "name" : "label",
			     "already exists here", "已存在");
	if (rc == SB_OK && def == &entity_household)
		rc = store_household_grid_refresh(st, sc, *id);
	if (rc == SB_OK && def->history)
		rc = record(st, sc, who, "create", def, *id, committee, changes, sealed);
	if (rc == SB_OK && def == &entity_resident)
		rc = store_resident_reindex(st, sc, *id);
	json_decref(changes);
	json_decref(sealed);
	return rc;
}

/* After a household moves or is renamed, its residents follow. */
static int
household_follow(struct store *st, const struct scope *sc, int64_t household_id,
		 const char *committee, struct arena *ar)
{
	struct store_col col = {.name = "committee_code", .type = COL_TEXT, .s = committee};
	int64_t *ids;
	size_t n, i;
	int rc = store_household_residents(st, sc, household_id, ar, &ids, &n);

	for (i = 0; rc == SB_OK && i < n; i++) {
		if (committee)
			rc = store_row_update(st, sc, "resident", ids[i], &col, 1);
		if (rc == SB_OK)
			rc = store_resident_reindex(st, sc, ids[i]);
	}
	return rc;
}

static int
apply_update(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	     struct rvalue *old, struct rvalue *vals, const char *action,
	     const struct register_actor *who, struct arena *ar, bool *changed,
	     struct sb_fail *fail)
{
	struct store_col *cols = NULL;
	struct rvalue *merged;
	json_t *changes, *sealed;
	const char *committee = old[entity_field(def, "committee_code")].s;
	const char *new_committee = NULL;
	bool moved = false, renamed = false;
	size_t n = 0, cap = 0, i;
	int rc = SB_OK;

	*changed = false;
	merged = arena_alloc(ar, def->nfields * sizeof(*merged));
	for (i = 0; i < def->nfields; i++)
		merged[i] = vals[i].present ? vals[i] : old[i];
	if (def->parent && vals[entity_field(def, def->parent)].present &&
	    vals[entity_field(def, def->parent)].i != old[entity_field(def, def->parent)].i) {
		rc = parent_committee(st, sc, def, vals[entity_field(def, def->parent)].i, ar,
				      &new_committee, NULL, fail);
		if (rc != SB_OK)
			return rc;
		/* A resident moves house anywhere in the caller's jurisdiction; a
		 * building or a household stays in its committee (whole compounds
		 * change committee when committees are split or merged). */
		if (def != &entity_resident && strcmp(new_committee, committee) != 0)
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, def->parent,
				arena_printf(ar, "%lld is in committee %s, not %s",
					     (long long)vals[entity_field(def, def->parent)].i,
					     new_committee, committee),
				arena_printf(ar, "%lld 属于居委会 %s，不属于本居委会 %s",
					     (long long)vals[entity_field(def, def->parent)].i,
					     new_committee, committee));
		moved = true;
	}
	rc = check_row(st, sc, def, merged, id, ar, fail);
	if (rc != SB_OK)
		return rc;
	changes = json_object();
	sealed = json_object();
	for (i = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];

		if (!vals[i].present || f->column == NULL || same_value(f, &vals[i], &old[i]))
			continue;
		push_value(ar, &cols, &n, &cap, f, &vals[i]);
		json_object_set_new(changes, f->name,
				    json_pack("{s:o, s:o}", "old", value_json(f, &old[i]), "new",
					      value_json(f, &vals[i])));
		if (f->kind == RK_SECRET)
			json_object_set_new(sealed, f->name,
					    json_pack("{s:o, s:o}", "old", sealed_json(ar, &old[i]),
						      "new", sealed_json(ar, &vals[i])));
		if (strcmp(f->name, "name") == 0 || strcmp(f->name, "label") == 0 ||
		    strcmp(f->name, "room") == 0)
			renamed = true;
	}
	if (n == 0)
		goto out;
	*changed = true;
	if (new_committee && strcmp(new_committee, committee) != 0)
		push_text(ar, &cols, &n, &cap, "committee_code", new_committee);
	if (def->history)
		push_int(ar, &cols, &n, &cap, "updated_at", who->now);
	rc = store_row_update(st, sc, def->table, id, cols, n);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, SB_CONFLICT, def == &entity_compound ? "name" : "label",
			     "already exists here", "已存在");
	if (rc == SB_OK && def->history)
		rc = record(st, sc, who,
			    action  ? action
			    : moved ? "move"
				    : "update",
			    def, id, new_committee ? new_committee : committee, changes, sealed);
	if (rc == SB_OK && def == &entity_resident)
		rc = store_resident_reindex(st, sc, id);
	if (rc == SB_OK && def == &entity_household && moved)
		rc = store_household_grid_refresh(st, sc, id);
	if (rc == SB_OK && def == &entity_household && (moved || renamed))
		rc = household_follow(st, sc, id, moved ? new_committee : NULL, ar);
	if (rc == SB_OK && (def == &entity_compound || def == &entity_building) && renamed)
		rc = store_reindex_under(st, sc, def->table, id);
out:
	json_decref(changes);
	json_decref(sealed);
	return rc;
}

int
register_update(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
		struct rvalue *vals, const struct register_actor *who, struct arena *ar,
		bool *changed, struct sb_fail *fail)
{
	struct rvalue *old;
	size_t i;
	int rc;

	rc = register_get(st, sc, def, id, ar, &old);
	if (rc != SB_OK)
		return rc;
	rc = check_present(def, vals, who, ar, fail);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < def->nfields; i++)
		if (vals[i].present && vals[i].null && (def->fields[i].flags & RF_REQUIRED))
			return sb_refuse(fail, ar, SB_BAD_FIELD, def->fields[i].name, "required",
					 "必填");
	if (def == &entity_compound && vals[entity_field(def, "committee_code")].present &&
	    strcmp(vals[entity_field(def, "committee_code")].s,
		   old[entity_field(def, "committee_code")].s) != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "committee_code",
				 "a compound cannot change committee", "小区不能更换居委会");
	return apply_update(st, sc, def, id, old, vals, NULL, who, ar, changed, fail);
}

/* Rollback: the old values of one change, if the row still has its new ones. */

static int
value_from_json(const struct rfield *f, json_t *j, json_t *sealed, struct rvalue *v,
		struct arena *ar)
{
	memset(v, 0, sizeof(*v));
	v->present = true;
	if (json_is_null(j)) {
		v->null = true;
		return SB_OK;
	}
	switch (f->kind) {
	case RK_INT:
	case RK_REF: v->i = json_integer_value(j); break;
	case RK_BOOL: v->i = json_is_true(j); break;
	case RK_SECRET: {
		const char *b64 = json_string_value(json_object_get(sealed, "box"));
		size_t len = 0;
		unsigned char *box;

		if (b64 == NULL)
			return SB_CONFLICT;
		box = arena_alloc(ar, strlen(b64));
		if (sodium_base642bin(box, strlen(b64), b64, strlen(b64), NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0)
			return SB_INTERNAL;
		v->box = box;
		v->boxlen = len;
		v->index = arena_strdup(ar, json_string_value(json_object_get(sealed, "index")));
		v->s = arena_strdup(ar, json_string_value(json_object_get(sealed, "mask")));
		break;
	}
	default:
		if (!json_is_string(j))
			return SB_INTERNAL;
		v->s = arena_strdup(ar, json_string_value(j));
		break;
	}
	return SB_OK;
}

static int
tags_restore(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	     const char *committee, json_t *names, const struct register_actor *who,
	     struct arena *ar, struct sb_fail *fail)
{
	struct tag_item *items = arena_alloc(ar, (json_array_size(names) + 1) * sizeof(*items));
	size_t i;
	json_t *v;

	json_array_foreach (names, i, v) {
		items[i].name = json_string_value(v);
	}
	return register_replace_tags(st, sc, def->name, id, committee, items,
				     json_array_size(names), who, ar, fail);
}

int
register_rollback(struct store *st, const struct scope *sc, int64_t change_id,
		  const struct register_actor *who, struct arena *ar, struct sb_fail *fail)
{
	const struct entity_def *def;
	struct rvalue *old, *vals;
	json_t *changes = NULL, *sealed = NULL, *v;
	struct change c;
	const char *key;
	bool changed;
	int rc;

	rc = store_change_get(st, sc, change_id, ar, &c);
	if (rc != SB_OK)
		return rc;
	if (strcmp(c.action, "create") == 0)
		return sb_fail(fail, SB_CONFLICT, NULL,
			       "a creation cannot be rolled back: set the status instead",
			       "新建记录不能回退，请修改其状态");
	def = strcmp(c.entity, "resident") == 0 ? &entity_resident : &entity_household;
	rc = register_get(st, sc, def, c.entity_id, ar, &old);
	if (rc != SB_OK)
		return rc;
	changes = json_loads(c.changes, 0, NULL);
	sealed = c.sealed ? json_loads(c.sealed, 0, NULL) : json_object();
	if (changes == NULL || sealed == NULL) {
		rc = SB_INTERNAL;
		goto out;
	}
	vals = arena_alloc(ar, def->nfields * sizeof(*vals));
	json_object_foreach (changes, key, v) {
		int fi = entity_field(def, key);
		const char *name;
		struct rvalue now;

		if (strcmp(key, "tags") == 0)
			continue;
		if (fi < 0) {
			rc = SB_INTERNAL;
			goto out;
		}
		rc = value_from_json(&def->fields[fi], json_object_get(v, "new"),
				     json_object_get(json_object_get(sealed, key), "new"), &now,
				     ar);
		/* The field name must outlive changes (freed below) and key
		 * must stay as it is for the loop: use the table's own name. */
		name = def->fields[fi].name;
		if (rc == SB_OK && !same_value(&def->fields[fi], &now, &old[fi]))
			rc = sb_fail(
				fail, SB_CONFLICT, name,
				arena_printf(
					ar,
					"%s has changed since; roll back the later change first",
					name),
				arena_printf(ar, "%s 之后又有修改，请先回退之后的修改", name));
		if (rc == SB_OK)
			rc = value_from_json(&def->fields[fi], json_object_get(v, "old"),
					     json_object_get(json_object_get(sealed, key), "old"),
					     &vals[fi], ar);
		if (rc != SB_OK)
			goto out;
	}
	rc = apply_update(st, sc, def, c.entity_id, old, vals, "rollback", who, ar, &changed, fail);
	if (rc == SB_OK && json_object_get(changes, "tags"))
		rc = tags_restore(
			st, sc, def, c.entity_id, old[entity_field(def, "committee_code")].s,
			json_object_get(json_object_get(changes, "tags"), "old"), who, ar, fail);
out:
	json_decref(changes);
	json_decref(sealed);
	return rc;
}

/* Tags. */

static json_t *
tag_names(const struct tag_on_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->items[i].name));
	return a;
}

/* The tag reads and writes of set_tags, in sc's jurisdiction. */
static int
tags_read(struct store *st, const struct scope *sc, const char *entity, int64_t id,
	  struct arena *ar, struct tag_on_list *out)
{
	return store_tags_of_scoped(st, sc, entity, id, ar, out);
}

static int
tags_write(struct store *st, const struct scope *sc, const char *entity, int64_t id,
	   const struct tag *found, const struct tag_item *tags, size_t ntags,
	   const struct tag_on_list *before, const struct register_actor *who, struct arena *ar)
{
	size_t i, j;
	int rc;

	rc = store_tags_clear_scoped(st, sc, entity, id);
	for (i = 0; rc == SB_OK && i < ntags; i++) {
		const char *review = tags[i].review_on;
		int64_t set_by = who->user_id, set_at = who->now;

		/* A tag kept keeps who set it and when. */
		for (j = 0; j < before->n; j++)
			if (strcmp(before->items[j].name, found[i].name) == 0) {
				set_by = before->items[j].set_by;
				set_at = before->items[j].set_at;
				if (review == NULL)
					review = before->items[j].review_on;
			}
		if (review == NULL && found[i].review_days > 0) {
			char due[11];

			ident_today(who->now + (int64_t)found[i].review_days * 86400, due);
			review = arena_strdup(ar, due);
		}
		rc = store_tag_put_scoped(st, sc, entity, id, found[i].id, set_by, set_at, review);
	}
	return rc;
}

static int
set_tags(struct store *st, const struct scope *sc, const char *entity, int64_t id,
	 const char *committee, const struct tag_item *tags, size_t ntags,
	 const struct register_actor *who, struct arena *ar, struct sb_fail *fail)
{
	const struct entity_def *def =
		strcmp(entity, "resident") == 0 ? &entity_resident : &entity_household;
	struct tag_on_list before, after;
	struct tag *found = arena_alloc(ar, (ntags + 1) * sizeof(*found));
	json_t *a, *b;
	size_t i, j;
	int rc;

	for (i = 0; i < ntags; i++) {
		rc = store_tag_find(st, tags[i].name, committee, ar, &found[i]);
		if (rc == SB_NOT_FOUND)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "tags",
					 arena_printf(ar, "no tag named %s here", tags[i].name),
					 arena_printf(ar, "此处没有名为 %s 的标签", tags[i].name));
		if (rc != SB_OK)
			return rc;
		if (strcmp(found[i].category, "derived") == 0)
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, "tags",
				arena_printf(ar, "%s follows from the birth date and cannot be set",
					     tags[i].name),
				arena_printf(ar, "%s 由出生日期得出，不能手动设置", tags[i].name));
		if (tags[i].review_on && !ident_date_valid(tags[i].review_on))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "tags",
					 "review_on: a date written YYYY-MM-DD",
					 "review_on：须为 YYYY-MM-DD 格式的日期");
		for (j = 0; j < i; j++)
			if (found[j].id == found[i].id)
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, "tags",
					arena_printf(ar, "%s is named twice", tags[i].name),
					arena_printf(ar, "%s 重复", tags[i].name));
	}
	rc = tags_read(st, sc, entity, id, ar, &before);
	if (rc == SB_OK)
		rc = tags_write(st, sc, entity, id, found, tags, ntags, &before, who, ar);
	if (rc != SB_OK)
		return rc;
	rc = tags_read(st, sc, entity, id, ar, &after);
	if (rc != SB_OK)
		return rc;
	a = tag_names(&before);
	b = tag_names(&after);
	if (!json_equal(a, b) && def->history) {
		json_t *changes = json_pack("{s:{s:o, s:o}}", "tags", "old", a, "new", b);

		rc = record(st, sc, who, "update", def, id, committee, changes, NULL);
		json_decref(changes);
	} else {
		json_decref(a);
		json_decref(b);
	}
	return rc;
}

int
register_replace_tags(struct store *st, const struct scope *sc, const char *entity, int64_t id,
		      const char *committee, const struct tag_item *tags, size_t ntags,
		      const struct register_actor *who, struct arena *ar, struct sb_fail *fail)
{
	return set_tags(st, sc, entity, id, committee, tags, ntags, who, ar, fail);
}
