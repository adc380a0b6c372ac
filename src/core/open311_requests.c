#include <string.h>

#include "core/audit.h"
#include "core/issues.h"
#include "core/open311.h"

/* The Open311 service requests: found, listed and taken in (the api renders
 * them in JSON or XML, api/open311.c). */

int
open311_key_find(struct store *st, const char *api_key, struct arena *ar, struct open311_key *out)
{
	char hash[SB_HASH_HEX];

	crypto_token_hash(api_key, hash);
	return store_open311_key_by_hash(st, hash, ar, out);
}

int
open311_services(struct store *st, struct arena *ar, struct issue_category_list *out)
{
	size_t i, n = 0;
	int rc = store_issue_categories(st, ar, out);

	if (rc != SB_OK)
		return rc;
	for (i = 0; i < out->n; i++)
		if (out->items[i].active)
			out->items[n++] = out->items[i];
	out->n = n;
	return SB_OK;
}

int
open311_service_find(struct store *st, const char *code, struct arena *ar,
		     struct issue_category *out)
{
	int rc = store_issue_category_get(st, code, ar, out);

	if (rc == SB_OK && !out->active)
		return SB_NOT_FOUND;
	return rc;
}

/* The name of an area, ignoring scope (areas are public); NULL when unknown. */
static const char *
area_name(struct store *st, const char *code, struct arena *ar)
{
	const char *name = NULL;

	if (code && store_area_name(st, code, ar, &name) != SB_OK)
		name = NULL;
	return name;
}

/* The agency now responsible: the committee, street or district. */
static const char *
agency(struct store *st, const struct issue *i, struct arena *ar)
{
	const char *street, *district;

	if (strcmp(i->level, "committee") == 0)
		return area_name(st, i->area_code, ar);
	if (store_area_street_district(st, i->area_code, ar, &street, &district) != SB_OK)
		return NULL;
	return area_name(st, strcmp(i->level, "street") == 0 ? street : district, ar);
}

int
open311_requests(struct store *st, const struct open311_filter *f, struct arena *ar,
		 struct open311_request_list *out)
{
	struct issue_list l;
	size_t i;
	int rc = store_open311_requests(st, f, ar, &l);

	out->n = 0;
	out->items = NULL;
	if (rc != SB_OK)
		return rc;
	out->items = arena_alloc(ar, (l.n + 1) * sizeof(*out->items));
	for (i = 0; i < l.n; i++) {
		out->items[i].issue = l.items[i];
		out->items[i].agency = agency(st, &l.items[i], ar);
	}
	out->n = l.n;
	return SB_OK;
}

int
open311_request_find(struct store *st, int64_t id, struct arena *ar, struct open311_request *out)
{
	int rc = store_issue_get_public(st, id, ar, &out->issue);

	if (rc == SB_OK && strcmp(out->issue.channel, "open311") != 0)
		return SB_NOT_FOUND;
	if (rc == SB_OK)
		out->agency = agency(st, &out->issue, ar);
	return rc;
}

/* The place of a request from its address: a compound of the key's
 * district, then a building of it; the key's street otherwise. */
static int
place_of(struct store *st, const struct open311_key *key, struct issue_new *in, struct arena *ar)
{
	const char *street, *district, *committee = NULL;
	int rc = store_area_street_district(st, key->street_code, ar, &street, &district);

	if (rc == SB_OK && in->address && district)
		rc = store_open311_match_compound(st, district, key->street_code, in->address, ar,
						  &in->compound_id, &committee);
	if (rc == SB_OK && in->compound_id) {
		in->committee_code = committee;
		rc = store_open311_match_building(st, in->compound_id, in->address,
						  &in->building_id);
	}
	in->street_code = key->street_code;
	return rc;
}

int
open311_take_in(struct store *st, const struct actor *who, const struct sb_key *seal,
		const struct open311_key *key, const struct issue_category *service,
		struct issue_new *in, struct arena *ar, struct issue *made, struct sb_fail *fail)
{
	struct issue_actor rules = {.via = "open311", .role = ROLE_NONE, .now = who->now};
	int64_t id;
	int rc;

	in->category = service->code;
	rc = place_of(st, key, in, ar);
	if (rc != SB_OK)
		return rc;
	in->open311_key_id = key->id;
	rules.key = seal;
	rules.username = arena_printf(ar, "open311:%s", key->name);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = issue_create(st, NULL, &rules, in, ar, &id, fail);
	if (rc == SB_OK)
		rc = store_open311_key_touch(st, key->id, who->now);
	if (rc == SB_OK)
		rc = store_issue_get_public(st, id, ar, made);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "issue", arena_printf(ar, "%lld", (long long)id),
			       made->area_code,
			       json_pack("{s:s, s:s, s:s}", "channel", "open311", "key", key->name,
					 "category", in->category));
	return store_end(st, rc);
}
