#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/accounts.h"
#include "core/calendar.h"
#include "core/ident.h"
#include "store/campaigns.h"
#include "store/people.h"
#include "util/clock.h"
#include "util/crypto.h"

/* A helper's buildings: at least one, each in its committee (scope[0]); no
 * other role names buildings.  BAD_FIELD naming buildings. */
static int
check_buildings(struct store *st, enum role role, const char *const *scope, size_t nscope,
		const int64_t *ids, size_t n, struct arena *ar, struct sb_fail *fail)
{
	size_t i;

	if (role != ROLE_HELPER)
		return n == 0 ? SB_OK
			      : sb_fail(fail, SB_BAD_FIELD, "buildings",
					"buildings: only a helper account works in named buildings",
					"buildings：只有楼组长、志愿者账号按楼栋授权");
	if (n == 0 || nscope != 1)
		return sb_fail(
			fail, SB_BAD_FIELD, "buildings",
			"buildings: a helper works in one or more buildings of its committee",
			"buildings：楼组长、志愿者账号须指定本居委会的楼栋");
	for (i = 0; i < n; i++) {
		const char *committee = NULL;
		int rc = store_place_committee(st, "building", ids[i], ar, &committee);

		if (rc != SB_OK && rc != SB_NOT_FOUND)
			return rc;
		if (rc == SB_NOT_FOUND || committee == NULL || strcmp(committee, scope[0]) != 0)
			return sb_fail(
				fail, SB_BAD_FIELD, "buildings",
				arena_printf(ar, "buildings: no building %lld in committee %s",
					     (long long)ids[i], scope[0]),
				arena_printf(ar, "buildings：居委会 %s 没有编号为 %lld 的楼栋",
					     scope[0], (long long)ids[i]));
	}
	return SB_OK;
}

/* A helper's volunteer record: of its committee, linked to no one else.
 * BAD_FIELD naming volunteer_id otherwise. */
static int
check_volunteer(struct store *st, enum role role, const char *const *scope, size_t nscope,
		int64_t user_id, int64_t volunteer_id, struct arena *ar, struct sb_fail *fail)
{
	const char *committee = NULL;
	int64_t linked = 0;
	int rc;

	if (volunteer_id == 0)
		return SB_OK;
	if (role != ROLE_HELPER || nscope != 1)
		return sb_fail(fail, SB_BAD_FIELD, "volunteer_id",
			       "volunteer_id: only a helper account is linked to a volunteer",
			       "volunteer_id：只有楼组长、志愿者账号可以关联志愿者");
	rc = store_volunteer_link_of(st, volunteer_id, ar, &committee, &linked);
	if (rc != SB_OK && rc != SB_NOT_FOUND)
		return rc;
	if (rc == SB_NOT_FOUND || strcmp(committee, scope[0]) != 0)
		return sb_fail(fail, SB_BAD_FIELD, "volunteer_id",
			       arena_printf(ar, "volunteer_id: no volunteer %lld in committee %s",
					    (long long)volunteer_id, scope[0]),
			       arena_printf(ar, "volunteer_id：居委会 %s 没有编号为 %lld 的志愿者",
					    scope[0], (long long)volunteer_id));
	if (linked && linked != user_id)
		return sb_fail(fail, SB_CONFLICT, "volunteer_id",
			       "volunteer_id: that volunteer has an account already",
			       "volunteer_id：该志愿者已关联其他账号");
	return SB_OK;
}

static json_t *
ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

int
account_check_username(const char *username, struct sb_fail *fail)
{
	size_t i, n = strlen(username);

	if (n == 0 || n > ACCOUNT_USERNAME_MAX)
		return sb_fail(fail, SB_BAD_FIELD, "username", "username: 1 to 64 characters",
			       "username：长度为 1 至 64 个字符");
	for (i = 0; i < n; i++) {
		char c = username[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return sb_fail(fail, SB_BAD_FIELD, "username",
				       "username: only letters, digits, '_', '.' and '-'",
				       "username：只能包含字母、数字、“_”、“.”和“-”");
	}
	return SB_OK;
}

int
account_check_password(const char *password, const char *field, struct sb_fail *fail)
{
	size_t n = strlen(password), chars = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)password[i] & 0xc0) != 0x80)
			chars++;
	if (chars < ACCOUNT_PASSWORD_MIN)
		return sb_fail(fail, SB_BAD_FIELD, field,
			       "password too short: at least 10 characters",
			       "密码过短：至少 10 个字符");
	if (n > ACCOUNT_PASSWORD_MAX)
		return sb_fail(fail, SB_BAD_FIELD, field, "password too long: at most 256 bytes",
			       "密码过长：最多 256 字节");
	return SB_OK;
}

int
account_check_scope(struct store *st, enum role role, const char *const *scope, size_t nscope,
		    struct arena *ar, struct sb_fail *fail)
{
	const char *want = role_scope_level(role);
	size_t i, j;

	if (nscope == 0)
		return sb_fail(fail, SB_BAD_FIELD, "scope", "scope: at least one area code",
			       "scope：至少需要一个区划代码");
	if (nscope > 1 && !role_multi_scope(role))
		return sb_fail(fail, SB_BAD_FIELD, "scope", "scope: this role has exactly one area",
			       "scope：该角色只能有一个区划");
	for (i = 0; i < nscope; i++) {
		const char *level;
		int rc = store_area_level(st, scope[i], ar, &level);

		if (rc == SB_NOT_FOUND)
			return sb_fail(fail, SB_BAD_FIELD, "scope",
				       arena_printf(ar, "scope: unknown area code %s", scope[i]),
				       arena_printf(ar, "scope：未知的区划代码 %s", scope[i]));
		if (rc != SB_OK)
			return rc;
		if (strcmp(level, want) != 0)
			return sb_fail(
				fail, SB_BAD_FIELD, "scope",
				arena_printf(ar, "scope: a %s user's area must be a %s; %s is a %s",
					     role_name(role), want, scope[i], level),
				arena_printf(ar, "scope：%s 角色的区划必须是 %s 级，%s 是 %s 级",
					     role_name(role), want, scope[i], level));
		for (j = 0; j < i; j++)
			if (strcmp(scope[i], scope[j]) == 0)
				return sb_fail(
					fail, SB_BAD_FIELD, "scope",
					arena_printf(ar, "scope: %s is named twice", scope[i]),
					arena_printf(ar, "scope：%s 重复", scope[i]));
	}
	return SB_OK;
}

const char *
account_area(const struct user *u)
{
	return u->nscope > 0 ? u->scope[0] : "31";
}

static json_t *
scope_json(const char *const *scope, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(scope[i]));
	return a;
}

static int
audit(struct store *st, const struct actor *who, const char *action, const char *entity,
      int64_t entity_id, const char *area, json_t *detail, struct arena *ar)
{
	struct audit_entry e = {0};
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	int rc;

	e.at = who->now;
	e.user_id = who->user_id;
	e.username = who->username;
	e.action = action;
	e.entity = entity;
	e.entity_id = entity_id ? arena_printf(ar, "%lld", (long long)entity_id) : NULL;
	e.area_code = area;
	e.detail = text;
	e.ip = who->ip;
	rc = store_audit_add(st, &e);
	free(text);
	json_decref(detail);
	return rc;
}

static const char *const titles[] = {"social_worker", "secretary",	 "director",
				     "gate_guard",    "building_leader", "volunteer"};

bool
account_title_valid(const char *title)
{
	size_t i;

	for (i = 0; title && i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strcmp(titles[i], title) == 0)
			return true;
	return false;
}

int
account_may_grant(struct store *st, const struct scope *by, enum role role,
		  const char *const *scope, size_t nscope, struct arena *ar, struct sb_fail *fail)
{
	size_t i;

	if (by == NULL || by->role == ROLE_ADMIN)
		return SB_OK;
	if (role >= by->role)
		return sb_fail(fail, SB_FORBIDDEN, "role",
			       arena_printf(ar, "role: a %s grants only roles below its own",
					    role_name(by->role)),
			       "role：只能授予低于本人的角色");
	for (i = 0; i < nscope; i++) {
		struct area a;
		int rc = store_area_get(st, by, scope[i], ar, &a);

		if (rc == SB_NOT_FOUND)
			return sb_fail(fail, SB_FORBIDDEN, "scope",
				       arena_printf(ar, "scope: %s is outside your jurisdiction",
						    scope[i]),
				       arena_printf(ar, "scope：%s 不在您的辖区内", scope[i]));
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
account_may_manage(const struct scope *by, const struct user *target, struct sb_fail *fail)
{
	if (by == NULL || by->role == ROLE_ADMIN || target->role < by->role)
		return SB_OK;
	return sb_fail(fail, SB_FORBIDDEN, NULL,
		       "you may change only accounts whose role is below your own",
		       "只能管理角色低于本人的账号");
}

/* A profile checked and made ready to store: the values it leaves (the
 * current ones for members not given), the phone sealed. */
struct profile_row {
	const char *display_name, *title, *phone_mask;
	unsigned char *box;
	size_t boxlen;
	bool phone_changed;
};

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static int
profile_check(struct store *st, const struct user *now, const struct account_profile *p,
	      const struct sb_key *key, struct arena *ar, struct profile_row *out,
	      struct sb_fail *fail)
{
	memset(out, 0, sizeof(*out));
	out->display_name = now ? now->display_name : NULL;
	out->title = now ? now->title : NULL;
	out->phone_mask = now ? now->phone_mask : NULL;
	if (p->has_name && p->display_name &&
	    (p->display_name[strspn(p->display_name, " \t")] == '\0' ||
	     utf8_chars(p->display_name) > ACCOUNT_NAME_MAX))
		return sb_fail(fail, SB_BAD_FIELD, "display_name",
			       "display_name: 1 to 32 characters",
			       "display_name：姓名须为 1 至 32 个字符");
	if (p->has_name)
		out->display_name = p->display_name;
	if (p->has_title && p->title && !account_title_valid(p->title))
		return sb_fail(
			fail, SB_BAD_FIELD, "title",
			"title: social_worker, secretary, director, gate_guard, "
			"building_leader or volunteer",
			"title：须为 social_worker（社工）、secretary（书记）、director（主任）、"
			"gate_guard（门岗）、building_leader（楼组长）或 volunteer（志愿者）");
	if (p->has_title)
		out->title = p->title;
	if (p->has_phone && p->phone) {
		char norm[16], mask[24];

		if (!ident_phone_normalize(p->phone, norm))
			return sb_fail(fail, SB_BAD_FIELD, "phone", "phone: not a phone number",
				       "phone：不是有效的电话号码");
		if (key == NULL)
			return SB_INTERNAL;
		ident_mask_phone(norm, mask);
		out->phone_mask = arena_strdup(ar, mask);
		crypto_seal(key, norm, &out->box, &out->boxlen);
		out->phone_changed = true;
	} else if (p->has_phone) {
		out->phone_mask = NULL;
		out->phone_changed = now == NULL || now->phone_mask != NULL;
	} else if (now && now->phone_mask) {
		unsigned char *box;
		size_t len;
		int rc = store_user_phone_box(st, now->id, ar, &box, &len);

		if (rc != SB_OK)
			return rc;
		out->box = malloc(len ? len : 1);
		if (out->box == NULL)
			return SB_INTERNAL;
		memcpy(out->box, box, len);
		out->boxlen = len;
	}
	return SB_OK;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Stores a checked profile, noting in detail what changed. */
static int
profile_apply(struct store *st, int64_t id, const struct user *now, struct profile_row *p,
	      json_t *detail)
{
	int rc;

	if (now && same_text(now->display_name, p->display_name) &&
	    same_text(now->title, p->title) && !p->phone_changed)
		return SB_OK;
	rc = store_user_set_profile(st, id, p->display_name, p->title, p->box, p->boxlen,
				    p->phone_mask);
	if (now == NULL || !same_text(now->display_name, p->display_name))
		json_object_set_new(detail, "display_name",
				    json_pack("{s:s?, s:s?}", "old", now ? now->display_name : NULL,
					      "new", p->display_name));
	if (now == NULL || !same_text(now->title, p->title))
		json_object_set_new(
			detail, "title",
			json_pack("{s:s?, s:s?}", "old", now ? now->title : NULL, "new", p->title));
	if (p->phone_changed)
		json_object_set_new(detail, "phone",
				    json_string(p->phone_mask ? "changed" : "removed"));
	return rc;
}

static void
profile_free(struct profile_row *p)
{
	free(p->box);
	p->box = NULL;
}

int
account_create(struct store *st, const struct actor *who, const char *username,
	       const char *password, enum role role, const char *const *scope, size_t nscope,
	       struct arena *ar, int64_t *id, struct sb_fail *fail)
{
	struct account_new n = {username, password, role, scope, nscope, {0}, NULL, 0, 0};

	return account_create_by(st, who, NULL, &n, NULL, ar, id, fail);
}

int
account_create_by(struct store *st, const struct actor *who, const struct scope *by,
		  const struct account_new *n, const struct sb_key *key, struct arena *ar,
		  int64_t *id, struct sb_fail *fail)
{
	const char *username = n->username, *password = n->password;
	const char *const *scope = n->scope;
	size_t nscope = n->nscope;
	enum role role = n->role;
	char hash[SB_PWHASH_MAX];
	struct profile_row prof;
	struct user existing;
	json_t *detail;
	int rc;

	rc = account_check_username(username, fail);
	if (rc == SB_OK)
		rc = account_check_password(password, "password", fail);
	if (rc == SB_OK && role == ROLE_NONE)
		rc = sb_fail(fail, SB_BAD_FIELD, "role",
			     "role: one of admin, district, street, committee_head, worker, helper",
			     "role：必须是 admin、district、street、committee_head、worker、helper "
			     "之一");
	if (rc == SB_OK)
		rc = account_check_scope(st, role, scope, nscope, ar, fail);
	if (rc == SB_OK)
		rc = account_may_grant(st, by, role, scope, nscope, ar, fail);
	if (rc == SB_OK && (role == ROLE_HELPER || n->nbuildings))
		rc = check_buildings(st, role, scope, nscope, n->buildings, n->nbuildings, ar,
				     fail);
	if (rc == SB_OK)
		rc = check_volunteer(st, role, scope, nscope, 0, n->volunteer_id, ar, fail);
	if (rc != SB_OK)
		return rc;
	rc = profile_check(st, NULL, &n->profile, key, ar, &prof, fail);
	if (rc != SB_OK) {
		profile_free(&prof);
		return rc;
	}
	rc = store_user_by_name(st, username, ar, &existing);
	if (rc == SB_OK)
		rc = sb_fail(fail, SB_CONFLICT, "username", "username is taken", "用户名已被使用");
	else if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc != SB_OK) {
		profile_free(&prof);
		return rc;
	}
	/* Hash outside the transaction: it is the slow part. */
	rc = crypto_password_hash(password, hash);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK) {
		profile_free(&prof);
		return rc;
	}
	rc = store_user_insert(st, username, hash, role, scope, nscope, who->now, id);
	if (rc == SB_CONFLICT)
		sb_fail(fail, SB_CONFLICT, "username", "username is taken", "用户名已被使用");
	detail = json_pack("{s:s, s:s, s:o}", "username", username, "role", role_name(role),
			   "scope", scope_json(scope, nscope));
	if (rc == SB_OK && who->user_id)
		rc = store_user_set_created_by(st, *id, who->user_id);
	if (rc == SB_OK && (prof.display_name || prof.title || prof.phone_mask))
		rc = profile_apply(st, *id, NULL, &prof, detail);
	if (rc == SB_OK && role == ROLE_HELPER) {
		rc = store_helper_buildings_set(st, *id, n->buildings, n->nbuildings);
		json_object_set_new(detail, "buildings", ids_json(n->buildings, n->nbuildings));
	}
	if (rc == SB_OK && n->volunteer_id) {
		rc = store_volunteer_link(st, *id, n->volunteer_id);
		json_object_set_new(detail, "volunteer_id", json_integer(n->volunteer_id));
	}
	profile_free(&prof);
	if (rc == SB_OK)
		rc = audit(st, who, "create", "user", *id, scope[0], detail, ar);
	else
		json_decref(detail);
	return store_end(st, rc);
}

static bool
same_scope(const struct user *u, const char *const *scope, size_t n)
{
	size_t i, j;

	if (u->nscope != n)
		return false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && strcmp(u->scope[j], scope[i]) != 0; j++)
			;
		if (j == n)
			return false;
	}
	return true;
}

/* Whether some area of u's old scope lies outside user id's new scope. */
static int
scope_narrowed(struct store *st, int64_t id, enum role role, const struct user *u, struct arena *ar,
	       bool *narrowed)
{
	struct scope now = {id, role};
	struct area a;
	size_t i;
	int rc = SB_OK;

	*narrowed = false;
	for (i = 0; rc == SB_OK && !*narrowed && i < u->nscope; i++) {
		rc = store_area_get(st, &now, u->scope[i], ar, &a);
		if (rc == SB_NOT_FOUND) {
			*narrowed = true;
			rc = SB_OK;
		}
	}
	return rc;
}

/* The reception days from today on are deleted (the day stays open in the
 * roster, for the head to give to someone), and the worker is taken off the
 * duties not yet done; both are named in the audit detail. */
static int
release_days(struct store *st, int64_t id, const char *today, bool all, struct arena *ar,
	     json_t *detail)
{
	struct dated_work_list days = {0}, duties = {0};
	json_t *a;
	size_t i;
	int rc;

	rc = store_reception_leaving(st, id, today, all, ar, &days);
	if (rc == SB_OK)
		rc = store_duties_leaving(st, id, today, all, ar, &duties);
	if (rc == SB_OK && days.n > 0)
		rc = store_reception_release(st, id, today, all);
	if (rc == SB_OK && duties.n > 0)
		rc = store_duties_release(st, id, today, all);
	if (rc != SB_OK)
		return rc;
	if (days.n > 0) {
		a = json_array();
		for (i = 0; i < days.n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s}", "committee_code",
							   days.items[i].committee_code, "date",
							   days.items[i].date));
		json_object_set_new(detail, "reception_days_removed", a);
	}
	if (duties.n > 0) {
		a = json_array();
		for (i = 0; i < duties.n; i++)
			json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "duty_id",
							   (json_int_t)duties.items[i].id,
							   "committee_code",
							   duties.items[i].committee_code, "date",
							   duties.items[i].date));
		json_object_set_new(detail, "duties_left", a);
	}
	return SB_OK;
}

/* A worker keeps nothing of a committee it no longer serves (moved, or all of
 * them when disabled): an assignment that ran ends yesterday and stays as
 * history, one not yet begun is removed; the calendar feed, a secret URL to
 * the old plan, is revoked.  What was done goes into the audit detail. */
static int
release_grids(struct store *st, int64_t id, int64_t now, bool all, bool narrowed, struct arena *ar,
	      json_t *detail)
{
	char today[CLOCK_DATE_LEN], yesterday[11];
	json_t *ended = json_array(), *removed = json_array();
	struct assignment_list l;
	bool revoked = false;
	size_t i;
	int rc;

	clock_shanghai_date(now, today);
	calendar_add_days(today, -1, yesterday);
	rc = store_assignments_leaving_unscoped(st, id, today, all, ar, &l);
	for (i = 0; rc == SB_OK && i < l.n; i++) {
		const struct assignment *a = &l.items[i];

		if (strcmp(a->start_on, today) < 0) {
			rc = store_assignment_set_end(st, &a->ref, yesterday);
			json_array_append_new(ended,
					      json_pack("{s:I, s:s, s:s}", "grid_id",
							(json_int_t)a->grid_id, "committee_code",
							a->committee_code, "end_on", yesterday));
		} else {
			rc = store_assignment_delete(st, &a->ref);
			json_array_append_new(
				removed, json_pack("{s:I, s:s, s:s}", "grid_id",
						   (json_int_t)a->grid_id, "committee_code",
						   a->committee_code, "start_on", a->start_on));
		}
	}
	if (rc == SB_OK)
		rc = release_days(st, id, today, all, ar, detail);
	if (rc == SB_OK && (all || narrowed || l.n > 0))
		rc = store_ics_token_revoke(st, id, &revoked);
	if (json_array_size(ended) > 0)
		json_object_set(detail, "assignments_ended", ended);
	if (json_array_size(removed) > 0)
		json_object_set(detail, "assignments_removed", removed);
	if (revoked)
		json_object_set_new(detail, "calendar_feed", json_string("revoked"));
	json_decref(ended);
	json_decref(removed);
	return rc;
}

int
account_update(struct store *st, const struct actor *who, int64_t id,
	       const struct account_change *c, struct arena *ar, struct sb_fail *fail)
{
	char hash[SB_PWHASH_MAX];
	json_t *detail = json_object();
	enum role role;
	const char *const *scope;
	struct profile_row prof = {0};
	size_t nscope;
	struct user u;
	int rc;

	rc = store_user_by_id(st, id, ar, &u);
	if (rc == SB_OK)
		rc = account_may_manage(c->by, &u, fail);
	if (rc != SB_OK)
		goto out;
	role = c->role != ROLE_NONE ? c->role : u.role;
	scope = c->scope ? c->scope : u.scope;
	nscope = c->scope ? c->nscope : u.nscope;
	if (c->role != ROLE_NONE || c->scope) {
		rc = account_check_scope(st, role, scope, nscope, ar, fail);
		if (rc != SB_OK) {
			if (fail &&
			    c->scope == NULL) /* the scope kept no longer fits the new role */
				fail->field = "scope";
			goto out;
		}
		rc = account_may_grant(st, c->by, role, scope, nscope, ar, fail);
		if (rc != SB_OK)
			goto out;
	}
	if (role == ROLE_HELPER && !c->has_buildings && (u.role != ROLE_HELPER || c->scope)) {
		/* a new helper, or one moved: its buildings must be named again */
		rc = check_buildings(st, role, scope, nscope, NULL, 0, ar, fail);
		if (rc != SB_OK)
			goto out;
	}
	if (c->has_buildings) {
		rc = check_buildings(st, role, scope, nscope, c->buildings, c->nbuildings, ar,
				     fail);
		if (rc != SB_OK)
			goto out;
	}
	if (c->has_volunteer) {
		rc = check_volunteer(st, role, scope, nscope, id, c->volunteer_id, ar, fail);
		if (rc != SB_OK)
			goto out;
	}
	rc = profile_check(st, &u, &c->profile, c->key, ar, &prof, fail);
	if (rc != SB_OK)
		goto out;
	if (c->password) {
		rc = account_check_password(c->password, "password", fail);
		if (rc == SB_OK)
			rc = crypto_password_hash(c->password, hash);
		if (rc != SB_OK)
			goto out;
	}
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	if (role != u.role || !same_scope(&u, scope, nscope)) {
		rc = store_user_set_role(st, id, role, scope, nscope);
		if (role != u.role)
			json_object_set_new(detail, "role",
					    json_pack("{s:s, s:s}", "old", role_name(u.role), "new",
						      role_name(role)));
		if (!same_scope(&u, scope, nscope))
			json_object_set_new(detail, "scope",
					    json_pack("{s:o, s:o}", "old",
						      scope_json(u.scope, u.nscope), "new",
						      scope_json(scope, nscope)));
	}
	if (rc == SB_OK && c->disabled >= 0 && (bool)c->disabled != u.disabled) {
		rc = store_user_set_disabled(st, id, c->disabled != 0);
		json_object_set_new(
			detail, "disabled",
			json_pack("{s:b, s:b}", "old", u.disabled, "new", c->disabled != 0));
		if (rc == SB_OK && c->disabled)
			rc = store_session_delete_user(st, id, NULL);
	}
	if (rc == SB_OK && (!same_scope(&u, scope, nscope) || (c->disabled == 1 && !u.disabled))) {
		bool narrowed = false;

		rc = scope_narrowed(st, id, role, &u, ar, &narrowed);
		if (rc == SB_OK)
			rc = release_grids(st, id, who->now, c->disabled == 1, narrowed, ar,
					   detail);
	}
	if (rc == SB_OK)
		rc = profile_apply(st, id, &u, &prof, detail);
	if (rc == SB_OK && (c->has_buildings || (u.role == ROLE_HELPER && role != ROLE_HELPER))) {
		rc = store_helper_buildings_set(st, id, c->buildings, c->nbuildings);
		json_object_set_new(detail, "buildings", ids_json(c->buildings, c->nbuildings));
	}
	if (rc == SB_OK && (c->has_volunteer || (u.role == ROLE_HELPER && role != ROLE_HELPER))) {
		rc = store_volunteer_link(st, id, c->has_volunteer ? c->volunteer_id : 0);
		json_object_set_new(detail, "volunteer_id",
				    c->has_volunteer && c->volunteer_id
					    ? json_integer(c->volunteer_id)
					    : json_null());
	}
	if (rc == SB_OK && c->password) {
		rc = store_user_set_password(st, id, hash);
		json_object_set_new(detail, "password", json_pack("{s:b}", "changed", 1));
		if (rc == SB_OK)
			rc = store_session_delete_user(st, id, c->keep_session);
	}
	if (rc == SB_OK && json_object_size(detail) > 0) {
		rc = audit(st, who, "update", "user", id, scope[0], detail, ar);
		detail = NULL;
	}
	rc = store_end(st, rc);
out:
	profile_free(&prof);
	json_decref(detail);
	return rc;
}

int
account_login(struct store *st, const char *username, const char *password, const char *ip,
	      int64_t now, struct arena *ar, struct user *out, int64_t *retry_after)
{
	struct actor who = {.username = username, .ip = ip, .now = now};
	int64_t failures, oldest;
	bool known, ok;
	int rc;

	*retry_after = 0;
	/* The check and the attempt are counted in one write transaction (the
	 * writers take turns), before the slow verify: of any number of
	 * parallel attempts at most LOGIN_MAX_FAILURES get a password check,
	 * the others are locked out.  A success clears the reservation. */
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_login_failures(st, username, now - LOGIN_WINDOW_S, &failures, &oldest);
	if (rc == SB_OK && failures >= LOGIN_MAX_FAILURES) {
		*retry_after = oldest + LOGIN_WINDOW_S - now;
		if (*retry_after < 1)
			*retry_after = 1;
		rc = audit(st, &who, "login_locked", "session", 0, "31", NULL, ar);
		rc = store_end(st, rc);
		return rc == SB_OK ? SB_TOO_MANY : rc;
	}
	if (rc == SB_OK)
		rc = store_login_failure_add(st, username, now);
	rc = store_end(st, rc);
	if (rc != SB_OK)
		return rc;
	rc = store_user_by_name(st, username, ar, out);
	if (rc != SB_OK && rc != SB_NOT_FOUND)
		return rc;
	known = rc == SB_OK;
	/* The same work whether or not the name exists: timing tells nothing. */
	if (known) {
		ok = crypto_password_verify(out->password_hash, password) && !out->disabled;
	} else {
		crypto_password_dummy_verify(password);
		ok = false;
	}
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	if (ok) {
		who.user_id = out->id;
		rc = store_login_failures_clear(st, username, now - LOGIN_WINDOW_S);
		if (rc == SB_OK)
			rc = store_session_expire(st, now - SESSION_IDLE_S, now - SESSION_MAX_S);
		if (rc == SB_OK)
			rc = audit(st, &who, "login", "session", out->id, account_area(out), NULL,
				   ar);
	} else {
		if (known)
			who.user_id = out->id;
		rc = audit(st, &who, "login_failed", "session", known ? out->id : 0,
			   known ? account_area(out) : "31", NULL, ar);
	}
	rc = store_end(st, rc);
	if (rc != SB_OK)
		return rc;
	return ok ? SB_OK : SB_BAD_CREDENTIALS;
}
