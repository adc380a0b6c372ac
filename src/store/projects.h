#ifndef SB_STORE_PROJECTS_H
#define SB_STORE_PROJECTS_H

/* Projects' stages, signing tracker and linked surveys (store/projects.c,
 * queries_projects.def).  The project is found in scope first
 * (store_project_find, store/consult.h); these take its reference.  The
 * types are the store's; core/projects.h builds its rules on them. */

#include "store/consult.h"
#include "store/store.h"

/* A project has six stages, stored by their order 1..6 (core/projects.h
 * names them). */
#define PROJECT_STAGES 6

/* A stage's dates (YYYY-MM-DD or NULL). */
struct project_stage_dates {
	const char *planned_start, *planned_end, *actual_start, *actual_end;
};

struct project_fields {
	const char *name, *description, *funding_source;
	int sign_num, sign_den; /* 0: no threshold */
};

struct project_stage_row {
	struct project_stage_dates d;
	int64_t owner_id; /* 0: none */
	const char *note;
};

/* A project as read back. */
struct project_stage {
	const char *stage; /* its code (core/projects.h) */
	struct project_stage_dates d;
	int64_t owner_id;	/* 0: none */
	const char *owner_name; /* NULL: none (or the account is gone) */
	const char *note;
};
struct project {
	int64_t id;
	const char *committee_code, *name, *description, *funding_source;
	int sign_num, sign_den; /* the signing threshold; 0: none */
	int64_t created_at;
	int64_t meetings;				/* held for it */
	const char *stage;				/* the first not ended, or "done" */
	int64_t *issue_ids, *survey_ids, *building_ids; /* linked, by id */
	size_t nissues, nsurveys, nbuildings;
	struct project_stage *stages; /* in order (none for a project made without them) */
	size_t nstages;
};
struct project_list {
	struct project *items;
	size_t n;
};
/* The project id in scope, whole; NOT_FOUND otherwise. */
int store_project_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct project *out);
/* The projects in scope of committee (NULL: any) before before_id (0: the
 * newest), newest first, at most limit, each whole. */
int store_project_list(struct store *st, const struct scope *sc, const char *committee,
		       int64_t before_id, int limit, struct arena *ar, struct project_list *out);

/* A project's timeline: every event of it by time (PROJECT_TIMELINE names
 * which members each kind has; the others are NULL or 0). */
struct project_event {
	int64_t at;
	const char *kind; /* meeting, decision, motion, issue, issue_resolved, survey,
			     stage_started, stage_ended, document */
	int64_t meeting_id, decision_id, motion_id, issue_id, survey_id, attachment_id;
	const char *title, *place, *receipt_no, *status, *motion_kind, *stage;
};
int store_project_timeline(struct store *st, const struct project_ref *project, struct arena *ar,
			   struct project_event **events, size_t *n);

/* The project's own fields (strings in ar). */
int store_project_fields(struct store *st, const struct project_ref *project, struct arena *ar,
			 struct project_fields *f);
/* CONFLICT when the committee has another project of that name. */
int store_project_update(struct store *st, const struct project_ref *project,
			 const struct project_fields *f);
/* Makes the six stages of a new project, without dates. */
int store_project_stages_init(struct store *st, const struct project_ref *project);
/* The six stages in order. */
int store_project_stages(struct store *st, const struct project_ref *project, struct arena *ar,
			 struct project_stage_row rows[PROJECT_STAGES]);
/* Writes stage seq (1..6) as row says (dates, owner, note), at now. */
int store_project_stage_put(struct store *st, const struct project_ref *project, int seq,
			    const struct project_stage_row *row, int64_t now);
/* Replaces the buildings whose households sign; a building of another
 * committee than the project's is left out. */
int store_project_buildings_set(struct store *st, const struct project_ref *project,
				const int64_t *ids, size_t n);
/* Whether household is an active household of the project's buildings. */
int store_project_may_sign(struct store *st, const struct project_ref *project, int64_t household,
			   bool *ok);
/* Ticks (sign: only an active household of the project's buildings) or
 * unticks a household; *changed says whether a row changed. */
int store_project_sign(struct store *st, const struct project_ref *project, int64_t household,
		       bool sign, int64_t by, int64_t now, bool *changed);
/* Links survey when it is of the project's committee (else nothing). */
int store_project_survey_link(struct store *st, const struct project_ref *project, int64_t survey,
			      int64_t now);

/* The signing tracker: the project's buildings, each with its active
 * households and their signatures. */
struct project_signer {
	int64_t household_id;
	const char *room;
	int64_t floor; /* has_floor: known */
	bool has_floor;
	bool is_signed;
	int64_t signed_at;  /* 0: not signed */
	int64_t signed_by;  /* the user who ticked it; 0: none */
	const char *signer; /* that user's name (UNAME); NULL when none */
};
struct project_signing_building {
	int64_t building_id;
	const char *compound, *label;
	int64_t households, signed_households; /* active households, and those signed */
	struct project_signer *items;
	size_t n;
};
struct project_signing {
	int sign_num, sign_den; /* the threshold; 0: none */
	struct project_signing_building *buildings;
	size_t n;
};
int store_project_signing(struct store *st, const struct project_ref *project, struct arena *ar,
			  struct project_signing *out);

#endif
