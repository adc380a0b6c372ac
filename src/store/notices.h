#ifndef SB_STORE_NOTICES_H
#define SB_STORE_NOTICES_H

/* Notices to residents, the webhook's queue and the committee's phone
 * (store/notices.c, queries_projects.def; docs/notices.md). */

#include "store/store.h"

struct notice_new {
	const char *committee_code, *title, *body, *audience; /* audience: its JSON */
	bool urgent;
	int64_t expires_at; /* 0: none */
	int64_t survey_id, meeting_id, created_by, created_at;
};

/* A notice is committee-bound: its reference comes from a scoped read
 * (store_notice_find) or from its insert. */
STORE_REF(notice);
/* A notice of n->committee_code when sc's scope holds it (NOT_FOUND otherwise). */
int store_notice_insert(struct store *st, const struct scope *sc, const struct notice_new *n,
			struct arena *ar, struct notice_ref *out);
/* building 0: the link of the whole notice. */
int store_notice_link_insert(struct store *st, const struct notice_ref *notice, int64_t building,
			     const char *token_hash);
/* The notice id in scope, as a reference; NOT_FOUND when absent or out of scope. */
int store_notice_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct notice_ref *out);
/* A notice as read back, with its links: the whole notice's (building 0)
 * first, then by compound and label. */
struct notice_link {
	int64_t building_id;	      /* 0: the whole notice */
	const char *compound, *label; /* NULL for the whole notice */
	int64_t reads;
};
struct notice {
	int64_t id;
	const char *committee_code, *title, *body;
	bool urgent;
	const char *audience;		  /* its JSON, as kept */
	int64_t expires_at, withdrawn_at; /* 0: none */
	int64_t survey_id, meeting_id;	  /* 0: none */
	int64_t created_by;
	const char *created_by_name; /* NULL when the account is gone */
	int64_t created_at;
	int64_t reads; /* of all its links */
	struct notice_link *links;
	size_t nlinks;
};
struct notice_list {
	struct notice *items;
	size_t n;
};
/* The notice id in scope with its links; NOT_FOUND otherwise. */
int store_notice_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct notice *out);
/* The notices in scope of committee (NULL: any) before before_id (0: the
 * newest), newest first, at most limit, each with its links. */
int store_notice_list(struct store *st, const struct scope *sc, const char *committee,
		      int64_t before_id, int limit, struct arena *ar, struct notice_list *out);
/* expires_at, withdrawn_at: 0 is none. */
int store_notice_state(struct store *st, const struct notice_ref *notice, int64_t *expires_at,
		       int64_t *withdrawn_at);
int store_notice_set_state(struct store *st, const struct notice_ref *notice, int64_t expires_at,
			   int64_t withdrawn_at);
/* The buildings of a committee, of a compound, or of a household, in
 * scope (none, or 0, out of it). */
int store_notice_committee_buildings(struct store *st, const struct scope *sc,
				     const char *committee, struct arena *ar, int64_t **ids,
				     size_t *n);
int store_notice_compound_buildings(struct store *st, const struct scope *sc, int64_t compound,
				    struct arena *ar, int64_t **ids, size_t *n);
int store_notice_household_building(struct store *st, const struct scope *sc, int64_t household,
				    int64_t *building);
/* What a resident's page shows of a notice, by its link. */
struct notice_page {
	int64_t expires_at, withdrawn_at; /* 0: none */
	const char *title, *body;
	bool urgent;
	const char *committee;	     /* its name */
	const char *committee_phone; /* NULL: none */
	const char *building;	     /* compound and label; NULL: the whole notice's link */
	int64_t published_at;
	bool has_survey; /* the survey it points to */
	const char *survey_title, *survey_closes_on;
	bool has_meeting; /* the meeting it points to */
	const char *meeting_topic, *meeting_place;
	int64_t meeting_held_at;
};
/* A resident's page: the notice of the link whose token hashes to hash;
 * NOT_FOUND when none (no scope: the token is the key). */
int store_notice_public(struct store *st, const char *hash, struct arena *ar,
			struct notice_page *out);
int store_notice_read(struct store *st, const char *hash);

/* The webhook's queue. */
struct webhook_item {
	int64_t id;
	const char *event, *payload;
	int attempts;
};
int store_webhook_enqueue(struct store *st, const char *event, const char *payload, int64_t now);
/* The next delivery due at now; NOT_FOUND when none. */
int store_webhook_due(struct store *st, int64_t now, struct arena *ar, struct webhook_item *out);
int store_webhook_done(struct store *st, int64_t id, int64_t now);
int store_webhook_retry(struct store *st, int64_t id, int64_t next_at, const char *error);

/* The committee's phone (NULL when not set). */
int store_committee_phone(struct store *st, const char *committee, struct arena *ar,
			  const char **phone);
int store_committee_phone_put(struct store *st, const char *committee, const char *phone);

/* The expiry of the open feedback link of the issue found (its ref; 0: none
 * open at now). */
int store_issue_link_live(struct store *st, const struct issue_ref *issue, int64_t now,
			  int64_t *expires_at);

#endif
