#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/projects.h"
#include "store/consult.h"
#include "util/errors.h"

const char *const project_stage_codes[PROJECT_STAGES] = {
	"proposal", "research", "deliberation", "vote", "implementation", "acceptance",
};

int
project_stage_seq(const char *code)
{
	int i;

	for (i = 0; code && i < PROJECT_STAGES; i++)
		if (strcmp(code, project_stage_codes[i]) == 0)
			return i + 1;
	return 0;
}

/* Dates YYYY-MM-DD compare as strings. */
static bool
before(const char *a, const char *b)
{
	return a && b && strcmp(a, b) < 0;
}

int
project_stages_check(const struct project_stage_dates s[PROJECT_STAGES], int *seq,
		     const char **field)
{
	int i;

	for (i = 0; i < PROJECT_STAGES; i++) {
		*seq = i + 1;
		if (before(s[i].planned_end, s[i].planned_start)) {
			*field = "planned_end";
			return SB_BAD_FIELD;
		}
		if (s[i].actual_end && !s[i].actual_start) {
			*field = "actual_end";
			return SB_BAD_FIELD;
		}
		if (before(s[i].actual_end, s[i].actual_start)) {
			*field = "actual_end";
			return SB_BAD_FIELD;
		}
		if (i > 0 && s[i].actual_start &&
		    (!s[i - 1].actual_end || before(s[i].actual_start, s[i - 1].actual_end))) {
			*field = "actual_start";
			return SB_CONFLICT;
		}
	}
	*seq = 0;
	*field = NULL;
	return SB_OK;
}

int
project_stage_current(const struct project_stage_dates s[PROJECT_STAGES])
{
	int i;

	for (i = 0; i < PROJECT_STAGES; i++)
		if (!s[i].actual_end)
			return i + 1;
	return 0;
}

bool
project_sign_reached(int64_t signed_n, int64_t all, int num, int den)
{
	if (all <= 0 || num <= 0 || den <= 0)
		return false;
	return signed_n * den >= all * num;
}

/* ---- what the API does with a project ---- */

static const char *const stage_zh[PROJECT_STAGES] = {"提出", "调研", "议事",
						     "表决", "实施", "验收"};

int
project_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct project_ref *out)
{
	return store_project_find(st, sc, id, ar, out);
}

int
project_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	    struct project *out)
{
	return store_project_get(st, sc, id, ar, out);
}

int
project_list(struct store *st, const struct scope *sc, const char *committee, int64_t cursor,
	     int limit, struct arena *ar, struct project_list *out, struct sb_fail *fail)
{
	int rc = SB_OK;

	if (committee)
		rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_QUERY, ar,
					   fail);
	if (rc == SB_OK)
		rc = store_project_list(st, sc, committee, cursor, limit, ar, out);
	return rc;
}

static int
name_taken(struct arena *ar, struct sb_fail *fail)
{
	return sb_refuse(fail, ar, SB_CONFLICT, "name", "the committee has a project of that name",
			 "本居委会已有同名项目");
}

/* Writes the members in sets over the project's fields (its stages first
 * when creating), inside the caller's transaction. */
static int
write_members(struct store *st, const struct project_ref *project, const struct project_input *in,
	      bool creating, struct arena *ar, struct sb_fail *fail)
{
	struct project_fields f;
	int rc = SB_OK;

	if (creating)
		rc = store_project_stages_init(st, project);
	if (rc == SB_OK)
		rc = store_project_fields(st, project, ar, &f);
	if (rc != SB_OK)
		return rc;
	if (in->set_name)
		f.name = in->name;
	if (in->set_description)
		f.description = in->description;
	if (in->set_funding_source)
		f.funding_source = in->funding_source;
	if (in->set_threshold) {
		f.sign_num = in->sign_num;
		f.sign_den = in->sign_den;
	}
	rc = store_project_update(st, project, &f);
	if (rc == SB_CONFLICT)
		return name_taken(ar, fail);
	if (rc == SB_OK && in->set_buildings)
		rc = store_project_buildings_set(st, project, in->building_ids, in->nbuildings);
	return rc;
}

/* The id as text, for the audit. */
static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

int
project_create(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct project_input *in, struct arena *ar, struct project *out,
	       struct sb_fail *fail)
{
	const char *committee = in->committee_code;
	struct project_ref project;
	int rc;

	rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_FIELD, ar, fail);
	if (rc == SB_OK && in->set_buildings)
		rc = committee_check_rows(st, sc, "building", committee, "building_ids",
					  in->building_ids, in->nbuildings, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_project_insert(st, sc, committee, in->name, in->description, who->now, ar,
				  &project);
	if (rc == SB_CONFLICT)
		rc = name_taken(ar, fail);
	if (rc == SB_OK)
		rc = write_members(st, &project, in, true, ar, fail);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "project", id_text(ar, project.id), committee,
			       json_pack("{s:s}", "name", in->name));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_get(st, sc, project.id, ar, out);
	return rc;
}

int
project_update(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct project_ref *project, const struct project_input *in, json_t *detail,
	       struct arena *ar, struct project *out, struct sb_fail *fail)
{
	int rc = SB_OK;

	if (in->set_buildings)
		rc = committee_check_rows(st, sc, "building", project->committee, "building_ids",
					  in->building_ids, in->nbuildings, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = write_members(st, project, in, false, ar, fail);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "project", id_text(ar, project->id),
			       project->committee, detail);
	else
		json_decref(detail);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_get(st, sc, project->id, ar, out);
	return rc;
}

int
project_link_issue(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct project_ref *project, int64_t issue, struct arena *ar,
		   struct project *out, struct sb_fail *fail)
{
	const char *committee;
	int rc = store_consult_issue(st, sc, issue, ar, &committee);

	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(committee, project->committee) != 0))
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "issue_id",
			       "no such issue in the project's committee",
			       "项目所属居委会没有该诉求");
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_project_issue_link(st, project, issue, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "link_issue", "project", id_text(ar, project->id),
			       project->committee,
			       json_pack("{s:I}", "issue_id", (json_int_t)issue));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_get(st, sc, project->id, ar, out);
	return rc;
}

int
project_link_survey(struct store *st, const struct scope *sc, const struct actor *who,
		    const struct project_ref *project, int64_t survey, struct arena *ar,
		    struct project *out, struct sb_fail *fail)
{
	int rc = committee_check_row(st, sc, "survey", project->committee, "survey_id", survey, ar,
				     fail);

	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_project_survey_link(st, project, survey, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "link_survey", "project", id_text(ar, project->id),
			       project->committee,
			       json_pack("{s:I}", "survey_id", (json_int_t)survey));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_get(st, sc, project->id, ar, out);
	return rc;
}

/* The refusal of project_stages_check's verdict on stage seq. */
static int
stages_refuse(int rc, int seq, const char *field, struct arena *ar, struct sb_fail *fail)
{
	if (rc == SB_BAD_FIELD)
		return sb_refuse(fail, ar, rc, field,
				 arena_printf(ar, "stage %s: an end before its start (or no start)",
					      project_stage_codes[seq - 1]),
				 arena_printf(ar, "%s阶段：结束日期早于开始日期（或没有开始日期）",
					      stage_zh[seq - 1]));
	return sb_refuse(fail, ar, rc, field,
			 arena_printf(ar, "stage %s cannot start before stage %s has ended",
				      project_stage_codes[seq - 1], project_stage_codes[seq - 2]),
			 arena_printf(ar, "%s阶段须在%s阶段结束后才能开始", stage_zh[seq - 1],
				      stage_zh[seq - 2]));
}

int
project_stage_set(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct project_ref *project, const struct project_stage_change *in,
		  json_t *detail, struct arena *ar, struct project *out, struct sb_fail *fail)
{
	struct project_stage_row rows[PROJECT_STAGES], *row;
	struct project_stage_dates d[PROJECT_STAGES];
	const char **slots[4];
	const char *field;
	int rc, bad_seq, i;

	rc = store_project_stages(st, project, ar, rows);
	if (rc != SB_OK)
		goto refused;
	row = &rows[in->seq - 1];
	slots[0] = &row->d.planned_start;
	slots[1] = &row->d.planned_end;
	slots[2] = &row->d.actual_start;
	slots[3] = &row->d.actual_end;
	for (i = 0; i < 4; i++)
		if (in->set_date[i])
			*slots[i] = in->dates[i];
	if (in->set_owner) {
		row->owner_id = in->owner_id;
		if (row->owner_id)
			rc = committee_check_worker(st, project->committee, "owner_id",
						    row->owner_id, true, ar, fail);
	}
	if (rc != SB_OK)
		goto refused;
	if (in->set_note)
		row->note = in->note;
	for (i = 0; i < PROJECT_STAGES; i++)
		d[i] = rows[i].d;
	rc = project_stages_check(d, &bad_seq, &field);
	if (rc != SB_OK) {
		rc = stages_refuse(rc, bad_seq, field, ar, fail);
		goto refused;
	}
	rc = store_begin(st);
	if (rc != SB_OK)
		goto refused;
	rc = store_project_stage_put(st, project, in->seq, row, who->now);
	if (rc == SB_OK) {
		rc = audit_add(st, who, "stage", "project", id_text(ar, project->id),
			       project->committee, detail);
		detail = NULL;
	}
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_get(st, sc, project->id, ar, out);
refused:
	json_decref(detail);
	return rc;
}

int
project_signing(struct store *st, const struct project_ref *project, struct arena *ar,
		struct project_signing *out)
{
	return store_project_signing(st, project, ar, out);
}

int
project_sign(struct store *st, const struct actor *who, const struct project_ref *project,
	     int64_t household, bool sign, struct arena *ar, struct project_signing *out,
	     struct sb_fail *fail)
{
	bool ok = false, changed = false;
	int rc;

	/* an id that is no household (0 or less) is refused alike */
	rc = household > 0 ? store_project_may_sign(st, project, household, &ok) : SB_OK;
	if (rc == SB_OK && !ok)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "household_id",
			       "not an active household of the project's buildings",
			       "不是项目所含楼栋的在册住户");
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_project_sign(st, project, household, sign, who->user_id, who->now, &changed);
	if (rc == SB_OK && changed)
		rc = audit_add(st, who, sign ? "sign" : "unsign", "project",
			       id_text(ar, project->id), project->committee,
			       json_pack("{s:I}", "household_id", (json_int_t)household));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_project_signing(st, project, ar, out);
	return rc;
}

int
project_timeline(struct store *st, const struct project_ref *project, struct arena *ar,
		 struct project_event **events, size_t *n)
{
	return store_project_timeline(st, project, ar, events, n);
}
