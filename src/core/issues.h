#ifndef SB_ISSUES_H
#define SB_ISSUES_H

/*
 * Residents' problems (解百家忧): intake by any worker (全岗通), a state
 * machine kept as a table, escalation committee → street → district with a
 * deadline per level in working days, feedback (by a worker or through a
 * one-time link) and the figures.  See docs/issues.md.
 *
 * The rules (issue_create, issue_update, issue_step, the feedback link) run
 * inside the caller's transaction; the desk at the end of this header
 * (core/issue_desk.c) opens its own around them.  All return enum sb_err; a
 * refusal fills the struct sb_fail with the field at fault and a message in
 * English and Chinese (strings in the arena or static).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/consult.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"

enum issue_status {
	IS_RECEIVED,
	IS_ACCEPTED,
	IS_IN_PROGRESS,
	IS_RESOLVED,
	IS_CLOSED,
	IS_REOPENED,
	IS_COUNT,
};

enum issue_action {
	IA_ACCEPT,
	IA_ASSIGN,
	IA_START,
	IA_NOTE,
	IA_ESCALATE,
	IA_RETURN,
	IA_RESOLVE,
	IA_FEEDBACK,
	IA_REOPEN,
	IA_CLOSE,
	IA_HOTLINE_HANDOFF,
	IA_HOTLINE_RETURN,
	IA_COUNT,
};

enum issue_level {
	IL_COMMITTEE,
	IL_STREET,
	IL_DISTRICT,
	IL_COUNT,
};

/* Who may take a step, besides the least role. */
enum issue_level_rule {
	LR_ANY,	 /* anyone who sees the issue */
	LR_OWN,	 /* the caller works at the issue's level */
	LR_UP,	 /* LR_OWN, and there is a level above */
	LR_DOWN, /* LR_OWN, and there is a level below */
};

/* Members of an event body, as bits. */
#define IF_NOTE 0x01
#define IF_REASON 0x02
#define IF_ASSIGNEE 0x04
#define IF_SATISFACTION 0x08
#define IF_COMMENT 0x10
#define IF_HOTLINE 0x20
#define IF_COMMITTEE 0x40

/* One cell of the transition table. */
struct issue_rule {
	bool legal;
	enum issue_status to;
	enum role min_role;
	enum issue_level_rule level_rule;
	unsigned required; /* IF_* members the step needs */
	unsigned allowed;  /* IF_* members it may carry (required included) */
};

/* Names on the wire; NULL (or -1 from a parse) when out of range. */
const char *issue_status_name(enum issue_status s);
const char *issue_action_name(enum issue_action a);
const char *issue_level_name(enum issue_level l);
int issue_status_parse(const char *s);
int issue_action_parse(const char *s);
int issue_level_parse(const char *s);
/* Whether a status counts as open (received, accepted, in progress, reopened). */
bool issue_status_open(enum issue_status s);
/* The level a role works at: committee for workers and heads, street,
 * district; -1 for an admin (every level) and for ROLE_NONE. */
int issue_role_level(enum role r);

/* The cell of the table for (from, action); .legal false when the step is
 * not allowed from that status. */
struct issue_rule issue_transition(enum issue_status from, enum issue_action a);

/* Whether a caller of role may take a legal step a on an issue at level:
 * SB_OK, SB_FORBIDDEN (role below the rule's least role) or SB_CONFLICT (the
 * issue is not at the caller's level, or there is no level above or below),
 * with the reason in fail. */
int issue_may(const struct issue_rule *r, enum issue_action a, enum role role,
	      enum issue_level level, struct arena *ar, struct sb_fail *fail);

/* The working days a category gives a level (urgent: its urgent deadline). */
int issue_category_days(const struct issue_category *c, enum issue_level level, bool urgent);

/* The deadline of a level taken on at unix time start: the working day
 * n = issue_category_days() working days after the day of start in
 * Asia/Shanghai (start on a day off counts from the next working day), and
 * *due_at the end of that day (24:00 Asia/Shanghai) in unix seconds. */
int issue_due(struct store *st, const struct issue_category *c, enum issue_level level, bool urgent,
	      int64_t start, char due_date[11], int64_t *due_at);

/* The receipt number of an issue: SB-YYYY-NNNNNN (year of created_at in
 * Asia/Shanghai, the id zero-padded to at least six digits). */
void issue_receipt_no(int64_t id, int64_t created_at, char out[32]);

/* Who acts. */
struct issue_actor {
	int64_t user_id; /* 0: no user (Open311, the feedback link) */
	const char *username;
	const char *via; /* NULL, "open311", "link" */
	enum role role;
	int64_t now;
	const struct sb_key *key;
};

/* An intake.  Numbers 0 and strings NULL are "not given". */
struct issue_new {
	const char *category;
	const char *description;
	const char *channel;
	const char *priority; /* NULL: normal */
	const char *committee_code;
	int64_t compound_id, building_id, household_id, resident_id;
	const char *address;
	const char *reporter_name;
	const char *reporter_phone;
	bool has_location;
	double lat, lon;
	int64_t assignee_id;
	const char *hotline_no;
	int64_t received_at; /* 0: now */
	/* Open311 only: the key, and the street that takes an unplaced request. */
	int64_t open311_key_id;
	const char *street_code;
};

/* Takes in an issue.  With a scope, every place and reporter named must lie
 * in it (BAD_FIELD naming the member otherwise); without (Open311) the place
 * was found by the caller, and in->street_code is the key's street: the
 * store takes the issue only under that street or its district
 * (store_issue_insert_open311).  Records the "create" event.  *id gets the
 * issue. */
int issue_create(struct store *st, const struct scope *sc, const struct issue_actor *who,
		 const struct issue_new *in, struct arena *ar, int64_t *id, struct sb_fail *fail);

/* A PATCH: the members given change (category and priority move the
 * deadline of the current level); recorded as an "update" event. */
struct issue_patch {
	const char *category;
	const char *priority;
	const char *description;
	const char *address;
	bool address_null;
};
int issue_update(struct store *st, const struct scope *sc, const struct issue_actor *who,
		 int64_t id, const struct issue_patch *p, struct arena *ar, struct sb_fail *fail);

/* A step of the state machine (POST /issues/{id}/events). */
struct issue_step {
	enum issue_action action;
	unsigned given; /* IF_* members present */
	const char *note, *reason, *comment, *hotline_no, *committee_code;
	int64_t assignee_id;
	int satisfaction;
};

/* What a step hands back: on a resolve, the one-time feedback token (shown
 * once; only its hash is kept) and its expiry. */
struct issue_step_result {
	char feedback_token[SB_TOKEN_CHARS + 1];
	int64_t feedback_expires_at;
};

#define ISSUE_FEEDBACK_DAYS 14

int issue_step(struct store *st, const struct scope *sc, const struct issue_actor *who, int64_t id,
	       const struct issue_step *step, struct arena *ar, struct issue_step_result *res,
	       struct sb_fail *fail);

/* The feedback link: the issue behind a token (NOT_FOUND when unknown;
 * CONFLICT when used, revoked or expired, with the reason in fail). */
int issue_link_issue(struct store *st, const char *token, int64_t now, struct arena *ar,
		     struct issue *out, struct sb_fail *fail);
/* Records the resident's feedback through a link, once. */
int issue_link_feedback(struct store *st, const char *token, int satisfaction, const char *comment,
			int64_t now, struct arena *ar, int64_t *issue_id, struct sb_fail *fail);

/* The figures: quantiles by linear interpolation between the closest ranks
 * (R's type 7, numpy's default) of a sorted array: position (n - 1) * p. */
double issue_quantile(const double *sorted, size_t n, double p);

struct issue_duration_stats {
	size_t count;
	double median, p90; /* hours; valid when count > 0 */
};

/* Sorts v (n values, hours) in place and fills the count, median and p90. */
void issue_duration_stats(double *v, size_t n, struct issue_duration_stats *out);

struct issue_area_count {
	const char *code;
	const char *name;
	const char *level;
	int64_t total, open, overdue;
};

struct issue_hotspot {
	const char *category;
	const char *category_name;
	int64_t compound_id;
	const char *compound_name;
	const char *committee_code;
	int64_t count;
};

#define ISSUE_HOTSPOTS_PER_CATEGORY 3

struct issue_figures {
	int64_t total;
	int64_t by_status[IS_COUNT];
	int64_t by_level[IL_COUNT];
	struct issue_category_list categories; /* every category, in order */
	int64_t *by_category;		       /* indexed like categories */
	struct issue_area_count *by_area;      /* the child areas of the area */
	size_t nareas;
	int64_t escalated;    /* issues that went up at least once */
	int64_t overdue_open; /* open and past their deadline now */
	struct issue_duration_stats to_accept, to_resolve;
	int64_t resolved, resolved_on_time;
	int64_t feedback_count; /* feedback steps (also those that reopened) */
	double satisfaction_sum;
	struct issue_hotspot *hotspots; /* by category order, most first */
	size_t nhotspots;
};

/* One issue as the figures see it (a row of the store's scan). */
struct issue_fig_input {
	enum issue_status status;
	enum issue_level level;
	int category_index;				      /* -1: unknown */
	int area_index;					      /* -1: in no child area */
	int64_t created_at, accepted_at, resolved_at, due_at; /* 0: not yet */
	int escalations;
	int64_t feedback_count, feedback_sum; /* every feedback step */
};

/* Folds one issue into the figures (now decides what is overdue); the
 * duration arrays are grown in the arena.  issue_figures_finish sorts them
 * into the statistics. */
struct issue_fig_acc {
	double *accept, *resolve;
	size_t naccept, nresolve, cap_accept, cap_resolve;
};
void issue_figures_add(struct issue_figures *f, struct issue_fig_acc *acc,
		       const struct issue_fig_input *in, int64_t now, struct arena *ar);
void issue_figures_finish(struct issue_figures *f, struct issue_fig_acc *acc);

/* Computes the figures of the issues taken in from from to to (unix
 * seconds, to exclusive) under area (already checked to be in scope; the
 * store checks it again against sc: nothing is counted outside it). */
int issue_figures(struct store *st, const struct scope *sc, const char *area, int64_t from,
		  int64_t to, int64_t now, struct arena *ar, struct issue_figures *out);

/*
 * The desk: what a request does with issues, each in one transaction of its
 * own (core/issue_desk.c).  These open and close the transaction, write the
 * audit entry of the change (core/audit.h) and read back what the caller
 * shows, so that a handler parses, calls one of them and renders.
 */

/* Who calls the desk: the actor of the audit log, the role the rules check
 * and the key that seals a reporter's phone. */
struct issue_caller {
	struct actor who;
	enum role role;
	const struct sb_key *key;
};

/* An issue with its timeline, as GET /issues/{id} shows it. */
struct issue_view {
	struct issue issue;
	struct issue_event_list events;
};

/* Every category, in display order. */
int issue_category_list(struct store *st, struct arena *ar, struct issue_category_list *out);
/* The category of code; NOT_FOUND naming "code" when unknown. */
int issue_category_find(struct store *st, const char *code, struct arena *ar,
			struct issue_category *out, struct sb_fail *fail);

/* A PATCH of a category: strings NULL and days 0 are "not given"; has_active
 * says whether active is. */
struct issue_category_change {
	const char *name, *name_en, *description;
	int days_committee, days_street, days_district, days_urgent;
	bool has_active, active;
};
/* Changes category (found by issue_category_find) as change says (days
 * from 1 to 250: BAD_FIELD naming the member otherwise), audited as
 * "update" with detail (a JSON object, stolen; may be NULL). */
int issue_category_change(struct store *st, const struct issue_caller *caller,
			  struct issue_category *category,
			  const struct issue_category_change *change, json_t *detail,
			  struct sb_fail *fail);

/* The issue id in scope, without its timeline; NOT_FOUND outside the scope
 * (a route names it before it reads the body: out of scope is absent). */
int issue_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct issue *out);

/* The issue id in scope with its timeline; NOT_FOUND outside the scope. */
int issue_read(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct issue_view *out);

/* issue_create in a transaction of its own, audited ("create", its category
 * and channel); *out gets the issue as taken in. */
int issue_take_in(struct store *st, const struct scope *sc, const struct issue_caller *caller,
		  const struct issue_new *in, struct arena *ar, struct issue_view *out,
		  struct sb_fail *fail);
/* issue_update in a transaction of its own, audited ("update" with detail,
 * a JSON object stolen, may be NULL); *out gets the issue as changed. */
int issue_change(struct store *st, const struct scope *sc, const struct issue_caller *caller,
		 int64_t id, const struct issue_patch *p, json_t *detail, struct arena *ar,
		 struct issue_view *out, struct sb_fail *fail);
/* issue_step in a transaction of its own, audited (the action, with the
 * status and level reached); *out gets the issue after the step. */
int issue_take_step(struct store *st, const struct scope *sc, const struct issue_caller *caller,
		    int64_t id, const struct issue_step *step, struct arena *ar,
		    struct issue_view *out, struct issue_step_result *res, struct sb_fail *fail);

/* The category and the area a queue's filter names (codes as given, NULL
 * when not): the category must exist and the area lie in sc (BAD_QUERY
 * naming "category", or area_field: "area" or "committee_code").  Each
 * becomes the code as stored. */
int issue_queue_filter(struct store *st, const struct scope *sc, struct issue_filter *f,
		       const char *area_field, struct arena *ar, struct sb_fail *fail);
/* A page of the queue in sc by f (its category and area checked by
 * issue_queue_filter), at most f->limit, and the total of the whole filter. */
int issue_queue(struct store *st, const struct scope *sc, const struct issue_filter *f,
		struct arena *ar, struct issue_list *out, int64_t *total);

/* The resident's feedback through a link, in a transaction of its own,
 * audited ("feedback" via the link).  NOT_FOUND naming "token" for an
 * unknown link; *reopened whether the feedback reopened the issue. */
int issue_feedback_record(struct store *st, const struct issue_caller *caller, const char *token,
			  int satisfaction, const char *comment, struct arena *ar, bool *reopened,
			  struct sb_fail *fail);

/* A new feedback link for the issue found (issue_find), beside the open
 * one and with its expiry (only a token's hash is kept), audited
 * ("feedback_link_again").  CONFLICT naming "id" when no link is open.
 * token gets the new token (shown once). */
int issue_feedback_link_again(struct store *st, const struct issue_caller *caller,
			      const struct issue_ref *issue, struct arena *ar,
			      char token[SB_TOKEN_CHARS + 1], int64_t *expires_at,
			      struct sb_fail *fail);

/* The resident's page without login (issue 17): the progress of the issue
 * with this receipt number reported with a phone ending in last4 (four
 * digits, checked by the caller).  An unknown receipt and wrong digits are
 * the same NOT_FOUND, naming "receipt_no". */
int issue_receipt_find(struct store *st, const char *receipt_no, const char *last4, int64_t now,
		       struct arena *ar, struct issue_receipt *out, struct sb_fail *fail);

/* The figures of GET /reports/issues (core/reports/issues.c). */
struct issue_report {
	struct area area;
	char from_date[11], to_date[11]; /* Shanghai days, both included */
	struct issue_figures figures;
};
/* The area of the figures: area (NULL: the caller's one area; BAD_QUERY
 * naming "area" when it has several) in sc, NOT_FOUND naming "area" outside. */
int issue_report_area(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		      struct area *out, struct sb_fail *fail);

/* The period asked for: [from, to) in unix seconds, each bound optional. */
struct issue_period {
	bool has_from, has_to;
	int64_t from, to;
};
/* The figures of area (found by issue_report_area) for the period: without
 * to, up to the end of today; without from, the thirty days before to.
 * BAD_QUERY naming "from" when from is not before to. */
int issue_report(struct store *st, const struct scope *sc, const struct area *area,
		 const struct issue_period *period, int64_t now, struct arena *ar,
		 struct issue_report *out, struct sb_fail *fail);

#endif
