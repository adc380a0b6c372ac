#ifndef SB_API_PROJECTS_H
#define SB_API_PROJECTS_H

/* What a project's create and update share (api/api_projects.c). */

#include "api/consult.h"

/* The members of a project body beyond name and description, checked and
 * written for project id of committee inside the caller's transaction:
 * funding_source, signing_threshold ({numerator, denominator} or null) and
 * building_ids (the buildings whose households sign, of committee).  Absent
 * members are left as they are.  creating: the stages are made too. */
int api_project_extras_check(struct request *rq, json_t *body, const char *committee);
int api_project_extras_write(struct request *rq, json_t *body, int64_t id, bool creating);

#endif
