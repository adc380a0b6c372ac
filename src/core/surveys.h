#ifndef SB_SURVEYS_H
#define SB_SURVEYS_H

/*
 * Surveys (需求调研问卷, docs/consultation.md): the audience from a register
 * filter, answers by workers or through one-time links, results, export.
 * One function per request: the rules, the transaction and the audit entry
 * are here; api/api_surveys.c parses and renders.  The checks of questions
 * and answers and the aggregates are core/consult.h's.  A function that
 * reads or writes a survey's audience and answers takes the struct
 * survey_row a scoped read (survey_find) or an answer link (survey_link_open)
 * gave: its ref.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/consult.h"
#include "util/arena.h"
#include "util/errors.h"

#define SURVEY_MAX_AUDIENCE 50000
#define SURVEY_LINK_DAYS_DEFAULT 14

/* Surveys in scope of committee (NULL: all) and status ("open", "closed";
 * NULL any; BAD_QUERY naming status otherwise), newest first, ids below
 * cursor (0: from the newest), at most limit. */
int survey_list(struct store *st, const struct scope *sc, const char *committee, const char *status,
		int64_t cursor, int limit, struct arena *ar, struct survey_list *out,
		struct sb_fail *fail);

/* What POST /api/v1/surveys sends, its wire syntax checked. */
struct survey_draft {
	const char *committee_code;		     /* a committee in scope (checked before) */
	const char *title, *description, *closes_on; /* description, closes_on: NULL none */
	json_t *questions, *audience;
};
/* Makes a survey for the households the audience filter matches (1 to
 * SURVEY_MAX_AUDIENCE): BAD_FIELD naming closes_on, questions…, audience…
 * otherwise.  *out the survey made. */
int survey_create(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct survey_draft *d, struct arena *ar, struct survey *out,
		  struct sb_fail *fail);
/* A survey in scope as the API shows it; NOT_FOUND otherwise. */
int survey_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct survey *out);
/* A survey in scope, for the work on it; NOT_FOUND otherwise. */
int survey_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct survey_row *out);
/* Closes or reopens a survey (status "open" or "closed", NULL kept) and sets
 * its closing date (NULL kept): BAD_FIELD naming status or closes_on.
 * *out the survey after. */
int survey_update(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct survey_row *row, const char *status, const char *closes_on,
		  struct arena *ar, struct survey *out, struct sb_fail *fail);
/* A worker records household's answers: the household in scope and in the
 * audience (BAD_FIELD naming household_id), the survey open (CONFLICT naming
 * id), the answers fitting the questions (BAD_FIELD naming answers…), once
 * (CONFLICT naming household_id). */
int survey_respond(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct survey_row *row, int64_t household, json_t *answers,
		   struct arena *ar, struct sb_fail *fail);

/* A one-time answer link just made; token is the secret the household gets
 * (in ar: the caller wipes it once sent). */
struct survey_new_link {
	int64_t household_id;
	char *token;
	int64_t expires_at;
};
/* One link per household of households (n of them; NULL: every household
 * of the audience that has not answered), valid days (1–90, else BAD_FIELD
 * naming days); the survey open (CONFLICT naming id), each household in its
 * audience (BAD_FIELD naming household_ids).  *links (*nlinks) in ar. */
int survey_links_create(struct store *st, const struct actor *who, const struct survey_row *row,
			const int64_t *households, size_t n, int64_t days, struct arena *ar,
			struct survey_new_link **links, size_t *nlinks, struct sb_fail *fail);
/* The link behind token, usable now, and its survey: NOT_FOUND naming token
 * when unknown (a guess: the caller counts it); CONFLICT naming token when
 * used, expired or its survey closed. */
int survey_link_open(struct store *st, const char *token, int64_t now, struct arena *ar,
		     struct survey_link *link, struct survey_row *row, struct sb_fail *fail);
/* The household's answers through its link (survey_link_open found both),
 * once: BAD_FIELD naming answers…, CONFLICT naming token. */
int survey_link_answer(struct store *st, const struct actor *who, const char *token,
		       const struct survey_link *link, const struct survey_row *row,
		       json_t *answers, struct arena *ar, struct sb_fail *fail);
/* The responses of a survey in scope (*row) and its audience per compound
 * (comp may be NULL: not wanted). */
int survey_responses(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct survey_row *row, struct survey_response_list *responses,
		     struct survey_compound **comp, size_t *ncomp);
/* Records the export of rows responses of a survey in format. */
int survey_exported(struct store *st, const struct actor *who, const struct survey_row *row,
		    const char *format, size_t rows);
/* The audience of a survey in scope with addresses and whether each has
 * answered, in address order. */
int survey_audience(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct survey_place **out, size_t *n);
/* The open surveys a household in scope is in the audience of, with their
 * questions and whether it has answered, on the day of now. */
int survey_of_household(struct store *st, const struct scope *sc, int64_t household, int64_t now,
			struct arena *ar, struct household_survey **out, size_t *n);

#endif
