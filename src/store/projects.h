#ifndef SB_STORE_PROJECTS_H
#define SB_STORE_PROJECTS_H

/* Projects' stages, signing tracker and linked surveys (store/projects.c,
 * queries_projects.def).  The project is found in scope first
 * (store_project_committee); these take its id. */

#include "core/projects.h"
#include "store/store.h"

struct project_fields {
	const char *name, *description, *funding_source;
	int sign_num, sign_den; /* 0: no threshold */
};

struct project_stage_row {
	struct project_stage_dates d;
	int64_t owner_id; /* 0: none */
	const char *note;
};

int store_pj_fields(struct store *st, int64_t project, struct arena *ar, struct project_fields *f);
int store_pj_update(struct store *st, int64_t project, const struct project_fields *f);
int store_pj_stages_init(struct store *st, int64_t project);
/* The six stages in order. */
int store_pj_stages(struct store *st, int64_t project, struct arena *ar,
		    struct project_stage_row rows[PROJECT_STAGES]);
int store_pj_stage_put(struct store *st, int64_t project, int seq,
		       const struct project_stage_row *row, int64_t now);
/* Replaces the buildings whose households sign. */
int store_pj_buildings_set(struct store *st, int64_t project, const int64_t *ids, size_t n);
/* Whether household is an active household of the project's buildings. */
int store_pj_sign_household(struct store *st, int64_t project, int64_t household, bool *ok);
int store_pj_sign(struct store *st, int64_t project, int64_t household, bool sign, int64_t by,
		  int64_t now, bool *changed);
int store_pj_survey_link(struct store *st, int64_t project, int64_t survey, int64_t now);
int store_pj_signing_json(struct store *st, int64_t project, struct arena *ar, const char **json);

#endif
