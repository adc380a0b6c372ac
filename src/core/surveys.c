#include "core/surveys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/consult.h"
#include "core/filter.h"
#include "core/ident.h"
#include "util/crypto.h"

static const char *
today_of(int64_t now, struct arena *ar)
{
	char *d = arena_alloc(ar, 11);

	ident_today(now, d);
	return d;
}

static const char *
id_text(int64_t id, struct arena *ar)
{
	return arena_printf(ar, "%lld", (long long)id);
}

/* Closed by hand, or past its closing date on the day of now. */
static bool
survey_closed(const struct survey_row *row, int64_t now)
{
	char today[11];

	ident_today(now, today);
	return strcmp(row->status, "closed") == 0 ||
	       (row->closes_on && strcmp(row->closes_on, today) < 0);
}

int
survey_list(struct store *st, const struct scope *sc, const char *committee, const char *status,
	    int64_t cursor, int limit, struct arena *ar, struct survey_list *out,
	    struct sb_fail *fail)
{
	if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		return sb_refuse(fail, ar, SB_BAD_QUERY, "status", "open or closed",
				 "须为 open 或 closed");
	return store_survey_list(st, sc, committee, status, cursor, limit, ar, out);
}

/* The audience's households: the filter, held to the survey's committee. */
static int
audience_of(struct store *st, const struct scope *sc, json_t *audience, const char *committee,
	    int64_t now, struct arena *ar, struct filter *f, int64_t **ids, size_t *n,
	    struct sb_fail *fail)
{
	const char *cursor = NULL, *next = NULL, *c;
	int64_t *page, total, *all = NULL;
	size_t got, cap = 0;
	int rc;

	*n = 0;
	rc = filter_from_json(st, audience, today_of(now, ar), ar, f, fail);
	if (rc != SB_OK) {
		if (fail)
			fail->field =
				arena_printf(ar, "audience.%s", fail->field ? fail->field : "");
		return rc;
	}
	c = f->committee_code;
	if (c && strcmp(c, committee) != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "audience.committee_code",
				 "must be the survey's committee", "须为问卷所属居委会");
	f->committee_code = committee;
	rc = committee_check_filter(st, sc, f, committee, "audience", ar, fail);
	if (rc != SB_OK)
		return rc;
	for (;;) {
		rc = store_filter_households(st, sc, f, cursor, 500, ar, &page, &got, &total,
					     &next);
		if (rc != SB_OK)
			return rc;
		if (total > SURVEY_MAX_AUDIENCE)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "audience",
					 "matches too many households", "匹配的户数过多");
		if (all == NULL) {
			cap = (size_t)total + 1;
			all = arena_alloc(ar, cap * sizeof(*all));
		}
		if (*n + got > cap)
			return SB_INTERNAL;
		if (got)
			memcpy(all + *n, page, got * sizeof(*page));
		*n += got;
		if (next == NULL)
			break;
		cursor = next;
	}
	*ids = all;
	if (*n == 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "audience", "matches no household",
				 "没有匹配的户");
	return SB_OK;
}

/* JSON as compact text in the arena. */
static const char *
dump(json_t *j, struct arena *ar)
{
	char *text = json_dumps(j, JSON_COMPACT);
	const char *copy = arena_strdup(ar, text);

	free(text);
	return copy;
}

int
survey_create(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct survey_draft *d, struct arena *ar, struct survey *out,
	      struct sb_fail *fail)
{
	struct survey_ref survey;
	const char *questions, *filter_text;
	struct filter f;
	json_t *fj;
	int64_t *households = NULL;
	size_t n = 0;
	int rc;

	if (d->closes_on && !ident_date_valid(d->closes_on))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "closes_on", "a date (YYYY-MM-DD)",
				 "须为日期（YYYY-MM-DD）");
	rc = survey_questions_check(d->questions, ar, fail);
	if (rc == SB_OK)
		rc = audience_of(st, sc, d->audience, d->committee_code, who->now, ar, &f,
				 &households, &n, fail);
	if (rc != SB_OK)
		return rc;
	questions = dump(d->questions, ar);
	fj = filter_to_json(&f);
	filter_text = dump(fj, ar);
	json_decref(fj);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_survey_insert(st, d->committee_code, d->title, d->description, questions,
				 filter_text, d->closes_on, who->user_id, who->now, &survey);
	if (rc == SB_OK)
		rc = store_survey_audience_add(st, &survey, households, n);
	if (rc == SB_OK)
		rc = audit_add(
			st, who, "create", "survey", id_text(survey.id, ar), d->committee_code,
			json_pack("{s:s, s:I}", "title", d->title, "audience", (json_int_t)n));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_survey_get(st, sc, survey.id, ar, out);
	return rc;
}

int
survey_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	   struct survey *out)
{
	return store_survey_get(st, sc, id, ar, out);
}

int
survey_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	    struct survey_row *out)
{
	return store_survey_row(st, sc, id, ar, out);
}

int
survey_update(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct survey_row *row, const char *status, const char *closes_on,
	      struct arena *ar, struct survey *out, struct sb_fail *fail)
{
	json_t *detail;
	int rc;

	if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "status", "open or closed",
				 "须为 open 或 closed");
	if (closes_on && !ident_date_valid(closes_on))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "closes_on", "a date (YYYY-MM-DD)",
				 "须为日期（YYYY-MM-DD）");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_survey_set_status(st, &row->ref, status ? status : row->status, closes_on);
	if (rc == SB_OK) {
		/* The audit keeps what was asked. */
		detail = json_object();
		if (status)
			json_object_set_new(detail, "status", json_string(status));
		if (closes_on)
			json_object_set_new(detail, "closes_on", json_string(closes_on));
		rc = audit_add(st, who, "update", "survey", id_text(row->ref.id, ar),
			       row->committee_code, detail);
	}
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_survey_get(st, sc, row->ref.id, ar, out);
	return rc;
}

/* Checks answers against the survey's questions; BAD_FIELD naming them. */
static int
check_answers(const struct survey_row *row, json_t *answers, struct arena *ar, struct sb_fail *fail)
{
	json_t *questions = json_loads(row->questions, JSON_DECODE_ANY, NULL);
	int rc;

	if (questions == NULL)
		return SB_INTERNAL;
	if (answers == NULL)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "answers", "required", "必填");
	else
		rc = survey_answers_check(questions, answers, ar, fail);
	json_decref(questions);
	return rc;
}

int
survey_respond(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct survey_row *row, int64_t household, json_t *answers, struct arena *ar,
	       struct sb_fail *fail)
{
	struct consult_household h;
	bool in = false;
	int rc;

	rc = store_consult_household(st, sc, household, ar, &h);
	if (rc == SB_NOT_FOUND)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "household_id",
			       "no such household in your jurisdiction", "您的辖区内没有该户");
	if (rc == SB_OK)
		rc = store_survey_in_audience(st, &row->ref, household, &in);
	if (rc == SB_OK && !in)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "household_id",
			       "this household is not in the survey's audience",
			       "该户不在本问卷的调查对象之内");
	if (rc == SB_OK && survey_closed(row, who->now))
		rc = sb_refuse(fail, ar, SB_CONFLICT, "id", "the survey is closed", "问卷已结束");
	if (rc == SB_OK)
		rc = check_answers(row, answers, ar, fail);
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_survey_response_insert(st, &row->ref, household, "visit", who->user_id,
					  dump(answers, ar), who->now);
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, SB_CONFLICT, "household_id",
			       "this household has answered already", "该户已经答过本问卷");
	if (rc == SB_OK)
		rc = audit_add(st, who, "respond", "survey", id_text(row->ref.id, ar),
			       row->committee_code,
			       json_pack("{s:I, s:s}", "household_id", (json_int_t)household,
					 "channel", "visit"));
	return store_end(st, rc);
}

int
survey_links_create(struct store *st, const struct actor *who, const struct survey_row *row,
		    const int64_t *households, size_t n, int64_t days, struct arena *ar,
		    struct survey_new_link **links, size_t *nlinks, struct sb_fail *fail)
{
	int64_t *all = NULL;
	bool in;
	size_t i;
	int rc = SB_OK;

	*links = NULL;
	*nlinks = 0;
	if (days < 1 || days > 90)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "days", "a whole number from 1 to 90",
				 "须为 1 至 90 的整数");
	if (survey_closed(row, who->now))
		return sb_refuse(fail, ar, SB_CONFLICT, "id", "the survey is closed", "问卷已结束");
	if (households == NULL) {
		rc = store_survey_unanswered(st, &row->ref, ar, &all, &n);
		households = all;
	}
	for (i = 0; rc == SB_OK && i < n; i++) {
		rc = store_survey_in_audience(st, &row->ref, households[i], &in);
		if (rc == SB_OK && !in)
			rc = sb_refuse(
				fail, ar, SB_BAD_FIELD, "household_ids",
				arena_printf(ar, "household %lld is not in the survey's audience",
					     (long long)households[i]),
				arena_printf(ar, "户 %lld 不在本问卷的调查对象之内",
					     (long long)households[i]));
	}
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	*links = arena_alloc(ar, (n ? n : 1) * sizeof(**links));
	for (i = 0; rc == SB_OK && i < n; i++) {
		struct survey_new_link *l = &(*links)[i];
		char hash[SB_HASH_HEX];

		l->household_id = households[i];
		l->token = arena_alloc(ar, SB_TOKEN_CHARS + 1);
		l->expires_at = who->now + days * 86400;
		crypto_token_new(l->token);
		crypto_token_hash(l->token, hash);
		rc = store_survey_link_insert(st, hash, &row->ref, households[i], who->now,
					      l->expires_at);
		*nlinks = i + 1;
	}
	if (rc == SB_OK)
		rc = audit_add(
			st, who, "links", "survey", id_text(row->ref.id, ar), row->committee_code,
			json_pack("{s:I, s:I}", "links", (json_int_t)n, "days", (json_int_t)days));
	return store_end(st, rc);
}

int
survey_link_open(struct store *st, const char *token, int64_t now, struct arena *ar,
		 struct survey_link *link, struct survey_row *row, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	int rc;

	if (token == NULL || strlen(token) != SB_TOKEN_CHARS) {
		rc = SB_NOT_FOUND;
	} else {
		crypto_token_hash(token, hash);
		rc = store_survey_link_get(st, hash, link);
	}
	if (rc == SB_NOT_FOUND)
		return sb_refuse(fail, ar, rc, "token", "no such survey link", "没有该问卷链接");
	if (rc != SB_OK)
		return rc;
	if (link->used_at)
		return sb_refuse(fail, ar, SB_CONFLICT, "token",
				 "this link has been used; each link works once",
				 "该问卷链接已使用，每个链接只能使用一次");
	if (link->expires_at <= now)
		return sb_refuse(fail, ar, SB_CONFLICT, "token", "this link has expired",
				 "该问卷链接已过期");
	rc = store_survey_row_of_link(st, hash, ar, row);
	if (rc == SB_OK && survey_closed(row, now))
		return sb_refuse(fail, ar, SB_CONFLICT, "token", "the survey is closed",
				 "问卷已结束");
	return rc;
}

int
survey_link_answer(struct store *st, const struct actor *who, const char *token,
		   const struct survey_link *link, const struct survey_row *row, json_t *answers,
		   struct arena *ar, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	int rc = check_answers(row, answers, ar, fail);

	if (rc != SB_OK)
		return rc;
	crypto_token_hash(token, hash);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_survey_link_use(st, hash, who->now);
	if (rc == SB_OK)
		rc = store_survey_response_insert(st, &row->ref, link->household_id, "link", 0,
						  dump(answers, ar), who->now);
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, SB_CONFLICT, "token",
			       "this household has answered already", "该户已经答过本问卷");
	if (rc == SB_OK)
		rc = audit_add(st, who, "respond", "survey", id_text(row->ref.id, ar),
			       row->committee_code,
			       json_pack("{s:I, s:s}", "household_id",
					 (json_int_t)link->household_id, "channel", "link"));
	return store_end(st, rc);
}

int
survey_responses(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct survey_row *row, struct survey_response_list *responses,
		 struct survey_compound **comp, size_t *ncomp)
{
	int rc = store_survey_row(st, sc, id, ar, row);

	if (rc == SB_OK)
		rc = store_survey_responses(st, &row->ref, ar, responses);
	if (rc == SB_OK && comp && ncomp)
		rc = store_survey_audience_by_compound(st, &row->ref, ar, comp, ncomp);
	return rc;
}

int
survey_exported(struct store *st, const struct actor *who, const struct survey_row *row,
		const char *format, size_t rows)
{
	char id[24];
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", (long long)row->ref.id);
	rc = audit_add(st, who, "export", "survey", id, row->committee_code,
		       json_pack("{s:s, s:I}", "format", format, "rows", (json_int_t)rows));
	return store_end(st, rc);
}

int
survey_audience(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct survey_place **out, size_t *n)
{
	struct survey_row row;
	int rc = store_survey_row(st, sc, id, ar, &row);

	if (rc == SB_OK)
		rc = store_survey_audience_places(st, &row.ref, ar, out, n);
	return rc;
}

int
survey_of_household(struct store *st, const struct scope *sc, int64_t household, int64_t now,
		    struct arena *ar, struct household_survey **out, size_t *n)
{
	struct consult_household h;
	int rc = store_consult_household(st, sc, household, ar, &h);

	if (rc == SB_OK)
		rc = store_household_surveys(st, sc, household, today_of(now, ar), ar, out, n);
	return rc;
}
