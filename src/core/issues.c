#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/ident.h"
#include "core/issues.h"
#include "util/buf.h"
#include "util/clock.h"

/* Names. */

static const char *const status_names[IS_COUNT] = {
	[IS_RECEIVED] = "received", [IS_ACCEPTED] = "accepted", [IS_IN_PROGRESS] = "in_progress",
	[IS_RESOLVED] = "resolved", [IS_CLOSED] = "closed",	[IS_REOPENED] = "reopened",
};

static const char *const status_zh[IS_COUNT] = {
	[IS_RECEIVED] = "已接收", [IS_ACCEPTED] = "已受理", [IS_IN_PROGRESS] = "处理中",
	[IS_RESOLVED] = "已办结", [IS_CLOSED] = "已关闭",   [IS_REOPENED] = "已重新打开",
};

static const char *const action_names[IA_COUNT] = {
	[IA_ACCEPT] = "accept",
	[IA_ASSIGN] = "assign",
	[IA_START] = "start",
	[IA_NOTE] = "note",
	[IA_ESCALATE] = "escalate",
	[IA_RETURN] = "return",
	[IA_RESOLVE] = "resolve",
	[IA_FEEDBACK] = "feedback",
	[IA_REOPEN] = "reopen",
	[IA_CLOSE] = "close",
	[IA_HOTLINE_HANDOFF] = "hotline_handoff",
	[IA_HOTLINE_RETURN] = "hotline_return",
};

static const char *const action_zh[IA_COUNT] = {
	[IA_ACCEPT] = "受理",
	[IA_ASSIGN] = "指派",
	[IA_START] = "开始处理",
	[IA_NOTE] = "备注",
	[IA_ESCALATE] = "上报",
	[IA_RETURN] = "退回",
	[IA_RESOLVE] = "办结",
	[IA_FEEDBACK] = "评价",
	[IA_REOPEN] = "重新打开",
	[IA_CLOSE] = "关闭",
	[IA_HOTLINE_HANDOFF] = "转 12345",
	[IA_HOTLINE_RETURN] = "12345 回单",
};

static const char *const level_names[IL_COUNT] = {
	[IL_COMMITTEE] = "committee",
	[IL_STREET] = "street",
	[IL_DISTRICT] = "district",
};

static const char *const level_zh[IL_COUNT] = {
	[IL_COMMITTEE] = "居民区",
	[IL_STREET] = "街道",
	[IL_DISTRICT] = "区",
};

static int
parse(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
issue_status_name(enum issue_status s)
{
	return (unsigned)s < IS_COUNT ? status_names[s] : NULL;
}

const char *
issue_action_name(enum issue_action a)
{
	return (unsigned)a < IA_COUNT ? action_names[a] : NULL;
}

const char *
issue_level_name(enum issue_level l)
{
	return (unsigned)l < IL_COUNT ? level_names[l] : NULL;
}

int
issue_status_parse(const char *s)
{
	return parse(status_names, IS_COUNT, s);
}

int
issue_action_parse(const char *s)
{
	return parse(action_names, IA_COUNT, s);
}

int
issue_level_parse(const char *s)
{
	return parse(level_names, IL_COUNT, s);
}

bool
issue_status_open(enum issue_status s)
{
	return s == IS_RECEIVED || s == IS_ACCEPTED || s == IS_IN_PROGRESS || s == IS_REOPENED;
}

int
issue_role_level(enum role r)
{
	switch (r) {
	case ROLE_WORKER:
	case ROLE_COMMITTEE_HEAD: return IL_COMMITTEE;
	case ROLE_STREET: return IL_STREET;
	case ROLE_DISTRICT: return IL_DISTRICT;
	default: return -1;
	}
}

/* The transition table: from-status × action → to-status, least role, level
 * rule, the members the step needs and may carry.  A cell left out is an
 * illegal step (409). */

#define W ROLE_WORKER
#define H ROLE_COMMITTEE_HEAD
#define T(to_, role_, rule_, req_, allow_)                                                         \
	{                                                                                          \
		true, to_, role_, rule_, req_, (req_) | (allow_)                                   \
	}

/* The steps every open status shares. */
#define OPEN_STEPS(self)                                                                           \
	[IA_ASSIGN] = T(self, W, LR_OWN, IF_ASSIGNEE, IF_NOTE),                                    \
	[IA_NOTE] = T(self, W, LR_ANY, IF_NOTE, 0),                                                \
	[IA_ESCALATE] = T(IS_RECEIVED, H, LR_UP, IF_REASON, IF_NOTE),                              \
	[IA_RETURN] = T(IS_RECEIVED, W, LR_DOWN, IF_NOTE, IF_COMMITTEE),                           \
	[IA_HOTLINE_HANDOFF] = T(self, W, LR_OWN, 0, IF_HOTLINE | IF_NOTE),                        \
	[IA_HOTLINE_RETURN] = T(self, W, LR_OWN, IF_NOTE, 0)

static const struct issue_rule transitions[IS_COUNT][IA_COUNT] =
	{
		[IS_RECEIVED] =
			{
				OPEN_STEPS(IS_RECEIVED),
				[IA_ACCEPT] = T(IS_ACCEPTED, W, LR_OWN, 0, IF_NOTE),
			},
		[IS_ACCEPTED] =
			{
				OPEN_STEPS(IS_ACCEPTED),
				[IA_START] = T(IS_IN_PROGRESS, W, LR_OWN, 0, IF_NOTE),
				[IA_RESOLVE] = T(IS_RESOLVED, W, LR_OWN, IF_NOTE, 0),
			},
		[IS_IN_PROGRESS] =
			{
				OPEN_STEPS(IS_IN_PROGRESS),
				[IA_RESOLVE] = T(IS_RESOLVED, W, LR_OWN, IF_NOTE, 0),
			},
		[IS_RESOLVED] =
			{
				[IA_NOTE] = T(IS_RESOLVED, W, LR_ANY, IF_NOTE, 0),
				[IA_FEEDBACK] =
					T(IS_RESOLVED, W, LR_ANY, IF_SATISFACTION, IF_COMMENT),
				[IA_REOPEN] = T(IS_REOPENED, W, LR_OWN, IF_REASON, IF_NOTE),
				[IA_CLOSE] = T(IS_CLOSED, W, LR_OWN, 0, IF_NOTE),
			},
		[IS_CLOSED] =
			{
				[IA_NOTE] = T(IS_CLOSED, W, LR_ANY, IF_NOTE, 0),
				[IA_FEEDBACK] = T(IS_CLOSED, W, LR_ANY, IF_SATISFACTION,
						  IF_COMMENT),
				[IA_REOPEN] = T(IS_REOPENED, W, LR_OWN, IF_REASON, IF_NOTE),
			},
		[IS_REOPENED] =
			{
				OPEN_STEPS(IS_REOPENED),
				[IA_ACCEPT] = T(IS_ACCEPTED, W, LR_OWN, 0, IF_NOTE),
				[IA_START] = T(IS_IN_PROGRESS, W, LR_OWN, 0, IF_NOTE),
			},
};

#undef OPEN_STEPS
#undef T
#undef H
#undef W

struct issue_rule
issue_transition(enum issue_status from, enum issue_action a)
{
	struct issue_rule none = {0};

	if ((unsigned)from >= IS_COUNT || (unsigned)a >= IA_COUNT)
		return none;
	return transitions[from][a];
}

int
issue_may(const struct issue_rule *r, enum issue_action a, enum role role, enum issue_level level,
	  struct arena *ar, struct sb_fail *fail)
{
	int tier = issue_role_level(role);

	if (role < r->min_role)
		return sb_fail(fail, SB_FORBIDDEN, "action",
			       arena_printf(ar, "action: %s needs the role %s or above",
					    action_names[a], role_name(r->min_role)),
			       arena_printf(ar, "action：%s需要 %s 或以上角色", action_zh[a],
					    role_name(r->min_role)));
	if (r->level_rule == LR_ANY || role == ROLE_ADMIN) {
		if (r->level_rule == LR_UP && level == IL_DISTRICT)
			goto top;
		if (r->level_rule == LR_DOWN && level == IL_COMMITTEE)
			goto bottom;
		return SB_OK;
	}
	if (tier != (int)level)
		return sb_fail(
			fail, SB_CONFLICT, "action",
			arena_printf(
				ar,
				"action: the issue is at the %s level; only that level may %s it",
				level_names[level], action_names[a]),
			arena_printf(ar, "action：该诉求在%s层级，只有该层级可以%s",
				     level_zh[level], action_zh[a]));
	if (r->level_rule == LR_UP && level == IL_DISTRICT)
		goto top;
	if (r->level_rule == LR_DOWN && level == IL_COMMITTEE)
		goto bottom;
	return SB_OK;
top:
	return sb_fail(fail, SB_CONFLICT, "action",
		       "action: the issue is at the district, the top level; it cannot go higher",
		       "action：该诉求已在区级（最高层级），不能再上报");
bottom:
	return sb_fail(fail, SB_CONFLICT, "action",
		       "action: the issue is at the committee, the lowest level; there is no level "
		       "below to return it to",
		       "action：该诉求已在居民区（最低层级），无法再退回");
}

/* Deadlines. */

int
issue_category_days(const struct issue_category *c, enum issue_level level, bool urgent)
{
	if (urgent)
		return c->days_urgent;
	switch (level) {
	case IL_STREET: return c->days_street;
	case IL_DISTRICT: return c->days_district;
	default: return c->days_committee;
	}
}

int
issue_due(struct store *st, const struct issue_category *c, enum issue_level level, bool urgent,
	  int64_t start, char due_date[11], int64_t *due_at)
{
	char day[11];
	int rc;

	clock_shanghai_date(start, day);
	rc = calendar_add_workdays(st, day, issue_category_days(c, level, urgent), due_date);
	if (rc != SB_OK)
		return rc;
	/* due on a day: until its end, 24:00 Shanghai time */
	clock_day_end(due_date, due_at);
	return SB_OK;
}

void
issue_receipt_no(int64_t id, int64_t created_at, char out[32])
{
	char day[11];

	ident_today(created_at, day);
	snprintf(out, 32, "SB-%.4s-%06lld", day, (long long)id);
}

/* Refusals. */

static const char *const channels[] = {"office", "visit", "phone", "online", "hotline", "open311"};

static bool
in_set(const char *const *set, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(set[i], s) == 0)
			return true;
	return false;
}

/* A category that exists and is active; BAD_FIELD naming "category". */
static int
category_of(struct store *st, const char *code, struct arena *ar, struct issue_category *out,
	    struct sb_fail *fail)
{
	int rc = store_issue_category_get(st, code, ar, out);

	if (rc == SB_NOT_FOUND || (rc == SB_OK && !out->active))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "category",
				 "not a category in use (GET /api/v1/issue-categories lists them)",
				 "不是在用的诉求类别（见 GET /api/v1/issue-categories）");
	return rc;
}

/* A 12345 work-order number: 1–40 letters, digits and hyphens. */
static bool
hotline_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '-')
			return false;
	return n >= 1 && n <= 40;
}

static int
hotline_free(struct store *st, const char *no, int64_t self, struct arena *ar, struct sb_fail *fail)
{
	int64_t other = 0;
	int rc;

	if (!hotline_valid(no))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "hotline_no",
				 "1 to 40 letters, digits or hyphens",
				 "须为 1 至 40 位字母、数字或连字符");
	rc = store_issue_by_hotline(st, no, &other);
	if (rc != SB_OK)
		return rc;
	if (other && other != self)
		return sb_refuse(
			fail, ar, SB_CONFLICT, "hotline_no",
			arena_printf(ar, "this 12345 work order is already tracked as issue %lld",
				     (long long)other),
			arena_printf(ar, "该 12345 工单已由诉求 %lld 跟踪", (long long)other));
	return SB_OK;
}

/* Whether user may be assigned an issue of area at level: enabled, its
 * scope covers the area, and it works at that level. */
static int
assignee_ok(struct store *st, int64_t user, const char *area, enum issue_level level,
	    struct arena *ar, struct sb_fail *fail)
{
	enum role role;
	int rc = store_issue_user_covers(st, user, area, &role);

	if (rc != SB_OK)
		return rc;
	if (role == ROLE_NONE || issue_role_level(role) != (int)level)
		return sb_refuse(
			fail, ar, SB_BAD_FIELD, "assignee_id",
			arena_printf(ar,
				     "not an enabled user of the %s level whose jurisdiction "
				     "covers the issue",
				     level_names[level]),
			arena_printf(ar, "不是辖区覆盖该诉求的%s层级在用账号", level_zh[level]));
	return SB_OK;
}

/* Seals a phone number into the issue (encrypted, blind index, mask). */
static int
seal_phone(const struct issue_actor *who, const char *phone, struct arena *ar, struct issue *i,
	   struct sb_fail *fail)
{
	char norm[16], mask[24], idx[SB_HASH_HEX];
	unsigned char *box;
	size_t len;
	void *copy;

	if (!ident_phone_normalize(phone, norm))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "reporter_phone",
				 "a mainland mobile number or a Shanghai fixed line",
				 "须为大陆手机号或上海固定电话");
	ident_mask_phone(norm, mask);
	crypto_blind_index(who->key, norm, idx);
	crypto_seal(who->key, norm, &box, &len);
	copy = arena_alloc(ar, len);
	memcpy(copy, box, len);
	free(box);
	crypto_wipe(norm);
	i->reporter_phone_box = copy;
	i->reporter_phone_boxlen = len;
	i->reporter_phone_idx = arena_strdup(ar, idx);
	i->reporter_phone_mask = arena_strdup(ar, mask);
	return SB_OK;
}

static int
not_in_scope(struct sb_fail *fail, struct arena *ar, const char *field, const char *what_en,
	     const char *what_zh)
{
	return sb_refuse(fail, ar, SB_BAD_FIELD, field,
			 arena_printf(ar, "no such %s in your jurisdiction", what_en),
			 arena_printf(ar, "您的辖区内没有该%s", what_zh));
}

/* Resolves the place of an intake in scope: resident → household → building
 * → compound → committee, each given one consistent with what derives. */
static int
place_of(struct store *st, const struct scope *sc, const struct issue_new *in, struct arena *ar,
	 struct issue *i, struct sb_fail *fail)
{
	int64_t household = in->household_id, building = in->building_id,
		compound = in->compound_id;
	const char *committee = NULL, *address = NULL;
	int rc;

	/* Each id given names something in scope and, when the committee is
	 * given, of that committee, before they are held against each other:
	 * the member named is the one that is wrong. */
	{
		static const char *const tables[] = {"resident", "household", "building",
						     "compound"};
		static const char *const fields[] = {"resident_id", "household_id", "building_id",
						     "compound_id"};
		static const char *const zh[] = {"居民", "户", "楼", "小区"};
		const int64_t given[] = {in->resident_id, household, building, compound};
		size_t k;

		for (k = 0; k < 4; k++) {
			struct store_col c = {.name = "committee_code"};

			if (given[k] == 0)
				continue;
			rc = store_row_get(st, sc, tables[k], given[k], &c, 1, ar);
			if (rc == SB_NOT_FOUND)
				return not_in_scope(fail, ar, fields[k], tables[k], zh[k]);
			if (rc != SB_OK)
				return rc;
			if (in->committee_code && c.type == COL_TEXT &&
			    strcmp(c.s, in->committee_code) != 0)
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, fields[k],
					arena_printf(ar,
						     "is in committee %s, not committee_code %s",
						     c.s, in->committee_code),
					arena_printf(ar, "属于居委会 %s，与 committee_code %s 不符",
						     c.s, in->committee_code));
		}
	}
	if (in->resident_id) {
		struct store_col c[] = {{.name = "household_id"},
					{.name = "committee_code"},
					{.name = "name"},
					{.name = "status"}};

		rc = store_row_get(st, sc, "resident", in->resident_id, c, 4, ar);
		if (rc == SB_NOT_FOUND)
			return not_in_scope(fail, ar, "resident_id", "resident", "居民");
		if (rc != SB_OK)
			return rc;
		if (household && household != c[0].i)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "resident_id",
					 "does not belong to household_id",
					 "不属于 household_id 所指的户");
		household = c[0].i;
		committee = c[1].s;
		i->resident_id = in->resident_id;
		i->reporter_name = c[2].s;
	}
	if (household) {
		struct store_col c[] = {{.name = "building_id"}, {.name = "committee_code"}};

		rc = store_row_get(st, sc, "household", household, c, 2, ar);
		if (rc == SB_NOT_FOUND)
			return not_in_scope(fail, ar, "household_id", "household", "户");
		if (rc != SB_OK)
			return rc;
		if (building && building != c[0].i)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "building_id",
					 "does not match household_id",
					 "与 household_id 所在楼不符");
		building = c[0].i;
		committee = c[1].s;
		i->household_id = household;
		rc = store_household_address(st, household, ar, &address);
		if (rc != SB_OK)
			return rc;
	}
	if (building) {
		struct store_col c[] = {
			{.name = "compound_id"}, {.name = "committee_code"}, {.name = "label"}};

		rc = store_row_get(st, sc, "building", building, c, 3, ar);
		if (rc == SB_NOT_FOUND)
			return not_in_scope(fail, ar, "building_id", "building", "楼");
		if (rc != SB_OK)
			return rc;
		if (compound && compound != c[0].i)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "compound_id",
					 "does not match the building", "与所在楼的小区不符");
		compound = c[0].i;
		committee = c[1].s;
		i->building_id = building;
		if (address == NULL)
			address = c[2].s;
	}
	if (compound) {
		struct store_col c[] = {{.name = "committee_code"}, {.name = "name"}};

		rc = store_row_get(st, sc, "compound", compound, c, 2, ar);
		if (rc == SB_NOT_FOUND)
			return not_in_scope(fail, ar, "compound_id", "compound", "小区");
		if (rc != SB_OK)
			return rc;
		committee = c[0].s;
		i->compound_id = compound;
		if (address == NULL)
			address = c[1].s;
		else if (i->household_id == 0)
			address = arena_printf(ar, "%s %s", c[1].s, address);
	}
	if (in->committee_code) {
		struct area a;

		rc = store_area_get(st, sc, in->committee_code, ar, &a);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
			return not_in_scope(fail, ar, "committee_code", "committee", "居委会");
		if (rc != SB_OK)
			return rc;
		if (committee && strcmp(committee, in->committee_code) != 0)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "committee_code",
					 "does not match the place named",
					 "与所填地点所属居委会不符");
		committee = in->committee_code;
	}
	if (committee == NULL)
		return sb_refuse(
			fail, ar, SB_BAD_FIELD, "committee_code",
			"required when no resident, household, building or compound is named",
			"未填居民、户、楼或小区时必填");
	i->committee_code = committee;
	i->area_code = committee;
	i->address = in->address ? in->address : address;
	return SB_OK;
}

/* The place of an Open311 request, found by the caller: a committee (and
 * compound, building) or else only a street. */
static int
place_trusted(const struct issue_new *in, struct arena *ar, struct issue *i, struct sb_fail *fail)
{
	if (in->committee_code == NULL && in->street_code == NULL)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "address_string", "names no place",
				 "未指明地点");
	i->committee_code = in->committee_code;
	i->area_code = in->committee_code ? in->committee_code : in->street_code;
	i->compound_id = in->compound_id;
	i->building_id = in->building_id;
	i->address = in->address;
	return SB_OK;
}

static int
add_event(struct store *st, const struct issue_actor *who, const struct issue *i,
	  enum issue_action a, const char *action_name, const char *from, const char *note,
	  const char *reason, int64_t assignee, int satisfaction, const char *comment,
	  const char *hotline)
{
	struct issue_event e = {0};

	(void)a;
	e.issue_id = i->id;
	e.at = who->now;
	e.user_id = who->user_id;
	e.username = who->username;
	e.via = who->via;
	e.action = action_name;
	e.from_status = from;
	e.to_status = i->status;
	e.level = i->level;
	e.note = note;
	e.reason = reason;
	e.assignee_id = assignee;
	e.satisfaction = satisfaction;
	e.comment = comment;
	e.hotline_no = hotline;
	return store_issue_event_add(st, &i->ref, &e, NULL);
}

#define BACKDATE_MAX (366 * 86400)

int
issue_create(struct store *st, const struct scope *sc, const struct issue_actor *who,
	     const struct issue_new *in, struct arena *ar, int64_t *id, struct sb_fail *fail)
{
	struct issue i = {0};
	struct issue_category cat;
	const char *street, *district;
	char due[11], receipt[32];
	int64_t due_at;
	int rc;

	rc = category_of(st, in->category, ar, &cat, fail);
	if (rc != SB_OK)
		return rc;
	if (!in_set(channels, sizeof(channels) / sizeof(channels[0]), in->channel) ||
	    (sc && strcmp(in->channel, "open311") == 0))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "channel",
				 "one of office, visit, phone, online, hotline",
				 "须为 office、visit、phone、online、hotline 之一");
	if (in->priority && strcmp(in->priority, "normal") != 0 &&
	    strcmp(in->priority, "urgent") != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "priority", "normal or urgent",
				 "须为 normal 或 urgent");
	if (in->resident_id && in->reporter_name)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "reporter_name",
				 "give either resident_id or reporter_name, not both",
				 "resident_id 与 reporter_name 只能填一个");
	i.created_at = in->received_at ? in->received_at : who->now;
	if (i.created_at > who->now + 60 || i.created_at < who->now - BACKDATE_MAX)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "received_at",
				 "not in the future nor more than a year ago",
				 "不能晚于现在，也不能早于一年前");
	rc = sc ? place_of(st, sc, in, ar, &i, fail) : place_trusted(in, ar, &i, fail);
	if (rc != SB_OK)
		return rc;
	rc = store_area_street_district(st, i.area_code, ar, &street, &district);
	if (rc != SB_OK)
		return rc;
	if (street == NULL)
		return SB_INTERNAL;
	i.street_code = street;
	if (in->reporter_name)
		i.reporter_name = in->reporter_name;
	if (in->reporter_phone) {
		rc = seal_phone(who, in->reporter_phone, ar, &i, fail);
		if (rc != SB_OK)
			return rc;
	}
	if (in->hotline_no) {
		rc = hotline_free(st, in->hotline_no, 0, ar, fail);
		if (rc != SB_OK)
			return rc;
		i.hotline_no = in->hotline_no;
		i.hotline_state = "came_with";
	}
	i.level = i.committee_code ? "committee" : "street";
	if (in->assignee_id) {
		rc = assignee_ok(st, in->assignee_id, i.area_code,
				 (enum issue_level)issue_level_parse(i.level), ar, fail);
		if (rc != SB_OK)
			return rc;
		i.assignee_id = in->assignee_id;
	}
	i.category = cat.code;
	i.description = in->description;
	i.channel = in->channel;
	i.priority = in->priority ? in->priority : "normal";
	i.status = "received";
	i.has_location = in->has_location;
	i.lat = in->lat;
	i.lon = in->lon;
	i.open311_key_id = in->open311_key_id;
	i.created_by = who->user_id;
	i.recorded_at = who->now;
	i.updated_at = who->now;
	i.level_since = i.created_at;
	rc = issue_due(st, &cat, (enum issue_level)issue_level_parse(i.level),
		       strcmp(i.priority, "urgent") == 0, i.created_at, due, &due_at);
	if (rc != SB_OK)
		return rc;
	i.due_date = due;
	i.due_at = due_at;
	/* The caller's scope, or an Open311 key's street (place_trusted: in
	 * carries the key's street), is checked again by the insert itself. */
	rc = sc ? store_issue_insert(st, sc, &i, ar, &i.ref)
		: store_issue_insert_open311(st, in->street_code, &i, ar, &i.ref);
	i.id = i.ref.id;
	if (rc == SB_CONFLICT)
		return sb_refuse(fail, ar, SB_CONFLICT, "hotline_no",
				 "already tracked by another issue", "已由其他诉求跟踪");
	if (rc != SB_OK)
		return rc;
	issue_receipt_no(i.id, i.created_at, receipt);
	rc = store_issue_set_receipt(st, &i.ref, receipt);
	if (rc == SB_OK)
		rc = add_event(st, who, &i, IA_COUNT, "create", NULL, NULL, NULL, i.assignee_id, 0,
			       NULL, i.hotline_no);
	if (rc == SB_OK)
		*id = i.id;
	return rc;
}

/* Loads an issue in scope and parses its status and level. */
static int
load(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct issue *i,
     enum issue_status *status, enum issue_level *level)
{
	int rc = sc ? store_issue_get(st, sc, id, ar, i) : store_issue_get_public(st, id, ar, i);
	int s, l;

	if (rc != SB_OK)
		return rc;
	s = issue_status_parse(i->status);
	l = issue_level_parse(i->level);
	if (s < 0 || l < 0)
		return SB_INTERNAL;
	*status = (enum issue_status)s;
	*level = (enum issue_level)l;
	return SB_OK;
}

/* Moves the deadline: the current level, from start. */
static int
redue(struct store *st, struct issue *i, enum issue_level level, int64_t start, struct arena *ar)
{
	struct issue_category cat;
	char due[11];
	int rc = store_issue_category_get(st, i->category, ar, &cat);

	if (rc != SB_OK)
		return rc;
	rc = issue_due(st, &cat, level, strcmp(i->priority, "urgent") == 0, start, due, &i->due_at);
	if (rc == SB_OK)
		i->due_date = arena_strdup(ar, due);
	return rc;
}

int
issue_update(struct store *st, const struct scope *sc, const struct issue_actor *who, int64_t id,
	     const struct issue_patch *p, struct arena *ar, struct sb_fail *fail)
{
	struct issue i;
	struct issue_category cat;
	enum issue_status status;
	enum issue_level level;
	struct buf note;
	bool redo = false;
	int tier, rc;

	rc = load(st, sc, id, ar, &i, &status, &level);
	if (rc != SB_OK)
		return rc;
	if (!issue_status_open(status))
		return sb_refuse(fail, ar, SB_CONFLICT, "status",
				 arena_printf(ar, "an issue that is %s cannot be changed",
					      status_names[status]),
				 arena_printf(ar, "%s的诉求不能修改", status_zh[status]));
	tier = issue_role_level(who->role);
	if (who->role != ROLE_ADMIN && tier != (int)level)
		return sb_refuse(
			fail, ar, SB_CONFLICT, "level",
			arena_printf(ar,
				     "the issue is at the %s level; only that level may change it",
				     level_names[level]),
			arena_printf(ar, "该诉求在%s层级，只有该层级可以修改", level_zh[level]));
	buf_init(&note, 4096);
	if (p->category && strcmp(p->category, i.category) != 0) {
		rc = category_of(st, p->category, ar, &cat, fail);
		if (rc != SB_OK)
			goto out;
		buf_printf(&note, "category: %s → %s", i.category, cat.code);
		i.category = cat.code;
		redo = true;
	}
	if (p->priority && strcmp(p->priority, i.priority) != 0) {
		if (strcmp(p->priority, "normal") != 0 && strcmp(p->priority, "urgent") != 0) {
			rc = sb_refuse(fail, ar, SB_BAD_FIELD, "priority", "normal or urgent",
				       "须为 normal 或 urgent");
			goto out;
		}
		buf_printf(&note, "%spriority: %s → %s", note.len ? "; " : "", i.priority,
			   p->priority);
		i.priority = p->priority;
		redo = true;
	}
	if (p->description && strcmp(p->description, i.description) != 0) {
		buf_printf(&note, "%sdescription changed", note.len ? "; " : "");
		i.description = p->description;
	}
	if (p->address_null ||
	    (p->address && (i.address == NULL || strcmp(p->address, i.address) != 0))) {
		buf_printf(&note, "%saddress changed", note.len ? "; " : "");
		i.address = p->address_null ? NULL : p->address;
	}
	rc = SB_OK;
	if (note.len == 0)
		goto out; /* nothing changed */
	if (redo)
		rc = redue(st, &i, level, i.level_since, ar);
	i.updated_at = who->now;
	if (rc == SB_OK)
		rc = store_issue_update(st, &i.ref, &i);
	if (rc == SB_OK)
		rc = add_event(st, who, &i, IA_COUNT, "update", i.status,
			       arena_strdup(ar, note.data), NULL, 0, 0, NULL, NULL);
out:
	buf_clear(&note);
	return rc;
}

/* The members of a step, for messages. */
static const char *const member_names[] = {"note",    "reason",	    "assignee_id",   "satisfaction",
					   "comment", "hotline_no", "committee_code"};

static int
check_members(const struct issue_rule *r, const struct issue_step *step, const struct issue *i,
	      struct arena *ar, struct sb_fail *fail)
{
	unsigned required = r->required;
	size_t k;

	if (step->action == IA_HOTLINE_HANDOFF && i->hotline_no == NULL)
		required |= IF_HOTLINE;
	if (step->action == IA_RETURN && i->committee_code == NULL)
		required |= IF_COMMITTEE;
	for (k = 0; k < sizeof(member_names) / sizeof(member_names[0]); k++) {
		unsigned bit = 1u << k;

		if ((step->given & bit) && !(r->allowed & bit))
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, member_names[k],
				arena_printf(ar, "not used by the action %s",
					     action_names[step->action]),
				arena_printf(ar, "操作%s不使用此字段", action_zh[step->action]));
		if ((required & bit) && !(step->given & bit))
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, member_names[k],
				arena_printf(ar, "required by the action %s",
					     action_names[step->action]),
				arena_printf(ar, "操作%s必须填写此字段", action_zh[step->action]));
	}
	return SB_OK;
}

/* A new feedback link for a resolved issue. */
static int
new_link(struct store *st, const struct issue_actor *who, const struct issue_ref *issue,
	 struct issue_step_result *res)
{
	char hash[SB_HASH_HEX];
	int rc;

	crypto_token_new(res->feedback_token);
	crypto_token_hash(res->feedback_token, hash);
	res->feedback_expires_at = who->now + (int64_t)ISSUE_FEEDBACK_DAYS * 86400;
	rc = store_issue_links_revoke(st, issue, who->now);
	if (rc == SB_OK)
		rc = store_issue_link_insert(st, hash, issue, who->now, res->feedback_expires_at);
	return rc;
}

/* Takes a step on a loaded issue; sc NULL: the feedback link (no role check). */
static int
step_on(struct store *st, const struct scope *sc, struct issue *i, enum issue_status status,
	enum issue_level level, const struct issue_actor *who, const struct issue_step *step,
	struct arena *ar, struct issue_step_result *res, struct sb_fail *fail)
{
	struct issue_rule r = issue_transition(status, step->action);
	const char *from = i->status, *reason = step->reason, *note = step->note;
	enum issue_level to_level = level;
	int64_t assignee = 0;
	int rc;

	if ((unsigned)step->action >= IA_COUNT)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "action", "not an action",
				 "不是有效的操作");
	if (!r.legal)
		return sb_refuse(fail, ar, SB_CONFLICT, "action",
				 arena_printf(ar, "an issue that is %s cannot take the action %s",
					      status_names[status], action_names[step->action]),
				 arena_printf(ar, "%s的诉求不能执行“%s”", status_zh[status],
					      action_zh[step->action]));
	if (sc) {
		rc = issue_may(&r, step->action, who->role, level, ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	rc = check_members(&r, step, i, ar, fail);
	if (rc != SB_OK)
		return rc;
	i->status = status_names[r.to];
	switch (step->action) {
	case IA_ACCEPT:
		if (i->accepted_at == 0)
			i->accepted_at = who->now;
		if (i->assignee_id == 0 && who->user_id &&
		    issue_role_level(who->role) == (int)level) {
			i->assignee_id = who->user_id;
			assignee = who->user_id;
		}
		break;
	case IA_ASSIGN:
		rc = assignee_ok(st, step->assignee_id, i->area_code, level, ar, fail);
		if (rc != SB_OK)
			return rc;
		i->assignee_id = assignee = step->assignee_id;
		break;
	case IA_START:
		if (i->accepted_at == 0)
			i->accepted_at = who->now;
		break;
	case IA_ESCALATE:
		to_level = (enum issue_level)(level + 1);
		i->level = level_names[to_level];
		i->assignee_id = 0;
		i->escalations++;
		i->level_since = who->now;
		rc = redue(st, i, to_level, who->now, ar);
		break;
	case IA_RETURN:
		to_level = (enum issue_level)(level - 1);
		if (step->given & IF_COMMITTEE) {
			struct area a;
			const char *street, *district;

			if (to_level != IL_COMMITTEE || i->committee_code)
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, "committee_code",
					"only when the street returns an issue that has no "
					"committee yet",
					"仅在街道将尚无所属居委会的诉求退回居民区时使用");
			rc = store_area_get(st, sc, step->committee_code, ar, &a);
			if (rc == SB_OK)
				rc = store_area_street_district(st, step->committee_code, ar,
								&street, &district);
			if (rc == SB_NOT_FOUND ||
			    (rc == SB_OK && (strcmp(a.level, "committee") != 0 || street == NULL ||
					     strcmp(street, i->street_code) != 0)))
				return sb_refuse(fail, ar, SB_BAD_FIELD, "committee_code",
						 "not a committee of the issue's street in your "
						 "jurisdiction",
						 "不是该诉求所在街道、您辖区内的居委会");
			if (rc != SB_OK)
				return rc;
			i->committee_code = i->area_code = a.code;
		}
		i->level = level_names[to_level];
		i->assignee_id = 0;
		i->level_since = who->now;
		rc = redue(st, i, to_level, who->now, ar);
		break;
	case IA_RESOLVE:
		i->resolved_at = who->now;
		i->closed_at = 0;
		i->resolution = note;
		i->satisfaction = 0;
		i->feedback_comment = NULL;
		i->feedback_at = 0;
		rc = new_link(st, who, &i->ref, res);
		break;
	case IA_FEEDBACK:
		if (i->satisfaction)
			return sb_refuse(fail, ar, SB_CONFLICT, "action",
					 "feedback on this resolution is already recorded",
					 "本次办结的评价已记录");
		if (step->satisfaction < 1 || step->satisfaction > 5)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "satisfaction",
					 "a whole number from 1 to 5", "须为 1 至 5 的整数");
		i->satisfaction = step->satisfaction;
		i->feedback_comment = step->comment;
		i->feedback_at = who->now;
		rc = store_issue_links_revoke(st, &i->ref, who->now);
		if (rc == SB_OK)
			rc = store_issue_feedback_tally(st, &i->ref, step->satisfaction);
		if (rc == SB_OK && step->satisfaction <= 2) {
			/* Dissatisfied: the issue opens again at its level. */
			i->status = status_names[IS_REOPENED];
			i->closed_at = 0;
			i->level_since = who->now;
			rc = redue(st, i, level, who->now, ar);
		}
		break;
	case IA_REOPEN:
		i->closed_at = 0;
		i->level_since = who->now;
		rc = store_issue_links_revoke(st, &i->ref, who->now);
		if (rc == SB_OK)
			rc = redue(st, i, level, who->now, ar);
		break;
	case IA_CLOSE: i->closed_at = who->now; break;
	case IA_HOTLINE_HANDOFF:
		if (step->given & IF_HOTLINE) {
			if (i->hotline_no && strcmp(i->hotline_no, step->hotline_no) != 0)
				return sb_refuse(fail, ar, SB_CONFLICT, "hotline_no",
						 arena_printf(ar,
							      "the issue already carries the 12345 "
							      "work order %s",
							      i->hotline_no),
						 arena_printf(ar, "该诉求已关联 12345 工单 %s",
							      i->hotline_no));
			rc = hotline_free(st, step->hotline_no, i->id, ar, fail);
			if (rc != SB_OK)
				return rc;
			i->hotline_no = step->hotline_no;
		}
		if (i->hotline_state && strcmp(i->hotline_state, "handed_off") == 0)
			return sb_refuse(fail, ar, SB_CONFLICT, "action",
					 "the issue is already handed off to 12345",
					 "该诉求已转交 12345");
		i->hotline_state = "handed_off";
		break;
	case IA_HOTLINE_RETURN:
		if (i->hotline_state == NULL || strcmp(i->hotline_state, "handed_off") != 0)
			return sb_refuse(fail, ar, SB_CONFLICT, "action",
					 "the issue was not handed off to 12345",
					 "该诉求未转交 12345");
		i->hotline_state = "returned";
		break;
	case IA_NOTE:
	case IA_COUNT: break;
	}
	if (rc != SB_OK)
		return rc;
	i->updated_at = who->now;
	rc = store_issue_update(st, &i->ref, i);
	if (rc == SB_CONFLICT)
		return sb_refuse(fail, ar, SB_CONFLICT, "hotline_no",
				 "already tracked by another issue", "已由其他诉求跟踪");
	if (rc == SB_OK)
		rc = add_event(st, who, i, step->action, action_names[step->action], from, note,
			       reason, assignee,
			       step->action == IA_FEEDBACK ? step->satisfaction : 0,
			       step->action == IA_FEEDBACK ? step->comment : NULL,
			       step->action == IA_HOTLINE_HANDOFF ? i->hotline_no : NULL);
	return rc;
}

int
issue_step(struct store *st, const struct scope *sc, const struct issue_actor *who, int64_t id,
	   const struct issue_step *step, struct arena *ar, struct issue_step_result *res,
	   struct sb_fail *fail)
{
	struct issue i;
	enum issue_status status;
	enum issue_level level;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = load(st, sc, id, ar, &i, &status, &level);
	if (rc != SB_OK)
		return rc;
	return step_on(st, sc, &i, status, level, who, step, ar, res, fail);
}

/* The feedback link. */

int
issue_link_issue(struct store *st, const char *token, int64_t now, struct arena *ar,
		 struct issue *out, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	struct issue_link l;
	int rc;

	if (token == NULL || strlen(token) != SB_TOKEN_CHARS)
		return SB_NOT_FOUND;
	crypto_token_hash(token, hash);
	rc = store_issue_link_get(st, hash, &l);
	if (rc != SB_OK)
		return rc;
	if (l.used_at)
		return sb_fail(fail, SB_CONFLICT, "token",
			       "token: this feedback link has been used; each link works once",
			       "token：该评价链接已使用，每个链接只能使用一次");
	if (l.revoked_at)
		return sb_fail(
			fail, SB_CONFLICT, "token",
			"token: this feedback link is no longer valid (feedback was recorded "
			"or the issue was reopened)",
			"token：该评价链接已失效（已记录评价或诉求已重新打开）");
	if (l.expires_at <= now)
		return sb_fail(fail, SB_CONFLICT, "token", "token: this feedback link has expired",
			       "token：该评价链接已过期");
	return store_issue_get_public(st, l.issue_id, ar, out);
}

int
issue_link_feedback(struct store *st, const char *token, int satisfaction, const char *comment,
		    int64_t now, struct arena *ar, int64_t *issue_id, struct sb_fail *fail)
{
	struct issue_actor who = {.now = now, .via = "link", .role = ROLE_NONE};
	struct issue_step step = {.action = IA_FEEDBACK,
				  .given = IF_SATISFACTION | (comment ? IF_COMMENT : 0),
				  .satisfaction = satisfaction,
				  .comment = comment};
	struct issue_step_result res;
	struct issue i;
	char hash[SB_HASH_HEX];
	int rc, s, l;

	rc = issue_link_issue(st, token, now, ar, &i, fail);
	if (rc != SB_OK)
		return rc;
	s = issue_status_parse(i.status);
	l = issue_level_parse(i.level);
	if (s < 0 || l < 0)
		return SB_INTERNAL;
	*issue_id = i.id;
	rc = step_on(st, NULL, &i, (enum issue_status)s, (enum issue_level)l, &who, &step, ar, &res,
		     fail);
	if (rc != SB_OK)
		return rc;
	crypto_token_hash(token, hash);
	/* The step revoked the issue's unused links; mark this one as used. */
	return store_issue_link_use(st, hash, now);
}

/* The figures. */

double
issue_quantile(const double *sorted, size_t n, double p)
{
	double h, lo_part;
	size_t lo, hi;

	if (n == 0)
		return 0;
	if (p <= 0)
		return sorted[0];
	if (p >= 1)
		return sorted[n - 1];
	h = (double)(n - 1) * p;
	lo_part = floor(h);
	lo = (size_t)lo_part;
	hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (h - lo_part) * (sorted[hi] - sorted[lo]);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
issue_duration_stats(double *v, size_t n, struct issue_duration_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->count = n;
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	out->median = issue_quantile(v, n, 0.5);
	out->p90 = issue_quantile(v, n, 0.9);
}

static void
push_hours(double **v, size_t *n, size_t *cap, int64_t seconds, struct arena *ar)
{
	double *slot = arena_push(ar, v, n, cap, sizeof(**v));

	*slot = seconds > 0 ? (double)seconds / 3600.0 : 0.0;
}

void
issue_figures_add(struct issue_figures *f, struct issue_fig_acc *acc,
		  const struct issue_fig_input *in, int64_t now, struct arena *ar)
{
	bool open = issue_status_open(in->status);
	bool done = in->status == IS_RESOLVED || in->status == IS_CLOSED;

	f->total++;
	f->by_status[in->status]++;
	f->by_level[in->level]++;
	if (in->category_index >= 0 && f->by_category)
		f->by_category[in->category_index]++;
	if (in->area_index >= 0 && (size_t)in->area_index < f->nareas) {
		struct issue_area_count *a = &f->by_area[in->area_index];

		a->total++;
		if (open)
			a->open++;
		if (open && in->due_at < now)
			a->overdue++;
	}
	if (in->escalations > 0)
		f->escalated++;
	f->feedback_count += in->feedback_count;
	f->satisfaction_sum += (double)in->feedback_sum;
	if (open && in->due_at < now)
		f->overdue_open++;
	if (in->accepted_at)
		push_hours(&acc->accept, &acc->naccept, &acc->cap_accept,
			   in->accepted_at - in->created_at, ar);
	if (done && in->resolved_at) {
		push_hours(&acc->resolve, &acc->nresolve, &acc->cap_resolve,
			   in->resolved_at - in->created_at, ar);
		f->resolved++;
		if (in->resolved_at <= in->due_at)
			f->resolved_on_time++;
	}
}

void
issue_figures_finish(struct issue_figures *f, struct issue_fig_acc *acc)
{
	issue_duration_stats(acc->accept, acc->naccept, &f->to_accept);
	issue_duration_stats(acc->resolve, acc->nresolve, &f->to_resolve);
}

struct figure_ctx {
	struct issue_figures *f;
	struct issue_fig_acc acc;
	int64_t now;
	struct arena *ar;
};

static int
figure_row(const struct issue_figure_row *r, void *p)
{
	struct figure_ctx *c = p;
	struct issue_fig_input in = {0};
	int s = issue_status_parse(r->status), l = issue_level_parse(r->level);
	size_t k;

	if (s < 0 || l < 0)
		return SB_INTERNAL;
	in.status = (enum issue_status)s;
	in.level = (enum issue_level)l;
	in.category_index = -1;
	for (k = 0; r->category && k < c->f->categories.n; k++)
		if (strcmp(c->f->categories.items[k].code, r->category) == 0)
			in.category_index = (int)k;
	in.area_index = -1;
	for (k = 0; r->child_area && k < c->f->nareas; k++)
		if (strcmp(c->f->by_area[k].code, r->child_area) == 0)
			in.area_index = (int)k;
	in.created_at = r->created_at;
	in.accepted_at = r->accepted_at;
	in.resolved_at = r->resolved_at;
	in.due_at = r->due_at;
	in.escalations = r->escalations;
	in.feedback_count = r->feedback_count;
	in.feedback_sum = r->feedback_sum;
	issue_figures_add(c->f, &c->acc, &in, c->now, c->ar);
	return SB_OK;
}

int
issue_figures(struct store *st, const struct scope *sc, const char *area, int64_t from, int64_t to,
	      int64_t now, struct arena *ar, struct issue_figures *out)
{
	struct figure_ctx ctx = {.f = out, .now = now, .ar = ar};
	struct area_list children;
	struct issue_hotspot_row *rows;
	size_t nrows, k, j, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_issue_categories(st, ar, &out->categories);
	if (rc != SB_OK)
		return rc;
	out->by_category = arena_alloc(ar, (out->categories.n + 1) * sizeof(*out->by_category));
	rc = store_area_children(st, area, ar, &children);
	if (rc != SB_OK)
		return rc;
	out->nareas = children.n;
	out->by_area = arena_alloc(ar, (children.n + 1) * sizeof(*out->by_area));
	for (k = 0; k < children.n; k++) {
		out->by_area[k].code = children.items[k].code;
		out->by_area[k].name = children.items[k].name;
		out->by_area[k].level = children.items[k].level;
	}
	rc = store_issue_figure_rows(st, sc, area, from, to, figure_row, &ctx);
	if (rc != SB_OK)
		return rc;
	issue_figures_finish(out, &ctx.acc);
	rc = store_issue_figure_hotspots(st, sc, area, from, to, ar, &rows, &nrows);
	if (rc != SB_OK)
		return rc;
	/* Rows come by category, most first: the first few of each category,
	 * the categories in their display order. */
	for (k = 0; k < out->categories.n; k++) {
		const struct issue_category *c = &out->categories.items[k];
		int taken = 0;

		for (j = 0; j < nrows && taken < ISSUE_HOTSPOTS_PER_CATEGORY; j++) {
			struct issue_hotspot *h;

			if (strcmp(rows[j].category, c->code) != 0)
				continue;
			h = arena_push(ar, &out->hotspots, &out->nhotspots, &cap, sizeof(*h));
			h->category = c->code;
			h->category_name = c->name;
			h->compound_id = rows[j].compound_id;
			h->compound_name = rows[j].compound_name;
			h->committee_code = rows[j].committee_code;
			h->count = rows[j].count;
			taken++;
		}
	}
	return SB_OK;
}
