#ifndef SB_PROJECTS_H
#define SB_PROJECTS_H

/*
 * Projects (议事项目, docs/consultation.md, "Projects"): the six stages in
 * their order, the rules of their dates, and the signing threshold.  Pure C,
 * no SQL, no HTTP.
 */

#include <stdbool.h>
#include <stdint.h>

#define PROJECT_STAGES 6

/* The stage codes in order: proposal 提出, research 调研, deliberation 议事,
 * vote 表决, implementation 实施, acceptance 验收. */
extern const char *const project_stage_codes[PROJECT_STAGES];

/* 1..6 for a stage code, 0 when it is none. */
int project_stage_seq(const char *code);

/* A stage's dates (YYYY-MM-DD or NULL). */
struct project_stage_dates {
	const char *planned_start, *planned_end, *actual_start, *actual_end;
};

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

#endif
