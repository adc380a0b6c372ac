#ifndef SB_PROJECTS_H
#define SB_PROJECTS_H

/*
 * Projects (议事项目, docs/consultation.md, "Projects"): the six stages in
 * their order, the rules of their dates, and the signing threshold (pure
 * rules, unit-tested); then what the API does with a project, each in its
 * own transaction with its audit entry.  No SQL, no HTTP: the store's types
 * (store/projects.h: PROJECT_STAGES, struct project_stage_dates) are built on.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/projects.h"
#include "util/errors.h"

/* The stage codes in order: proposal 提出, research 调研, deliberation 议事,
 * vote 表决, implementation 实施, acceptance 验收. */
extern const char *const project_stage_codes[PROJECT_STAGES];

/* 1..6 for a stage code, 0 when it is none. */
int project_stage_seq(const char *code);

/* What is wrong with a project's stages, in order (s[0] is 提出): SB_OK, or
 * the code with *seq the stage (1..6) and *field the member at fault:
 *   - a planned or actual end before its start (BAD_FIELD);
 *   - an actual end without an actual start (BAD_FIELD);
 *   - a stage started (actual_start) before the previous one ended, or on a
 *     day before the previous one's end (CONFLICT): stages run in order. */
int project_stages_check(const struct project_stage_dates s[PROJECT_STAGES], int *seq,
			 const char **field);

/* The current stage: the first not ended (1..6), or 0 when all have ended. */
int project_stage_current(const struct project_stage_dates s[PROJECT_STAGES]);

/* Whether signed households of all reach num/den (signed × den ≥ all × num);
 * a building without households never does. */
bool project_sign_reached(int64_t signed_n, int64_t all, int num, int den);

/* What a project's body sets (create, PATCH), its syntax already checked:
 * a member not set is left as it is. */
struct project_input {
	const char *committee_code; /* create only */
	bool set_name, set_description, set_funding_source, set_threshold, set_buildings;
	const char *name, *description, *funding_source; /* NULL clears (not name) */
	int sign_num, sign_den;				 /* 0, 0: no threshold */
	const int64_t *building_ids;			 /* distinct, positive */
	size_t nbuildings;
};

/* The project id in sc's scope; NOT_FOUND otherwise (an id in a path). */
int project_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct project_ref *out);
/* A project in scope (NOT_FOUND otherwise); and the projects of committee
 * (NULL: all in scope, checked here: BAD_QUERY) before the id cursor (0:
 * first), newest first, at most limit. */
int project_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct project *out);
int project_list(struct store *st, const struct scope *sc, const char *committee, int64_t cursor,
		 int limit, struct arena *ar, struct project_list *out, struct sb_fail *fail);

/* Creates a project of in->committee_code (in scope: BAD_FIELD otherwise)
 * with its six stages; the buildings must be of the committee; CONFLICT
 * naming "name" when the committee has a project of that name.  *out: the
 * project as project_get gives it. */
int project_create(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct project_input *in, struct arena *ar, struct project *out,
		   struct sb_fail *fail);
/* Changes what in sets; detail (the body, stolen) goes to the audit. */
int project_update(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct project_ref *project, const struct project_input *in,
		   json_t *detail, struct arena *ar, struct project *out, struct sb_fail *fail);
/* Links an issue of the project's committee (BAD_FIELD naming issue_id otherwise). */
int project_link_issue(struct store *st, const struct scope *sc, const struct actor *who,
		       const struct project_ref *project, int64_t issue, struct arena *ar,
		       struct project *out, struct sb_fail *fail);
/* Links a survey of the project's committee (BAD_FIELD naming survey_id otherwise). */
int project_link_survey(struct store *st, const struct scope *sc, const struct actor *who,
			const struct project_ref *project, int64_t survey, struct arena *ar,
			struct project *out, struct sb_fail *fail);

/* One stage's change: dates[0..3] are planned_start, planned_end,
 * actual_start, actual_end (checked to be dates; NULL clears). */
struct project_stage_change {
	int seq; /* 1..6 (project_stage_seq) */
	bool set_date[4];
	const char *dates[4];
	bool set_owner;
	int64_t owner_id; /* 0 clears */
	bool set_note;
	const char *note;
};
/* Changes a stage: the owner must be a worker or head of the committee,
 * and the stages together must pass project_stages_check (BAD_FIELD or
 * CONFLICT naming the member and the stages).  detail (stolen) goes to the audit. */
int project_stage_set(struct store *st, const struct scope *sc, const struct actor *who,
		      const struct project_ref *project, const struct project_stage_change *in,
		      json_t *detail, struct arena *ar, struct project *out, struct sb_fail *fail);

/* The signing tracker of a project: the threshold, its buildings with
 * their households and those signed; the API adds each building's share
 * and project_sign_reached. */
int project_signing(struct store *st, const struct project_ref *project, struct arena *ar,
		    struct project_signing *out);
/* Ticks (sign) or unticks household, an active household of the project's
 * buildings (BAD_FIELD naming household_id otherwise); audited when it
 * changed something.  *out: the tracker. */
int project_sign(struct store *st, const struct actor *who, const struct project_ref *project,
		 int64_t household, bool sign, struct arena *ar, struct project_signing *out,
		 struct sb_fail *fail);
/* The timeline of a project: its events by time. */
int project_timeline(struct store *st, const struct project_ref *project, struct arena *ar,
		     struct project_event **events, size_t *n);

#endif
