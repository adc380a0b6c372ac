#ifndef SB_CONSULT_H
#define SB_CONSULT_H

/*
 * Consultation (问计于民): the pure parts, without SQL or HTTP, so that
 * unit tests can drive them: survey questions and answers, their
 * aggregation, and the tally of a vote against a meeting's quorum rule.
 * The store's consultation rows (store/consult.h) come with it.
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "store/consult.h"
#include "util/arena.h"
#include "util/errors.h"

#define SURVEY_MAX_QUESTIONS 50
#define SURVEY_MAX_OPTIONS 20

enum survey_kind { SQ_SINGLE, SQ_MULTIPLE, SQ_RATING, SQ_TEXT, SQ_NUMBER, SQ_COUNT };

/* "single", "multiple", "rating", "text", "number"; -1 when unknown. */
int survey_kind_parse(const char *s);
const char *survey_kind_name(enum survey_kind k);

/* Checks a survey's questions (a JSON array of {"kind","text","options",
 * "required"}): 1–50 questions; choices with 2–20 distinct non-empty
 * options, other kinds without options.  BAD_FIELD naming "questions[i]…". */
int survey_questions_check(json_t *questions, struct arena *ar, struct sb_fail *fail);

/* Checks answers (an array, one value per question, null for none) against
 * the questions: single: one of the options (the option's text); multiple:
 * an array of distinct options; rating: an integer 1–5; number: a number;
 * text: a string of at most 2000 characters.  A required question needs a
 * value.  BAD_FIELD naming "answers[i]". */
int survey_answers_check(json_t *questions, json_t *answers, struct arena *ar,
			 struct sb_fail *fail);

/* The aggregate of one question over many answers. */
struct survey_agg {
	enum survey_kind kind;
	size_t noptions;
	int answered;			/* answers that are not null */
	int counts[SURVEY_MAX_OPTIONS]; /* choices: per option; rating: per score 1–5 */
	double sum, min, max;		/* rating, number */
};

void survey_agg_init(struct survey_agg *a, json_t *question);
/* Adds one answer (already checked; null is skipped). */
void survey_agg_add(struct survey_agg *a, json_t *question, json_t *value);
/* {"answered", "options":[{"option","count","share"}]} for choices (share of
 * the respondents who answered it, multiple choices can sum past 1);
 * {"answered","mean","counts":[n1..n5]} for ratings; {"answered","mean",
 * "min","max"} for numbers; {"answered"} for text.  mean is null when
 * nobody answered. */
json_t *survey_agg_json(const struct survey_agg *a, json_t *question);

/* A vote's tally and the meeting's rule. */
struct quorum_rule {
	int min_present; /* at least this many present */
	int present_pct; /* and at least this % of the invited */
	int pass_pct;	 /* passes with more than this % of the votes cast for it */
};

struct vote_tally {
	int invited, present;
	int votes_for, against, abstain; /* approval motions */
	int scores[5];			 /* satisfaction motions: count of 1..5 */
	/* computed by vote_tally_finish */
	int cast;
	double approval; /* for / cast (approval), or share of 4–5 (satisfaction); 0 if none */
	double mean;	 /* satisfaction: mean score; 0 if none */
	bool quorum_met;
	bool passed;
};

/* Computes cast, approval, mean, quorum_met and passed from the counts.
 * satisfaction: the motion is scored 1–5 rather than for/against. */
void vote_tally_finish(struct vote_tally *t, const struct quorum_rule *rule, bool satisfaction);

#endif
