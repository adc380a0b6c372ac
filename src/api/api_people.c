/* Light accounts for building leaders and volunteers (docs/accounts.md,
 * "Light accounts"): what a helper reads of its buildings, and the check
 * the writes it may make share. */
#include <string.h>

#include "api/api.h"
#include "core/people.h"
#include "core/scope_checks.h"

int
api_helper_has(struct request *rq, const char *kind, int64_t id, const char *field)
{
	struct sb_fail fail = {0};
	int rc = scope_check_helper_has(rq->store, rq->user.id, kind, id, field, &rq->arena, &fail);

	return api_fail(rq, rc, &fail);
}

static int
answer_array(struct response *rs, int rc, const char *text)
{
	json_t *items;

	if (rc != SB_OK)
		return rc;
	items = text ? json_loads(text, 0, NULL) : json_array();
	if (items == NULL)
		return SB_INTERNAL;
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/me/households: a helper's households, with their residents'
 * names, gender, age and tags (never an ID or phone number); nothing for
 * the other roles, who have the register. */
int
api_me_households(struct request *rq, struct response *rs)
{
	const char *text = NULL;
	int rc = people_households(rq->store, &rq->scope, 0, &rq->arena, &text);

	return answer_array(rs, rc, text);
}

/* GET /api/v1/me/households/{id}: one household in that light form; a
 * helper's buildings only (404 elsewhere), anyone else's jurisdiction. */
int
api_me_household(struct request *rq, struct response *rs)
{
	const char *text = NULL;
	json_t *a, *one;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = people_households(rq->store, &rq->scope, id, &rq->arena, &text);
	if (rc != SB_OK)
		return rc;
	a = json_loads(text, 0, NULL);
	if (a == NULL)
		return SB_INTERNAL;
	one = json_array_get(a, 0);
	if (one == NULL) {
		json_decref(a);
		return SB_NOT_FOUND;
	}
	json_incref(one);
	json_decref(a);
	return response_json(rs, 200, one);
}

/* GET /api/v1/me/targets: the targets of open campaigns in a helper's
 * buildings, with the checklist and what is filled in; nothing for the
 * other roles, who have the campaign pages. */
int
api_me_targets(struct request *rq, struct response *rs)
{
	const char *text = NULL;
	int rc = people_targets(rq->store, &rq->scope, &rq->arena, &text);

	return answer_array(rs, rc, text);
}
