#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/grids.h" /* committee_row_check */
#include "core/volunteers.h"

static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

/* Every volunteer id of the list is a volunteer of the committee.  member:
 * the ids are field[i].member (an activity's volunteers), else field's own. */
static int
volunteers_of(struct store *st, const struct scope *sc, const int64_t *ids, size_t n,
	      const char *committee, const char *field, const char *member, struct arena *ar,
	      struct sb_fail *fail)
{
	struct volunteer_ref of;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = store_volunteer_find(st, sc, ids[i], ar, &of);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(of.committee, committee) != 0))
			return sb_refuse(
				fail, ar, SB_BAD_FIELD,
				member ? arena_printf(ar, "%s[%zu].%s", field, i, member) : field,
				arena_printf(ar, "volunteer %lld is not of this committee",
					     (long long)ids[i]),
				arena_printf(ar, "志愿者 %lld 不属于本居委会", (long long)ids[i]));
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
volunteer_create(struct store *st, const struct scope *sc, const struct actor *who,
		 int64_t resident_id, const char *skills, const char *availability,
		 struct arena *ar, struct volunteer *out, struct sb_fail *fail)
{
	struct consult_resident r;
	struct volunteer_ref v;
	int64_t id = 0;
	int rc;

	rc = store_consult_resident(st, sc, resident_id, ar, &r);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(r.status, "living") != 0))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "resident_id",
				 "no such resident in your jurisdiction", "您的辖区内没有该居民");
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_volunteer_insert(st, sc, resident_id, r.committee_code, skills ? skills : "[]",
				    availability, who->now, ar, &v);
	id = v.id;
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, rc, "resident_id", "this resident is a volunteer already",
			       "该居民已是志愿者");
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "volunteer", id_text(ar, id), r.committee_code,
			       json_pack("{s:I}", "resident_id", (json_int_t)resident_id));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_volunteer_get(st, sc, id, ar, out);
	return rc;
}

int
volunteer_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct volunteer *out)
{
	return store_volunteer_get(st, sc, id, ar, out);
}

int
volunteer_list(struct store *st, const struct scope *sc, const char *committee, const char *skill,
	       int64_t after_id, int limit, struct arena *ar, struct volunteer **out, size_t *n)
{
	return store_volunteer_list(st, sc, committee, skill, after_id, limit, ar, out, n);
}

int
volunteer_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct volunteer_ref *out)
{
	return store_volunteer_find(st, sc, id, ar, out);
}

int
volunteer_update(struct store *st, const struct scope *sc, const struct actor *who,
		 const struct volunteer_ref *v, const char *skills, const char *availability,
		 struct arena *ar, struct volunteer *out)
{
	json_t *detail = json_object();
	int rc;

	/* what the body set */
	if (skills) {
		json_t *list = json_loads(skills, 0, NULL);

		json_object_set_new(detail, "skills", list ? list : json_array());
	}
	if (availability)
		json_object_set_new(detail, "availability", json_string(availability));
	rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_volunteer_update(st, v, skills, availability);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "volunteer", id_text(ar, v->id), v->committee,
			       detail);
	else
		json_decref(detail);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_volunteer_get(st, sc, v->id, ar, out);
	return rc;
}

int
team_create(struct store *st, const struct scope *sc, const struct actor *who,
	    const char *committee, const char *name, const char *kind, const int64_t *members,
	    size_t nmembers, struct arena *ar, struct team *out, struct sb_fail *fail)
{
	struct team_ref team;
	int64_t id = 0;
	int rc;

	rc = volunteers_of(st, sc, members, nmembers, committee, "member_ids", NULL, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_team_insert(st, sc, committee, name, kind, who->now, ar, &team);
	id = team.id;
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, rc, "name", "the committee has a team of that name",
			       "本居委会已有同名团队");
	if (rc == SB_OK)
		rc = store_team_members_set(st, &team, members, nmembers);
	if (rc == SB_OK)
		rc = audit_add(
			st, who, "create", "team", id_text(ar, id), committee,
			json_pack("{s:s, s:I}", "name", name, "members", (json_int_t)nmembers));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_team_get(st, sc, id, ar, out);
	return rc;
}

int
team_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct team *out)
{
	return store_team_get(st, sc, id, ar, out);
}

int
team_list(struct store *st, const struct scope *sc, const char *committee, int64_t after_id,
	  int limit, struct arena *ar, struct team **out, size_t *n)
{
	return store_team_list(st, sc, committee, after_id, limit, ar, out, n);
}

int
team_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	  struct team_ref *out)
{
	return store_team_find(st, sc, id, ar, out);
}

int
team_update(struct store *st, const struct scope *sc, const struct actor *who,
	    const struct team_ref *t, const char *name, const char *kind, bool has_members,
	    const int64_t *members, size_t nmembers, struct arena *ar, struct team *out,
	    struct sb_fail *fail)
{
	json_t *detail;
	size_t i;
	int rc;

	rc = volunteers_of(st, sc, members, nmembers, t->committee, "member_ids", NULL, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_team_update(st, t, name, kind);
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, rc, "name", "the committee has a team of that name",
			       "本居委会已有同名团队");
	if (rc == SB_OK && has_members)
		rc = store_team_members_set(st, t, members, nmembers);
	if (rc == SB_OK) {
		/* what the body set */
		detail = json_object();
		if (name)
			json_object_set_new(detail, "name", json_string(name));
		if (kind)
			json_object_set_new(detail, "kind", json_string(kind));
		if (has_members) {
			json_t *ids = json_array();

			for (i = 0; i < nmembers; i++)
				json_array_append_new(ids, json_integer(members[i]));
			json_object_set_new(detail, "member_ids", ids);
		}
		rc = audit_add(st, who, "update", "team", id_text(ar, t->id), t->committee, detail);
	}
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_team_get(st, sc, t->id, ar, out);
	return rc;
}

int
activity_create(struct store *st, const struct scope *sc, const struct actor *who,
		const struct activity_input *in, struct arena *ar, struct activity *out,
		struct sb_fail *fail)
{
	struct team_ref team;
	struct activity_ref activity;
	int64_t id = 0;
	size_t i;
	int rc = SB_OK;

	if (in->team_id) {
		rc = store_team_find(st, sc, in->team_id, ar, &team);
		if (rc == SB_NOT_FOUND ||
		    (rc == SB_OK && strcmp(team.committee, in->committee) != 0))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "team_id",
					 "no such team in this committee", "本居委会没有该团队");
		if (rc != SB_OK)
			return rc;
	}
	rc = volunteers_of(st, sc, in->volunteers, in->nvolunteers, in->committee, "volunteers",
			   "volunteer_id", ar, fail);
	for (i = 0; rc == SB_OK && i < in->nserved; i++)
		rc = committee_check_row(st, sc, "resident", in->committee, "served_resident_ids",
					 in->served[i], ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_activity_insert(st, sc, in->committee, in->team_id, in->title, in->date,
				   in->place, who->user_id, who->now, ar, &activity);
	id = activity.id;
	for (i = 0; rc == SB_OK && i < in->nvolunteers; i++)
		rc = store_activity_volunteer_add(st, &activity, in->volunteers[i], in->tenths[i]);
	for (i = 0; rc == SB_OK && i < in->nserved; i++)
		rc = store_activity_served_add(st, &activity, in->served[i]);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "activity", id_text(ar, id), in->committee,
			       json_pack("{s:s, s:I, s:I}", "title", in->title, "volunteers",
					 (json_int_t)in->nvolunteers, "served",
					 (json_int_t)in->nserved));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_activity_get(st, sc, id, ar, out);
	return rc;
}

int
activity_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct activity *out)
{
	return store_activity_get(st, sc, id, ar, out);
}

int
activity_list(struct store *st, const struct scope *sc, const char *committee, int64_t team,
	      const char *from, const char *to, int64_t before_id, int limit, struct arena *ar,
	      struct activity **out, size_t *n)
{
	return store_activity_list(st, sc, committee, team, from, to, before_id, limit, ar, out, n);
}
