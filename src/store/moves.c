/* Moving a compound to another committee (拆大并小): the statements of
 * queries.def (MOVE_*), run in order inside the caller's transaction. */

#include <string.h>

#include "store/store_int.h"

int
store_compound_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct compound_ref *out, const char **name)
{
	struct store_col cols[] = {{.name = "committee_code"}, {.name = "name"}};
	int rc = store_row_get(st, sc, "compound", id, cols, 2, ar);

	if (rc != SB_OK)
		return rc;
	out->id = id;
	out->committee = cols[0].s;
	*name = cols[1].s;
	return SB_OK;
}

int
store_compound_move(struct store *st, const struct compound_ref *compound, const char *to,
		    const char *effective_on, int64_t effective_start, int64_t by, int64_t now,
		    struct compound_move_counts *out)
{
	const char *from = compound->committee;
	static const enum query steps[] = {
		Q_MOVE_COMPOUND,	 Q_MOVE_BUILDINGS,	 Q_MOVE_HOUSEHOLDS_UNGRID,
		Q_MOVE_HOUSEHOLDS,	 Q_MOVE_RESIDENTS,	 Q_MOVE_VISITS,
		Q_MOVE_ISSUES,		 Q_MOVE_GATES,		 Q_MOVE_GATE_GUARDS,
		Q_MOVE_CAMPAIGN_TARGETS, Q_MOVE_PARTY_BUILDINGS, Q_MOVE_PARTY_BRANCHES,
		Q_MOVE_LIAISONS,	 Q_MOVE_RECORD,
	};
	int64_t *counts[] = {
		NULL,
		&out->buildings,
		NULL,
		&out->households,
		&out->residents,
		&out->visits,
		&out->issues,
		&out->gates,
		&out->gate_guards,
		&out->campaign_targets,
		&out->party_buildings,
		NULL,
		&out->liaisons,
		NULL,
	};
	size_t i;
	int rc = SB_OK;

	_Static_assert(sizeof(steps) / sizeof(steps[0]) == sizeof(counts) / sizeof(counts[0]),
		       "one count slot a step");
	memset(out, 0, sizeof(*out));
	for (i = 0; rc == SB_OK && i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct stmt *s = store_stmt(st, steps[i]);
		int n = bind_count(s ? s : NULL);

		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, compound->id);
		if (n >= 2)
			bind_text(s, 2, from);
		if (n >= 3)
			bind_text(s, 3, to);
		if (n >= 4)
			bind_text(s, 4, effective_on);
		if (n >= 5)
			bind_int(s, 5, effective_start);
		if (n >= 6)
			bind_int(s, 6, now);
		if (n >= 7)
			bind_id_or_null(s, 7, by);
		rc = store_exec_stmt(st, s);
		if (rc == SB_OK && i == 0 && store_changes(st) == 0)
			rc = SB_NOT_FOUND; /* not in that committee any more */
		if (rc == SB_OK && counts[i])
			*counts[i] = store_changes(st);
	}
	return rc;
}
