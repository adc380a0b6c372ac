#include <string.h>

#include "core/projects.h"
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
