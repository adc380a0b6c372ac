#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/issues.h"
#include "store/notices.h"
#include "util/crypto.h"

/*
 * The desk (issue 15, "One home per feature"): what the issue routes do, each
 * in one transaction of its own, with its audit entry, so that the handlers
 * of api/api_issues.c only parse and render.  The rules themselves (the state
 * machine, deadlines, places) stay in core/issues.c.
 */

/* The rules' view of who acts (core/issues.c). */
static struct issue_actor
rules_actor(const struct issue_caller *caller)
{
	struct issue_actor a = {caller->who.user_id, caller->who.username, NULL,
				caller->role,	     caller->who.now,	   caller->key};

	return a;
}

static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

/* Where an issue's audit entries go: its committee, else its street. */
static const char *
audit_area(const struct issue *i)
{
	return i->committee_code ? i->committee_code : i->street_code;
}

int
issue_category_list(struct store *st, struct arena *ar, struct issue_category_list *out)
{
	return store_issue_categories(st, ar, out);
}

int
issue_category_find(struct store *st, const char *code, struct arena *ar,
		    struct issue_category *out, struct sb_fail *fail)
{
	int rc = store_issue_category_get(st, code, ar, out);

	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, rc, "code", "code: no such category", "code：没有该类别");
	return rc;
}

/* Working days of a deadline: 1 to 250 when given (0: not given).  The
 * messages are static, one per member. */
static int
days_valid(int days, const char *name, struct sb_fail *fail)
{
	static const struct {
		const char *name, *en, *zh;
	} words[] = {
		{"days_committee", "days_committee: working days from 1 to 250",
		 "days_committee：须为 1 至 250 个工作日"},
		{"days_street", "days_street: working days from 1 to 250",
		 "days_street：须为 1 至 250 个工作日"},
		{"days_district", "days_district: working days from 1 to 250",
		 "days_district：须为 1 至 250 个工作日"},
		{"days_urgent", "days_urgent: working days from 1 to 250",
		 "days_urgent：须为 1 至 250 个工作日"},
	};
	size_t k = 0;

	if (days >= 1 && days <= 250)
		return SB_OK;
	while (k + 1 < sizeof(words) / sizeof(words[0]) && strcmp(words[k].name, name) != 0)
		k++;
	return sb_fail(fail, SB_BAD_FIELD, words[k].name, words[k].en, words[k].zh);
}

int
issue_category_change(struct store *st, const struct issue_caller *caller,
		      struct issue_category *category, const struct issue_category_change *change,
		      json_t *detail, struct sb_fail *fail)
{
	const struct {
		const char *name;
		int days;
		int *into;
	} days[] = {
		{"days_committee", change->days_committee, &category->days_committee},
		{"days_street", change->days_street, &category->days_street},
		{"days_district", change->days_district, &category->days_district},
		{"days_urgent", change->days_urgent, &category->days_urgent},
	};
	struct issue_category was = *category;
	size_t k;
	int rc = SB_OK;

	for (k = 0; rc == SB_OK && k < sizeof(days) / sizeof(days[0]); k++) {
		if (days[k].days == 0)
			continue;
		rc = days_valid(days[k].days, days[k].name, fail);
		if (rc == SB_OK)
			*days[k].into = days[k].days;
	}
	if (rc != SB_OK) {
		*category = was;
		json_decref(detail);
		return rc;
	}
	if (change->name)
		category->name = change->name;
	if (change->name_en)
		category->name_en = change->name_en;
	if (change->description)
		category->description = change->description;
	if (change->has_active)
		category->active = change->active;
	rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_issue_category_update(st, category);
	/* Categories are the city's: their audit entries go to Shanghai ("31"). */
	if (rc == SB_OK)
		rc = audit_add(st, &caller->who, "update", "issue_category", category->code, "31",
			       detail);
	else
		json_decref(detail);
	return store_end(st, rc);
}

int
issue_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	   struct issue *out)
{
	return store_issue_get(st, sc, id, ar, out);
}

int
issue_read(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	   struct issue_view *out)
{
	int rc = store_issue_get(st, sc, id, ar, &out->issue);

	if (rc == SB_OK)
		rc = store_issue_events(st, &out->issue.ref, ar, &out->events);
	return rc;
}

int
issue_take_in(struct store *st, const struct scope *sc, const struct issue_caller *caller,
	      const struct issue_new *in, struct arena *ar, struct issue_view *out,
	      struct sb_fail *fail)
{
	struct issue_actor who = rules_actor(caller);
	int64_t id;
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = issue_create(st, sc, &who, in, ar, &id, fail);
	if (rc == SB_OK)
		rc = issue_read(st, sc, id, ar, out);
	if (rc == SB_OK)
		rc = audit_add(
			st, &caller->who, "create", "issue", id_text(ar, id),
			audit_area(&out->issue),
			json_pack("{s:s, s:s}", "category", in->category, "channel", in->channel));
	return store_end(st, rc);
}

int
issue_change(struct store *st, const struct scope *sc, const struct issue_caller *caller,
	     int64_t id, const struct issue_patch *p, json_t *detail, struct arena *ar,
	     struct issue_view *out, struct sb_fail *fail)
{
	struct issue_actor who = rules_actor(caller);
	int rc = store_begin(st);

	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = issue_update(st, sc, &who, id, p, ar, fail);
	if (rc == SB_OK)
		rc = issue_read(st, sc, id, ar, out);
	if (rc == SB_OK)
		rc = audit_add(st, &caller->who, "update", "issue", id_text(ar, id),
			       audit_area(&out->issue), detail);
	else
		json_decref(detail);
	return store_end(st, rc);
}

int
issue_take_step(struct store *st, const struct scope *sc, const struct issue_caller *caller,
		int64_t id, const struct issue_step *step, struct arena *ar, struct issue_view *out,
		struct issue_step_result *res, struct sb_fail *fail)
{
	struct issue_actor who = rules_actor(caller);
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = issue_step(st, sc, &who, id, step, ar, res, fail);
	if (rc == SB_OK)
		rc = issue_read(st, sc, id, ar, out);
	if (rc == SB_OK)
		rc = audit_add(st, &caller->who, issue_action_name(step->action), "issue",
			       id_text(ar, id), audit_area(&out->issue),
			       json_pack("{s:s, s:s}", "status", out->issue.status, "level",
					 out->issue.level));
	return store_end(st, rc);
}

int
issue_queue_filter(struct store *st, const struct scope *sc, struct issue_filter *f,
		   const char *area_field, struct arena *ar, struct sb_fail *fail)
{
	int rc;

	if (f->category) {
		struct issue_category c;

		rc = store_issue_category_get(st, f->category, ar, &c);
		if (rc == SB_NOT_FOUND)
			return sb_refuse(fail, ar, SB_BAD_QUERY, "category", "no such category",
					 "没有该类别");
		if (rc != SB_OK)
			return rc;
		f->category = c.code;
	}
	if (f->area) {
		struct area a;

		rc = store_area_get(st, sc, f->area, ar, &a);
		if (rc == SB_NOT_FOUND)
			return sb_refuse(fail, ar, SB_BAD_QUERY, area_field,
					 "no such area in your jurisdiction",
					 "您的辖区内没有该区划");
		if (rc != SB_OK)
			return rc;
		f->area = a.code;
	}
	return SB_OK;
}

int
issue_queue(struct store *st, const struct scope *sc, const struct issue_filter *f,
	    struct arena *ar, struct issue_list *out, int64_t *total)
{
	return store_issue_list(st, sc, f, ar, out, total);
}

/* The link's refusal of an unknown token, as the feedback page says it. */
static int
no_link(struct sb_fail *fail)
{
	return sb_fail(fail, SB_NOT_FOUND, "token", "token: no such feedback link",
		       "token：没有该评价链接");
}

int
issue_feedback_record(struct store *st, const struct issue_caller *caller, const char *token,
		      int satisfaction, const char *comment, struct arena *ar, bool *reopened,
		      struct sb_fail *fail)
{
	struct issue i;
	int64_t id = 0;
	int rc = store_begin(st);

	*reopened = false;
	if (rc != SB_OK)
		return rc;
	rc = issue_link_feedback(st, token, satisfaction, comment, caller->who.now, ar, &id, fail);
	if (rc == SB_OK)
		rc = store_issue_get_public(st, id, ar, &i);
	if (rc == SB_OK)
		rc = audit_add(st, &caller->who, "feedback", "issue", id_text(ar, id), i.area_code,
			       json_pack("{s:s, s:I}", "via", "link", "satisfaction",
					 (json_int_t)satisfaction));
	rc = store_end(st, rc);
	if (rc == SB_NOT_FOUND)
		return no_link(fail);
	if (rc == SB_OK)
		*reopened = strcmp(i.status, "reopened") == 0;
	return rc;
}

int
issue_feedback_link_again(struct store *st, const struct issue_caller *caller,
			  const struct issue_ref *issue, struct arena *ar,
			  char token[SB_TOKEN_CHARS + 1], int64_t *expires_at, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	int rc;

	*expires_at = 0;
	rc = store_issue_link_live(st, issue, caller->who.now, expires_at);
	if (rc == SB_OK && *expires_at == 0)
		rc = sb_fail(fail, SB_CONFLICT, "id",
			     "no feedback link is open: the issue is not resolved, or its feedback "
			     "is in, or its link expired",
			     "没有可用的评价链接：诉求尚未办结、已评价或链接已过期");
	if (rc != SB_OK)
		return rc;
	crypto_token_new(token);
	crypto_token_hash(token, hash);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_issue_link_insert(st, hash, issue, caller->who.now, *expires_at);
	/* The issue's committee, or its street while unplaced (its ref's area). */
	if (rc == SB_OK)
		rc = audit_add(st, &caller->who, "feedback_link_again", "issue",
			       id_text(ar, issue->id), issue->committee, NULL);
	return store_end(st, rc);
}

int
issue_receipt_find(struct store *st, const char *receipt_no, const char *last4, int64_t now,
		   struct arena *ar, struct issue_receipt *out, struct sb_fail *fail)
{
	int rc = store_issue_receipt_public(st, receipt_no, last4, now, ar, out);

	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, rc, "receipt_no",
			       "no issue with this receipt number and phone",
			       "没有找到与该受理编号和电话相符的诉求");
	return rc;
}
