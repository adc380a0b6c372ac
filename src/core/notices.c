#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/notices.h"
#include "util/clock.h"

/* The JSON array of ids (the audience as kept). */
static json_t *
json_ids(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

void
notice_token(const struct sb_key *key, int64_t notice, int64_t building,
	     char out[NOTICE_TOKEN_CHARS + 1])
{
	char what[64];

	snprintf(what, sizeof(what), "notice:%lld:%lld", (long long)notice, (long long)building);
	crypto_blind_index(key, what, out);
}

enum notice_state
notice_state_at(int64_t expires_at, int64_t withdrawn_at, int64_t now)
{
	if (withdrawn_at)
		return NOTICE_WITHDRAWN;
	if (expires_at && expires_at <= now)
		return NOTICE_EXPIRED;
	return NOTICE_OPEN;
}

/* ---- what the API does with a notice ---- */

int
notice_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	    struct notice_ref *out)
{
	return store_notice_find(st, sc, id, ar, out);
}

int
notice_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	   struct notice *out)
{
	return store_notice_get(st, sc, id, ar, out);
}

int
notice_list(struct store *st, const struct scope *sc, const char *committee, int64_t cursor,
	    int limit, struct arena *ar, struct notice_list *out, struct sb_fail *fail)
{
	int rc = SB_OK;

	if (committee)
		rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_QUERY, ar,
					   fail);
	if (rc == SB_OK)
		rc = store_notice_list(st, sc, committee, cursor, limit, ar, out);
	return rc;
}

/* The id as text, for the audit. */
static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

/* An expiry: a time to come. */
static int
expiry_of(const char *text, int64_t now, int64_t *at, struct arena *ar, struct sb_fail *fail)
{
	if (!clock_parse_time(text, at) || *at <= now)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "expires_at", "a time to come (RFC 3339)",
				 "须为将来的时间（RFC 3339）");
	return SB_OK;
}

/* The buildings of an audience, a set (a committee has at most a few
 * hundred buildings: a linear search is enough). */
struct building_set {
	int64_t *ids;
	size_t n, cap;
};

static int
add_buildings(struct building_set *set, const int64_t *ids, size_t k, struct arena *ar,
	      struct sb_fail *fail)
{
	size_t i, j;

	for (i = 0; i < k; i++) {
		for (j = 0; j < set->n && set->ids[j] != ids[i]; j++)
			;
		if (j < set->n)
			continue;
		if (set->n == NOTICE_MAX_BUILDINGS)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "audience",
					 "more than 2000 buildings", "超过 2000 个楼栋");
		*(int64_t *)arena_push(ar, &set->ids, &set->n, &set->cap, sizeof(*set->ids)) =
			ids[i];
	}
	return SB_OK;
}

/* The households a filter of the audience picks: their buildings. */
static int
filter_buildings(struct store *st, const struct scope *sc, const char *committee, json_t *j,
		 const char *today, struct building_set *set, json_t *kept, struct arena *ar,
		 struct sb_fail *fail)
{
	const char *cursor = NULL, *next = NULL;
	struct filter f;
	int64_t total = 0, building, *ids;
	size_t n, i;
	int rc;

	rc = filter_from_json(st, j, today, ar, &f, fail);
	if (rc != SB_OK)
		return sb_fail(
			fail, rc,
			arena_printf(ar, "audience.filter.%s", fail->field ? fail->field : ""),
			fail->en, fail->zh);
	if (f.committee_code && strcmp(f.committee_code, committee) != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "audience.filter.committee_code",
				 "must be the notice's committee", "须为公告所属居委会");
	f.committee_code = committee;
	rc = committee_check_filter(st, sc, &f, committee, "audience.filter", ar, fail);
	while (rc == SB_OK) {
		rc = store_filter_households(st, sc, &f, cursor, 500, ar, &ids, &n, &total, &next);
		for (i = 0; rc == SB_OK && i < n; i++) {
			rc = store_notice_household_building(st, sc, ids[i], &building);
			if (rc == SB_OK)
				rc = add_buildings(set, &building, 1, ar, fail);
		}
		if (next == NULL)
			break;
		cursor = next;
	}
	if (rc == SB_OK && total == 0)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "audience.filter", "matches no household",
			       "没有符合条件的住户");
	if (rc == SB_OK)
		json_object_set_new(kept, "filter", filter_to_json(&f));
	return rc;
}

/* The audience's buildings into set, and its JSON as kept with the notice. */
static int
audience_buildings(struct store *st, const struct scope *sc, const struct actor *who,
		   const char *committee, const struct notice_audience *a, struct building_set *set,
		   const char **kept, struct arena *ar, struct sb_fail *fail)
{
	json_t *stored = json_object();
	char today[11], *text;
	int64_t *ids;
	size_t n, i;
	int rc = SB_OK;

	if (a->has_compounds) {
		rc = committee_check_rows(st, sc, "compound", committee, "audience.compound_ids",
					  a->compound_ids, a->ncompounds, ar, fail);
		for (i = 0; rc == SB_OK && i < a->ncompounds; i++) {
			rc = store_notice_compound_buildings(st, sc, a->compound_ids[i], ar, &ids,
							     &n);
			if (rc == SB_OK)
				rc = add_buildings(set, ids, n, ar, fail);
		}
		if (rc == SB_OK)
			json_object_set_new(stored, "compound_ids",
					    json_ids(a->compound_ids, a->ncompounds));
	}
	if (rc == SB_OK && a->has_buildings) {
		rc = committee_check_rows(st, sc, "building", committee, "audience.building_ids",
					  a->building_ids, a->nbuildings, ar, fail);
		if (rc == SB_OK)
			rc = add_buildings(set, a->building_ids, a->nbuildings, ar, fail);
		if (rc == SB_OK)
			json_object_set_new(stored, "building_ids",
					    json_ids(a->building_ids, a->nbuildings));
	}
	if (rc == SB_OK && a->filter) {
		ident_today(who->now, today);
		rc = filter_buildings(st, sc, committee, a->filter, arena_strdup(ar, today), set,
				      stored, ar, fail);
	}
	if (rc == SB_OK && json_object_size(stored) == 0) {
		rc = store_notice_committee_buildings(st, sc, committee, ar, &ids, &n);
		if (rc == SB_OK)
			rc = add_buildings(set, ids, n, ar, fail);
	}
	if (rc == SB_OK) {
		text = json_dumps(stored, JSON_COMPACT);
		*kept = text ? arena_strdup(ar, text) : NULL;
		rc = text ? SB_OK : SB_INTERNAL;
		free(text);
	}
	json_decref(stored);
	return rc;
}

/* The webhook's payload (docs/notices.md, "Delivery"): the notice and its
 * links (paths; the receiver knows the site's address).  It is the
 * webhook's wire format, kept in the queue with the notice's transaction,
 * so it is made here rather than in the API. */
static int
webhook_enqueue_notice(struct store *st, const struct scope *sc, const struct notice_input *in,
		       const struct notice_new *n, int64_t id, const struct building_set *set,
		       struct arena *ar)
{
	char token[NOTICE_TOKEN_CHARS + 1], published[CLOCK_UTC_LEN], expires[CLOCK_UTC_LEN];
	struct area area = {0};
	json_t *links, *payload;
	char *text;
	size_t i;
	int rc;

	rc = store_area_get(st, sc, n->committee_code, ar, &area);
	if (rc != SB_OK)
		return rc;
	links = json_array();
	for (i = 0; i < set->n; i++) {
		notice_token(in->key, id, set->ids[i], token);
		json_array_append_new(links,
				      json_pack("{s:I, s:s+}", "building_id",
						(json_int_t)set->ids[i], "path", "/#/n/", token));
	}
	notice_token(in->key, id, 0, token);
	clock_format_utc(n->created_at, published);
	if (n->expires_at)
		clock_format_utc(n->expires_at, expires);
	payload = json_pack("{s:s, s:{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s?, s:s+, s:o}}",
			    "event", "notice.published", "notice", "id", (json_int_t)id,
			    "committee_code", n->committee_code, "committee", area.name, "title",
			    n->title, "body", n->body, "urgent", n->urgent, "published_at",
			    published, "expires_at", n->expires_at ? expires : NULL, "path",
			    "/#/n/", token, "buildings", links);
	if (payload == NULL)
		return SB_INTERNAL;
	text = json_dumps(payload, JSON_COMPACT);
	json_decref(payload);
	rc = store_webhook_enqueue(st, "notice.published", text, n->created_at);
	free(text);
	return rc;
}

int
notice_create(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct notice_input *in, struct arena *ar, struct notice *out,
	      struct sb_fail *fail)
{
	const char *committee = in->committee_code;
	struct notice_new n = {0};
	struct notice_ref notice;
	struct building_set set = {0};
	char token[NOTICE_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
	size_t i;
	int rc;

	n.committee_code = committee;
	n.title = in->title;
	n.body = in->body;
	n.urgent = in->urgent;
	n.survey_id = in->survey_id;
	n.meeting_id = in->meeting_id;
	n.created_by = who->user_id;
	n.created_at = who->now;
	rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_FIELD, ar, fail);
	if (rc == SB_OK && in->expires_at)
		rc = expiry_of(in->expires_at, who->now, &n.expires_at, ar, fail);
	if (rc == SB_OK && n.survey_id)
		rc = committee_check_row(st, sc, "survey", committee, "survey_id", n.survey_id, ar,
					 fail);
	if (rc == SB_OK && n.meeting_id)
		rc = committee_check_row(st, sc, "meeting", committee, "meeting_id", n.meeting_id,
					 ar, fail);
	if (rc == SB_OK)
		rc = audience_buildings(st, sc, who, committee, &in->audience, &set, &n.audience,
					ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_notice_insert(st, sc, &n, ar, &notice);
	/* a link per building, and the last (building 0) for the whole notice */
	for (i = 0; rc == SB_OK && i <= set.n; i++) {
		int64_t building = i < set.n ? set.ids[i] : 0;

		notice_token(in->key, notice.id, building, token);
		crypto_token_hash(token, hash);
		rc = store_notice_link_insert(st, &notice, building, hash);
	}
	if (rc == SB_OK && in->webhook)
		rc = webhook_enqueue_notice(st, sc, in, &n, notice.id, &set, ar);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "notice", id_text(ar, notice.id), committee,
			       json_pack("{s:s, s:b, s:i}", "title", n.title, "urgent", n.urgent,
					 "buildings", (int)set.n));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_notice_get(st, sc, notice.id, ar, out);
	return rc;
}

int
notice_update(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct notice_ref *notice, const struct notice_change *in, json_t *detail,
	      struct arena *ar, struct notice *out, struct sb_fail *fail)
{
	int64_t expires = 0, withdrawn = 0;
	int rc = store_notice_state(st, notice, &expires, &withdrawn);

	if (rc == SB_OK && in->set_expires) {
		expires = 0;
		if (in->expires_at)
			rc = expiry_of(in->expires_at, who->now, &expires, ar, fail);
	}
	/* withdrawn again keeps the first withdrawal's time */
	if (in->set_withdrawn)
		withdrawn = in->withdrawn ? (withdrawn ? withdrawn : who->now) : 0;
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_notice_set_state(st, notice, expires, withdrawn);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "notice", id_text(ar, notice->id),
			       notice->committee, detail);
	else
		json_decref(detail);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_notice_get(st, sc, notice->id, ar, out);
	return rc;
}

int
notice_read(struct store *st, const char *token, int64_t now, struct arena *ar,
	    struct notice_page *out, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	enum notice_state state;
	int rc;

	crypto_token_hash(token, hash);
	rc = store_notice_public(st, hash, ar, out);
	if (rc != SB_OK)
		return rc;
	state = notice_state_at(out->expires_at, out->withdrawn_at, now);
	if (state != NOTICE_OPEN)
		return sb_fail(fail, SB_CONFLICT, "token",
			       state == NOTICE_EXPIRED ? "this notice has expired"
						       : "this notice was withdrawn",
			       state == NOTICE_EXPIRED ? "这则公告已过期" : "这则公告已撤回");
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_end(st, store_notice_read(st, hash));
	return rc;
}

int
notice_delivery_due(struct store *st, int64_t now, struct arena *ar, struct webhook_item *out)
{
	return store_webhook_due(st, now, ar, out);
}

int
notice_delivery_settle(struct store *st, int64_t id, bool delivered, int64_t now, int64_t next_at,
		       const char *error)
{
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	if (delivered)
		rc = store_webhook_done(st, id, now);
	else
		rc = store_webhook_retry(st, id, next_at, error);
	return store_end(st, rc);
}

int
committee_phone_get(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
		    const char **phone)
{
	int rc = committee_check_found(st, sc, code, ar);

	*phone = NULL;
	if (rc == SB_OK)
		rc = store_committee_phone(st, code, ar, phone);
	return rc;
}

int
committee_phone_set(struct store *st, const struct scope *sc, const struct actor *who,
		    const char *code, const char *phone, struct arena *ar)
{
	int rc = committee_check_found(st, sc, code, ar);

	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_committee_phone_put(st, code, phone);
	if (rc == SB_OK)
		rc = audit_add(st, who, "set_phone", "committee", code, code,
			       json_pack("{s:s?}", "phone", phone));
	return store_end(st, rc);
}
