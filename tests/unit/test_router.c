/* The router (http/router.c): every route of routes.def found with its
 * handler and parameters, 405 with the Allow list, and paths that match
 * nothing. */

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api/api.h"
#include "http/router.h"

/* The index of the route whose handler is h; -1 when none. */
static int
route_of(api_handler h)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++)
		if (router_routes[i].handler == h)
			return (int)i;
	return -1;
}

/* Whether the Allow list (methods joined by ", ") names method exactly. */
static bool
allow_has(const char *allow, const char *method)
{
	size_t n = strlen(method);
	const char *s = allow;

	while (*s) {
		size_t len = strcspn(s, ",");

		if (len == n && strncmp(s, method, n) == 0)
			return true;
		s += len;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return false;
}

static int
allow_count(const char *allow)
{
	int n = 0;
	const char *s = allow;

	while (*s) {
		n++;
		s += strcspn(s, ",");
		while (*s == ',' || *s == ' ')
			s++;
	}
	return n;
}

struct found_case {
	const char *method;
	const char *path;
	api_handler handler;
	const char *param; /* NULL: the route has none */
	const char *value;
};

static const struct found_case found_cases[] = {
	{"GET", "/healthz", api_health_get, NULL, NULL},
	{"GET", "/metrics", api_metrics_get, NULL, NULL},
	{"GET", "/api/v1/openapi.yaml", api_openapi_get, NULL, NULL},
	{"POST", "/api/v1/session", api_session_create, NULL, NULL},
	{"DELETE", "/api/v1/session", api_session_delete, NULL, NULL},
	{"GET", "/api/v1/me", api_me_get, NULL, NULL},
	{"PATCH", "/api/v1/me/password", api_me_password, NULL, NULL},
	{"GET", "/api/v1/areas", api_areas_list, NULL, NULL},
	{"GET", "/api/v1/areas/310107", api_areas_get, "code", "310107"},
	{"GET", "/api/v1/areas/31", api_areas_get, "code", "31"},
	{"GET", "/api/v1/areas/310101002001", api_areas_get, "code", "310101002001"},
	{"GET", "/api/v1/areas/x", api_areas_get, "code", "x"},
	{"GET", "/api/v1/areas/上海", api_areas_get, "code", "上海"},
	{"GET", "/api/v1/users", api_users_list, NULL, NULL},
	{"POST", "/api/v1/users", api_users_create, NULL, NULL},
	{"GET", "/api/v1/users/42", api_users_get, "id", "42"},
	{"GET", "/api/v1/users/abc", api_users_get, "id", "abc"},
	{"PATCH", "/api/v1/users/42", api_users_update, "id", "42"},
	{"POST", "/api/v1/users/42/hand-over", api_users_hand_over, "id", "42"},
	{"PATCH", "/api/v1/users/9223372036854775807", api_users_update, "id",
	 "9223372036854775807"},
	{"GET", "/api/v1/audit", api_audit_list, NULL, NULL},
	/* The register. */
	{"GET", "/api/v1/compounds", api_compounds_list, NULL, NULL},
	{"POST", "/api/v1/compounds", api_compounds_create, NULL, NULL},
	{"GET", "/api/v1/compounds/3", api_compounds_get, "id", "3"},
	{"PATCH", "/api/v1/compounds/3", api_compounds_update, "id", "3"},
	{"POST", "/api/v1/compounds/3/move", api_compounds_move, "id", "3"},
	{"GET", "/api/v1/buildings", api_buildings_list, NULL, NULL},
	{"POST", "/api/v1/buildings", api_buildings_create, NULL, NULL},
	{"GET", "/api/v1/buildings/12", api_buildings_get, "id", "12"},
	{"PATCH", "/api/v1/buildings/12", api_buildings_update, "id", "12"},
	{"GET", "/api/v1/households", api_households_list, NULL, NULL},
	{"POST", "/api/v1/households", api_households_create, NULL, NULL},
	{"GET", "/api/v1/households/40", api_households_get, "id", "40"},
	{"PATCH", "/api/v1/households/40", api_households_update, "id", "40"},
	{"GET", "/api/v1/households/40/history", api_households_history, "id", "40"},
	{"GET", "/api/v1/residents", api_residents_list, NULL, NULL},
	{"POST", "/api/v1/residents", api_residents_create, NULL, NULL},
	/* export and key-persons come before {id} in routes.def and win; a near
	 * miss is an id. */
	{"GET", "/api/v1/residents/export", api_residents_export, NULL, NULL},
	{"GET", "/api/v1/residents/key-persons", api_residents_key_persons, NULL, NULL},
	{"GET", "/api/v1/residents/101", api_residents_get, "id", "101"},
	{"GET", "/api/v1/residents/exports", api_residents_get, "id", "exports"},
	{"GET", "/api/v1/residents/key-person", api_residents_get, "id", "key-person"},
	{"PATCH", "/api/v1/residents/101", api_residents_update, "id", "101"},
	{"GET", "/api/v1/residents/101/history", api_residents_history, "id", "101"},
	{"POST", "/api/v1/residents/101/reveal", api_residents_reveal, "id", "101"},
	{"POST", "/api/v1/changes/7/rollback", api_changes_rollback, "id", "7"},
	{"GET", "/api/v1/tags", api_tags_list, NULL, NULL},
	{"POST", "/api/v1/tags", api_tags_create, NULL, NULL},
	{"GET", "/api/v1/tags/due", api_tags_due, NULL, NULL},
	{"GET", "/api/v1/reports/elderly-upper-floors", api_reports_elderly, NULL, NULL},
	{"POST", "/api/v1/imports", api_imports_create, NULL, NULL},
	/* Grids and visits. */
	{"GET", "/api/v1/grids", api_grids_list, NULL, NULL},
	{"POST", "/api/v1/grids", api_grids_create, NULL, NULL},
	/* unassigned comes before {id} in routes.def and wins; a near miss is an
	 * id, and so is the literal for a method it does not have. */
	{"GET", "/api/v1/grids/unassigned", api_grids_unassigned, NULL, NULL},
	{"GET", "/api/v1/grids/4", api_grids_get, "id", "4"},
	{"GET", "/api/v1/grids/unassigne", api_grids_get, "id", "unassigne"},
	{"GET", "/api/v1/grids/Unassigned", api_grids_get, "id", "Unassigned"},
	{"PATCH", "/api/v1/grids/4", api_grids_update, "id", "4"},
	{"PATCH", "/api/v1/grids/unassigned", api_grids_update, "id", "unassigned"},
	{"GET", "/api/v1/grids/4/assignments", api_grids_assignments, "id", "4"},
	{"POST", "/api/v1/grids/4/assignments", api_grids_assign, "id", "4"},
	{"PUT", "/api/v1/committees/310107015001/quota", api_committees_quota, "code",
	 "310107015001"},
	{"GET", "/api/v1/reports/workload", api_reports_workload, NULL, NULL},
	{"GET", "/api/v1/visits", api_visits_list, NULL, NULL},
	{"POST", "/api/v1/visits", api_visits_create, NULL, NULL},
	{"GET", "/api/v1/visits/57", api_visits_get, "id", "57"},
	{"PATCH", "/api/v1/visits/57", api_visits_update, "id", "57"},
	{"GET", "/api/v1/visits/57/history", api_visits_history, "id", "57"},
	{"GET", "/api/v1/visit-policy", api_policy_get, NULL, NULL},
	{"PUT", "/api/v1/visit-policy", api_policy_put, NULL, NULL},
	{"GET", "/api/v1/me/plan", api_me_plan, NULL, NULL},
	/* issue 19: a helper's light account (docs/accounts.md) */
	{"GET", "/api/v1/me/households", api_me_households, NULL, NULL},
	{"GET", "/api/v1/me/households/31", api_me_household, "id", "31"},
	{"GET", "/api/v1/me/targets", api_me_targets, NULL, NULL},
	{"POST", "/api/v1/me/calendar-feed", api_me_feed_create, NULL, NULL},
	{"DELETE", "/api/v1/me/calendar-feed", api_me_feed_delete, NULL, NULL},
	/* the whole last segment, ".ics" included, is the file */
	{"GET", "/api/v1/feeds/abc.ics", api_feeds_get, "file", "abc.ics"},
	{"GET", "/api/v1/feeds/3q2-7wX0b9Hk1LmNoPqRsTuVwXyZaBcDeFgHiJkLmNo.ics", api_feeds_get,
	 "file", "3q2-7wX0b9Hk1LmNoPqRsTuVwXyZaBcDeFgHiJkLmNo.ics"},
	{"GET", "/api/v1/reception/roster", api_roster_get, NULL, NULL},
	{"POST", "/api/v1/reception/roster", api_roster_generate, NULL, NULL},
	{"PUT", "/api/v1/reception/roster/2026-10-10", api_roster_put, "date", "2026-10-10"},
	{"GET", "/api/v1/reception/today", api_roster_today, NULL, NULL},
	{"GET", "/api/v1/reports/coverage", api_reports_coverage, NULL, NULL},
	{"GET", "/api/v1/reports/unvisited", api_reports_unvisited, NULL, NULL},
	{"GET", "/api/v1/reports/reception", api_reports_reception, NULL, NULL},
	{"GET", "/api/v1/calendar", api_calendar_list, NULL, NULL},
	{"PUT", "/api/v1/calendar/2026-10-01", api_calendar_put, "date", "2026-10-01"},
	/* a route of its own, not a parameter of /api/v1/imports */
	{"POST", "/api/v1/imports/visits", api_imports_visits, NULL, NULL},
	/* Residents' problems (routes_issues.def). */
	{"GET", "/api/v1/issue-categories", api_issue_categories_list, NULL, NULL},
	{"GET", "/api/v1/issue-categories/lift", api_issue_categories_get, "code", "lift"},
	{"PATCH", "/api/v1/issue-categories/noise", api_issue_categories_update, "code", "noise"},
	{"GET", "/api/v1/issues", api_issues_list, NULL, NULL},
	{"POST", "/api/v1/issues", api_issues_create, NULL, NULL},
	{"GET", "/api/v1/issues/12", api_issues_get, "id", "12"},
	{"PATCH", "/api/v1/issues/12", api_issues_update, "id", "12"},
	{"POST", "/api/v1/issues/12/events", api_issues_event, "id", "12"},
	{"GET", "/api/v1/feedback/abcDEF-_1", api_feedback_get, "token", "abcDEF-_1"},
	{"POST", "/api/v1/feedback/abcDEF-_1", api_feedback_post, "token", "abcDEF-_1"},
	{"GET", "/api/v1/reports/issues", api_reports_issues, NULL, NULL},
	{"GET", "/api/v1/open311/keys", api_open311_keys_list, NULL, NULL},
	{"POST", "/api/v1/open311/keys", api_open311_keys_create, NULL, NULL},
	{"DELETE", "/api/v1/open311/keys/3", api_open311_keys_delete, "id", "3"},
	{"GET", "/open311/v2/discovery.json", api_open311_discovery_json, NULL, NULL},
	{"GET", "/open311/v2/discovery.xml", api_open311_discovery_xml, NULL, NULL},
	{"GET", "/open311/v2/services.json", api_open311_services_json, NULL, NULL},
	{"GET", "/open311/v2/services.xml", api_open311_services_xml, NULL, NULL},
	{"GET", "/open311/v2/services/lift.json", api_open311_service_get, "file", "lift.json"},
	{"GET", "/open311/v2/services/lift.xml", api_open311_service_get, "file", "lift.xml"},
	{"GET", "/open311/v2/requests.json", api_open311_requests_json, NULL, NULL},
	{"GET", "/open311/v2/requests.xml", api_open311_requests_xml, NULL, NULL},
	{"POST", "/open311/v2/requests.json", api_open311_post_json, NULL, NULL},
	{"POST", "/open311/v2/requests.xml", api_open311_post_xml, NULL, NULL},
	{"GET", "/open311/v2/requests/638344.json", api_open311_request_get, "file", "638344.json"},
	/* a near miss of the literal routes is a file */
	{"GET", "/open311/v2/requests/requests.json", api_open311_request_get, "file",
	 "requests.json"},
	/* campaigns, gates, duties, the worker's record (docs/campaigns.md) */
	{"GET", "/api/v1/campaigns", api_campaigns_list, NULL, NULL},
	{"POST", "/api/v1/campaigns", api_campaigns_create, NULL, NULL},
	{"GET", "/api/v1/campaigns/7", api_campaigns_get, "id", "7"},
	{"PATCH", "/api/v1/campaigns/7", api_campaigns_update, "id", "7"},
	{"POST", "/api/v1/campaigns/7/end", api_campaigns_end, "id", "7"},
	{"GET", "/api/v1/campaigns/7/progress", api_campaigns_progress, "id", "7"},
	{"GET", "/api/v1/campaigns/7/left", api_campaigns_left, "id", "7"},
	{"GET", "/api/v1/campaigns/7/export", api_campaigns_export, "id", "7"},
	{"PUT", "/api/v1/campaign-targets/12/entry", api_campaigns_entry_put, "id", "12"},
	{"POST", "/api/v1/campaign-targets/12/remove", api_campaign_targets_remove, "id", "12"},
	{"POST", "/api/v1/campaigns/7/targets", api_campaigns_target_add, "id", "7"},
	{"POST", "/api/v1/campaigns/7/targets/refresh", api_campaigns_targets_refresh, "id", "7"},
	{"POST", "/api/v1/attachments", api_attachments_create, NULL, NULL},
	{"GET", "/api/v1/attachments", api_attachments_list, NULL, NULL},
	{"GET", "/api/v1/attachments/5", api_attachments_get, "id", "5"},
	{"GET", "/api/v1/attachments/5/thumbnail", api_attachments_thumbnail, "id", "5"},
	{"DELETE", "/api/v1/attachments/5", api_attachments_delete, "id", "5"},
	{"GET", "/api/v1/gates", api_gates_list, NULL, NULL},
	{"POST", "/api/v1/gates", api_gates_create, NULL, NULL},
	{"GET", "/api/v1/gates/3", api_gates_get, "id", "3"},
	{"POST", "/api/v1/gates/3/guards", api_gates_guard_put, "id", "3"},
	{"GET", "/api/v1/gates/3/counts", api_gates_counts, "id", "3"},
	{"GET", "/api/v1/gates/3/residents", api_gates_residents, "id", "3"},
	{"GET", "/api/v1/gate-entries", api_gate_entries_list, NULL, NULL},
	{"POST", "/api/v1/gate-entries", api_gate_entries_create, NULL, NULL},
	{"GET", "/api/v1/duties", api_duties_list, NULL, NULL},
	{"POST", "/api/v1/duties", api_duties_create, NULL, NULL},
	{"POST", "/api/v1/duties/5/done", api_duties_done, "id", "5"},
	{"GET", "/api/v1/me/duties", api_me_duties, NULL, NULL},
	{"GET", "/api/v1/reports/day", api_reports_day, NULL, NULL},
	{"GET", "/api/v1/districts/310107/record-weights", api_record_weights_get, "code",
	 "310107"},
	{"PUT", "/api/v1/districts/310107/record-weights", api_record_weights_put, "code",
	 "310107"},
	{"POST", "/api/v1/trainings", api_trainings_create, NULL, NULL},
	{"GET", "/api/v1/workers/9/record", api_workers_record, "id", "9"},
	{"GET", "/api/v1/reports/quota", api_reports_quota, NULL, NULL},
	/* Consultation and networks (routes_consult.def). */
	{"GET", "/api/v1/surveys", api_surveys_list, NULL, NULL},
	{"POST", "/api/v1/surveys", api_surveys_create, NULL, NULL},
	{"GET", "/api/v1/surveys/3", api_surveys_get, "id", "3"},
	{"PATCH", "/api/v1/surveys/3", api_surveys_update, "id", "3"},
	{"POST", "/api/v1/surveys/3/responses", api_surveys_respond, "id", "3"},
	{"POST", "/api/v1/surveys/3/links", api_surveys_links, "id", "3"},
	{"GET", "/api/v1/surveys/3/results", api_surveys_results, "id", "3"},
	{"GET", "/api/v1/surveys/3/export", api_surveys_export, "id", "3"},
	{"GET", "/api/v1/survey-links/Ab-9_x", api_survey_links_get, "token", "Ab-9_x"},
	{"POST", "/api/v1/survey-links/Ab-9_x", api_survey_links_post, "token", "Ab-9_x"},
	{"GET", "/api/v1/projects", api_projects_list, NULL, NULL},
	{"POST", "/api/v1/projects", api_projects_create, NULL, NULL},
	{"GET", "/api/v1/projects/5", api_projects_get, "id", "5"},
	{"POST", "/api/v1/projects/5/issues", api_projects_link_issue, "id", "5"},
	{"GET", "/api/v1/projects/5/timeline", api_projects_timeline, "id", "5"},
	{"PATCH", "/api/v1/projects/5", api_projects_update, "id", "5"},
	{"PATCH", "/api/v1/projects/5/stages", api_projects_stage, "id", "5"},
	{"GET", "/api/v1/projects/5/signing", api_projects_signing, "id", "5"},
	{"PUT", "/api/v1/projects/5/signatures", api_projects_sign, "id", "5"},
	{"POST", "/api/v1/projects/5/surveys", api_projects_link_survey, "id", "5"},
	{"GET", "/api/v1/notices", api_notices_list, NULL, NULL},
	{"POST", "/api/v1/notices", api_notices_create, NULL, NULL},
	{"GET", "/api/v1/notices/7", api_notices_get, "id", "7"},
	{"PATCH", "/api/v1/notices/7", api_notices_update, "id", "7"},
	{"GET", "/api/v1/notice-links/0af3", api_notice_links_get, "token", "0af3"},
	{"GET", "/api/v1/committees/310107015028/phone", api_committees_phone_get, "code",
	 "310107015028"},
	{"PUT", "/api/v1/committees/310107015028/phone", api_committees_phone_put, "code",
	 "310107015028"},
	{"POST", "/api/v1/issues/9/feedback-link", api_issues_feedback_link, "id", "9"},
	{"GET", "/api/v1/meetings", api_meetings_list, NULL, NULL},
	{"POST", "/api/v1/meetings", api_meetings_create, NULL, NULL},
	{"GET", "/api/v1/meetings/8", api_meetings_get, "id", "8"},
	{"PATCH", "/api/v1/meetings/8", api_meetings_update, "id", "8"},
	{"PUT", "/api/v1/meetings/8/attendance", api_meetings_attendance, "id", "8"},
	{"POST", "/api/v1/meetings/8/decisions", api_meetings_decide, "id", "8"},
	{"POST", "/api/v1/meetings/8/motions", api_meetings_motion, "id", "8"},
	{"POST", "/api/v1/meetings/8/votes", api_meetings_vote, "id", "8"},
	{"GET", "/api/v1/party/proposal", api_party_proposal, NULL, NULL},
	{"GET", "/api/v1/party/orgs", api_party_orgs_get, NULL, NULL},
	{"PUT", "/api/v1/party/orgs", api_party_orgs_put, NULL, NULL},
	{"PUT", "/api/v1/party/liaisons", api_party_liaisons_put, NULL, NULL},
	{"GET", "/api/v1/party/coverage", api_party_coverage, NULL, NULL},
	{"GET", "/api/v1/party/members", api_party_members, NULL, NULL},
	{"GET", "/api/v1/volunteers", api_volunteers_list, NULL, NULL},
	{"POST", "/api/v1/volunteers", api_volunteers_create, NULL, NULL},
	{"GET", "/api/v1/volunteers/9", api_volunteers_get, "id", "9"},
	{"PATCH", "/api/v1/volunteers/9", api_volunteers_update, "id", "9"},
	{"GET", "/api/v1/teams", api_teams_list, NULL, NULL},
	{"POST", "/api/v1/teams", api_teams_create, NULL, NULL},
	{"GET", "/api/v1/teams/2", api_teams_get, "id", "2"},
	{"PATCH", "/api/v1/teams/2", api_teams_update, "id", "2"},
	{"GET", "/api/v1/activities", api_activities_list, NULL, NULL},
	{"POST", "/api/v1/activities", api_activities_create, NULL, NULL},
	{"GET", "/api/v1/activities/4", api_activities_get, "id", "4"},
	{"GET", "/api/v1/reports/volunteers", api_reports_volunteers, NULL, NULL},
	/* issue 17 */
	{"GET", "/api/v1/surveys/3/audience", api_surveys_audience, "id", "3"},
	{"GET", "/api/v1/households/5/surveys", api_household_surveys, "id", "5"},
	{"POST", "/api/v1/receipt-lookup", api_receipt_lookup, NULL, NULL},
	{"PUT", "/api/v1/workers/8/plan", api_workers_plan_put, "id", "8"},
	{"GET", "/api/v1/reports/plan", api_reports_plan, NULL, NULL},
	{"POST", "/api/v1/residents/101/call", api_residents_call, "id", "101"},
	/* issue 16: the checking list and the mapping step (routes_checks.def) */
	{"POST", "/api/v1/checks", api_checks_create, NULL, NULL},
	{"GET", "/api/v1/checks", api_checks_list, NULL, NULL},
	{"GET", "/api/v1/checks/7", api_checks_get, "id", "7"},
	{"GET", "/api/v1/checks/7/items", api_checks_items, "id", "7"},
	{"POST", "/api/v1/checks/7/accept", api_checks_accept, "id", "7"},
	{"GET", "/api/v1/check-items", api_check_items_list, NULL, NULL},
	{"PATCH", "/api/v1/check-items/9", api_check_items_update, "id", "9"},
	{"POST", "/api/v1/imports/preview", api_imports_preview, NULL, NULL},
	{"GET", "/api/v1/import-mappings", api_import_mappings_list, NULL, NULL},
	{"PUT", "/api/v1/import-mappings", api_import_mappings_put, NULL, NULL},
};

Test(router, finds_each_route_with_handler_and_params)
{
	size_t i;

	for (i = 0; i < sizeof(found_cases) / sizeof(found_cases[0]); i++) {
		const struct found_case *c = &found_cases[i];
		int want = route_of(c->handler);
		struct route_match m;
		enum route_result res;

		cr_assert_geq(want, 0, "case %zu: handler not in the route table", i);
		res = router_match(c->method, c->path, &m);
		cr_expect_eq(res, ROUTE_FOUND, "%s %s: result %d, want ROUTE_FOUND", c->method,
			     c->path, res);
		if (res != ROUTE_FOUND)
			continue;
		cr_expect_eq(m.index, want, "%s %s: route %d, want %d", c->method, c->path, m.index,
			     want);
		cr_expect_eq(m.route, &router_routes[want], "%s %s: wrong route pointer", c->method,
			     c->path);
		cr_expect(m.route->handler == c->handler, "%s %s: wrong handler", c->method,
			  c->path);
		if (c->param == NULL) {
			cr_expect_eq(m.nparams, 0, "%s %s: %d params, want 0", c->method, c->path,
				     m.nparams);
			continue;
		}
		cr_expect_eq(m.nparams, 1, "%s %s: %d params, want 1", c->method, c->path,
			     m.nparams);
		cr_expect_eq(m.name_lens[0], strlen(c->param), "%s %s: param name length",
			     c->method, c->path);
		cr_expect(strncmp(m.names[0], c->param, m.name_lens[0]) == 0,
			  "%s %s: param named %.*s, want %s", c->method, c->path,
			  (int)m.name_lens[0], m.names[0], c->param);
		cr_expect_eq(m.value_lens[0], strlen(c->value), "%s %s: value length %zu, want %zu",
			     c->method, c->path, m.value_lens[0], strlen(c->value));
		cr_expect(strncmp(m.values[0], c->value, m.value_lens[0]) == 0,
			  "%s %s: value %.*s, want %s", c->method, c->path, (int)m.value_lens[0],
			  m.values[0], c->value);
		/* The value points into the path, not into a copy. */
		cr_expect(m.values[0] >= c->path &&
				  m.values[0] + m.value_lens[0] <= c->path + strlen(c->path),
			  "%s %s: value does not point into the path", c->method, c->path);
	}
}

/* The table above names every route of routes.def, so a new route without a
 * case fails here. */
Test(router, table_covers_every_route)
{
	size_t i, j;

	cr_assert_gt(router_nroutes, 0);
	for (i = 0; i < router_nroutes; i++) {
		bool seen = false;

		for (j = 0; j < sizeof(found_cases) / sizeof(found_cases[0]); j++)
			if (found_cases[j].handler == router_routes[i].handler &&
			    strcmp(found_cases[j].method, router_routes[i].method) == 0)
				seen = true;
		cr_expect(seen, "route %s %s has no case in found_cases", router_routes[i].method,
			  router_routes[i].pattern);
	}
}

/* Each route, with its parameters filled in, matches itself and no earlier
 * route shadows it. */
Test(router, every_pattern_matches_its_own_route)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		char path[256];
		size_t n = 0;
		int nparams = 0;
		const char *p;
		struct route_match m;
		enum route_result res;

		for (p = r->pattern; *p; p++) {
			if (*p == '{') {
				const char *end = strchr(p, '}');

				cr_assert_not_null(end, "unclosed parameter in %s", r->pattern);
				n += (size_t)snprintf(path + n, sizeof(path) - n, "v%d", nparams);
				nparams++;
				p = end;
				continue;
			}
			path[n++] = *p;
		}
		path[n] = '\0';
		res = router_match(r->method, path, &m);
		cr_expect_eq(res, ROUTE_FOUND, "%s %s (from %s): not found", r->method, path,
			     r->pattern);
		cr_expect_eq(m.index, (int)i, "%s %s: route %d, want %zu", r->method, path, m.index,
			     i);
		cr_expect_eq(m.nparams, nparams, "%s %s: %d params, want %d", r->method, path,
			     m.nparams, nparams);
	}
}

struct no_method_case {
	const char *method;
	const char *path;
	const char *allow[4]; /* the methods expected, NULL-ended */
};

static const struct no_method_case no_method_cases[] = {
	{"DELETE", "/api/v1/me", {"GET"}},
	{"PUT", "/api/v1/session", {"POST", "DELETE"}},
	{"GET", "/api/v1/session", {"POST", "DELETE"}},
	{"POST", "/healthz", {"GET"}},
	{"HEAD", "/healthz", {"GET"}},
	{"get", "/healthz", {"GET"}},
	{"PUT", "/metrics", {"GET"}},
	{"POST", "/api/v1/openapi.yaml", {"GET"}},
	{"GET", "/api/v1/me/password", {"PATCH"}},
	{"POST", "/api/v1/areas", {"GET"}},
	{"DELETE", "/api/v1/areas/310107", {"GET"}},
	{"DELETE", "/api/v1/users", {"GET", "POST"}},
	{"POST", "/api/v1/users/42", {"GET", "PATCH"}},
	{"PUT", "/api/v1/users/42", {"GET", "PATCH"}},
	{"DELETE", "/api/v1/audit", {"GET"}},
	{"DELETE", "/api/v1/residents/101", {"GET", "PATCH"}},
	{"PUT", "/api/v1/compounds", {"GET", "POST"}},
	{"GET", "/api/v1/residents/101/reveal", {"POST"}},
	{"GET", "/api/v1/changes/7/rollback", {"POST"}},
	{"POST", "/api/v1/tags/due", {"GET"}},
	{"GET", "/api/v1/imports", {"POST"}},
	{"DELETE", "/api/v1/issues/12", {"GET", "PATCH"}},
	{"GET", "/api/v1/issues/12/events", {"POST"}},
	{"PUT", "/api/v1/feedback/abc", {"GET", "POST"}},
	{"GET", "/api/v1/open311/keys/3", {"DELETE"}},
	{"DELETE", "/open311/v2/requests.json", {"GET", "POST"}},
	{"POST", "/open311/v2/services.json", {"GET"}},
	{"DELETE", "/api/v1/grids/unassigned", {"GET", "PATCH"}},
	{"PUT", "/api/v1/grids/4/assignments", {"GET", "POST"}},
	{"GET", "/api/v1/committees/310107015001/quota", {"PUT"}},
	{"POST", "/api/v1/visit-policy", {"GET", "PUT"}},
	{"GET", "/api/v1/me/calendar-feed", {"POST", "DELETE"}},
	{"POST", "/api/v1/feeds/abc.ics", {"GET"}},
	{"GET", "/api/v1/reception/roster/2026-10-10", {"PUT"}},
	{"PATCH", "/api/v1/calendar/2026-10-01", {"PUT"}},
	{"GET", "/api/v1/imports/visits", {"POST"}},
};

Test(router, wrong_method_lists_allowed_methods)
{
	size_t i;

	for (i = 0; i < sizeof(no_method_cases) / sizeof(no_method_cases[0]); i++) {
		const struct no_method_case *c = &no_method_cases[i];
		struct route_match m;
		enum route_result res;
		int j;

		res = router_match(c->method, c->path, &m);
		cr_expect_eq(res, ROUTE_NO_METHOD, "%s %s: result %d, want ROUTE_NO_METHOD",
			     c->method, c->path, res);
		for (j = 0; c->allow[j]; j++)
			cr_expect(allow_has(m.allow, c->allow[j]), "%s %s: allow \"%s\" lacks %s",
				  c->method, c->path, m.allow, c->allow[j]);
		cr_expect_eq(allow_count(m.allow), j, "%s %s: allow \"%s\" has %d methods, want %d",
			     c->method, c->path, m.allow, allow_count(m.allow), j);
	}
}

Test(router, allow_list_exact_text)
{
	struct route_match m;

	cr_assert_eq(router_match("DELETE", "/api/v1/me", &m), ROUTE_NO_METHOD);
	cr_expect_str_eq(m.allow, "GET");
	cr_assert_eq(router_match("PUT", "/api/v1/session", &m), ROUTE_NO_METHOD);
	cr_expect_str_eq(m.allow, "POST, DELETE");
}

static const char *const none_paths[] = {
	"",
	"/",
	"/api/v1/areas/",
	"/api/v1/areas/1/2",
	"/api/v1/areas//",
	"/api/v1/areas//1",
	"/api/v1/area",
	"/api/v1/areasx",
	"/api/v1/areas/310107/",
	"/api/v1/users/",
	"/api/v1/users/4/2",
	"/api/v1/users/42/",
	"/api/v1/users/42/x",
	"/healthz/",
	"/healthz?x=1",
	"//healthz",
	"/HEALTHZ",
	"healthz",
	"/healthzz",
	"/health",
	"/api/v1/me/",
	"/api/v1/me/password/",
	"/api/v1/me/password/x",
	"/api/v1/session/x",
	"/api/v1/",
	"/api",
	"/index.html",
	"/api/v1/openapi.yml",
	"/api/v1/changes/7",
	"/api/v1/changes//rollback",
	"/api/v1/changes/7/rollback/",
	"/api/v1/residents/101/reveal/x",
	"/api/v1/reports",
	"/api/v1/tags/due/x",
	"/api/v1/issues/12/events/1",
	"/open311/v2/requests/5.json/x",
	"/open311/v2/services/",
	"/open311/v2",
	"/api/v1/grids/",
	"/api/v1/grids/4/assignments/9",
	"/api/v1/committees/310107015001",
	"/api/v1/feeds/",
	"/api/v1/feeds/a/b.ics",
	"/api/v1/reception",
	"/api/v1/imports/visits/x",
};

Test(router, unknown_paths_match_nothing)
{
	static const char *const methods[] = {"GET", "POST", "PATCH", "DELETE", "PUT"};
	size_t i, j;

	for (i = 0; i < sizeof(none_paths) / sizeof(none_paths[0]); i++) {
		for (j = 0; j < sizeof(methods) / sizeof(methods[0]); j++) {
			struct route_match m;
			enum route_result res = router_match(methods[j], none_paths[i], &m);

			cr_expect_eq(res, ROUTE_NONE, "%s \"%s\": result %d, want ROUTE_NONE",
				     methods[j], none_paths[i], res);
			cr_expect_str_empty(m.allow, "%s \"%s\": allow \"%s\", want empty",
					    methods[j], none_paths[i], m.allow);
		}
	}
}

/* A parameter is one segment: it never takes in a slash, however long. */
Test(router, params_never_cross_a_slash)
{
	static const char *const paths[] = {
		"/api/v1/areas/31/01", "/api/v1/areas/a/b/c",	   "/api/v1/users/1/",
		"/api/v1/users//1",    "/api/v1/users/1/password",
	};
	char longpath[2100];
	struct route_match m;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		cr_expect_eq(router_match("GET", paths[i], &m), ROUTE_NONE, "GET %s matched",
			     paths[i]);

	/* A long single segment still matches, whole. */
	strcpy(longpath, "/api/v1/areas/");
	memset(longpath + strlen(longpath), '7', 2000);
	longpath[14 + 2000] = '\0';
	cr_assert_eq(router_match("GET", longpath, &m), ROUTE_FOUND);
	cr_expect_eq(m.value_lens[0], 2000);
	cr_expect_eq(m.values[0], longpath + 14);

	/* ...and with a slash at its end it does not. */
	strcat(longpath, "/");
	cr_expect_eq(router_match("GET", longpath, &m), ROUTE_NONE);
}

/* A found route keeps no stale parameters from an earlier match. */
Test(router, match_resets_previous_result)
{
	struct route_match m;

	cr_assert_eq(router_match("GET", "/api/v1/users/42", &m), ROUTE_FOUND);
	cr_assert_eq(m.nparams, 1);
	cr_assert_eq(router_match("GET", "/api/v1/users", &m), ROUTE_FOUND);
	cr_expect_eq(m.nparams, 0);
	cr_expect_eq(m.route->handler, api_users_list);
	cr_assert_eq(router_match("GET", "/nowhere", &m), ROUTE_NONE);
	cr_expect_null(m.route);
	cr_expect_str_empty(m.allow);
}

/* Rail: route flags are distinct bits (http.h also asserts it at compile
 * time), and each route carries only the flags it needs. */
Test(router, flags_are_distinct_single_bits)
{
	static const int flags[] = {RF_IMPORT, RF_GATE,	  RF_FORM, RF_SECRET,
				    RF_NOBODY, RF_UPLOAD, RF_LONG};
	size_t i, j;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		cr_expect(flags[i] > 0 && (flags[i] & (flags[i] - 1)) == 0,
			  "flag %zu (%d) is not a single bit", i, flags[i]);
		for (j = 0; j < i; j++)
			cr_expect_eq(flags[i] & flags[j], 0, "flags %zu and %zu overlap", i, j);
	}
	cr_expect_eq(RF_ALL,
		     RF_IMPORT | RF_GATE | RF_FORM | RF_SECRET | RF_NOBODY | RF_UPLOAD | RF_LONG);
}

/* Rail: a token in a path is a credential, so its route is RF_SECRET and the
 * access log masks it; the log finds it by the path's start, any method. */
Test(router, token_paths_are_secret)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		bool token = strstr(r->pattern, "{token}") != NULL ||
			     strncmp(r->pattern, "/api/v1/feeds/", 14) == 0;

		cr_expect_eq((r->flags & RF_SECRET) != 0, token, "%s %s: RF_SECRET is %s",
			     r->method, r->pattern, (r->flags & RF_SECRET) ? "set" : "unset");
	}
	cr_expect_eq(router_secret_prefix("/api/v1/feeds/abcd.ics"), 14);
	cr_expect_eq(router_secret_prefix("/api/v1/feedback/x/y"), 17);
	cr_expect_eq(router_secret_prefix("/api/v1/survey-links/x"), 21);
	cr_expect_eq(router_secret_prefix("/api/v1/surveys/1/links"), 0);
	cr_expect_eq(router_secret_prefix("/api/v1/feedback"), 0);
}

Test(router, form_bodies_only_on_open311_posts)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		bool open311_post = strcmp(r->method, "POST") == 0 &&
				    strncmp(r->pattern, "/open311/v2/", 12) == 0;

		cr_expect_eq(r->flags & ~RF_ALL, 0, "%s %s: an unknown flag", r->method,
			     r->pattern);
		cr_expect_eq((r->flags & RF_FORM) != 0, open311_post, "%s %s: RF_FORM is %s",
			     r->method, r->pattern, (r->flags & RF_FORM) ? "set" : "unset");
	}
	/* The gate's own POST stays JSON only. */
	i = (size_t)route_of(api_gate_entries_create);
	cr_expect(router_routes[i].flags & RF_GATE);
	cr_expect_eq(router_routes[i].flags & RF_FORM, 0);
	i = (size_t)route_of(api_imports_create);
	cr_expect_eq(router_routes[i].flags, RF_IMPORT);
}

/* Rail: each route declares its query parameters; nothing else passes. */
static const struct route *
route_by(api_handler h)
{
	int i = route_of(h);

	cr_assert_geq(i, 0);
	return &router_routes[i];
}

Test(router, declared_query_parameters)
{
	const struct route *residents = route_by(api_residents_list);
	const struct route *exp = route_by(api_residents_export);
	const struct route *health = route_by(api_health_get);
	const struct route *post = route_by(api_open311_post_json);
	const struct route *o311 = route_by(api_open311_requests_json);

	cr_expect(router_query_declared(residents, "tag_all"));
	cr_expect(router_query_declared(residents, "limit"));
	cr_expect(router_query_declared(residents, "cursor"));
	cr_expect(router_query_declared(residents, "sort"));
	cr_expect_not(router_query_declared(residents, "tag_al"), "a typo is not a parameter");
	cr_expect_not(router_query_declared(residents, "tag"), "a prefix is not a parameter");
	cr_expect_not(router_query_declared(residents, "tag_all "));
	cr_expect_not(router_query_declared(residents, ""));
	cr_expect_not(router_query_declared(residents, "limit cursor"));
	cr_expect(router_query_declared(exp, "format"));
	cr_expect(router_query_declared(exp, "tag_any"));
	cr_expect_not(router_query_declared(exp, "limit"), "an export has no pages");
	cr_expect_not(router_query_declared(health, "x"));
	cr_expect_not(router_query_declared(NULL, "limit"), "a static file takes none");
	cr_expect(router_query_declared(o311, "jurisdiction_id"));
	cr_expect(router_query_declared(o311, "api_key"));
	cr_expect(router_query_declared(post, "attribute[floor]"));
	cr_expect_not(router_query_declared(post, "attribute"));
	cr_expect_not(router_query_declared(post, "attribute[]]"));
	cr_expect_not(router_query_declared(post, "attribute[a][b]"));
	cr_expect_not(router_query_declared(post, "attributes[a]"));
}

/* Rail: the exports run on a long-work thread (http/server.c, "Long work"),
 * as the imports do (RF_IMPORT), so that no pool thread is held for minutes. */
Test(router, exports_are_long_work)
{
	cr_expect(route_by(api_residents_export)->flags & RF_LONG);
	cr_expect(route_by(api_campaigns_export)->flags & RF_LONG);
	cr_expect(route_by(api_surveys_export)->flags & RF_LONG);
	cr_expect_eq(route_by(api_residents_list)->flags & RF_LONG, 0);
}

Test(router, query_check_refuses_unknown_and_repeated)
{
	const struct route *r = route_by(api_residents_list);
	const char *ok[] = {"committee_code", "tag_all", "limit"};
	const char *typo[] = {"committee_code", "tag_al", "limit"};
	const char *twice[] = {"limit", "tag_all", "limit"};
	size_t at = 99;

	cr_expect_eq(router_check_query(r, ok, 3, &at), QUERY_OK);
	cr_expect_eq(router_check_query(r, ok, 0, &at), QUERY_OK);
	cr_expect_eq(router_check_query(r, typo, 3, &at), QUERY_UNKNOWN);
	cr_expect_eq(at, 1);
	cr_expect_eq(router_check_query(r, twice, 3, &at), QUERY_REPEATED);
	cr_expect_eq(at, 2);
}

/* Every declared list is words of [a-z0-9_] (or x[]), each once. */
Test(router, query_lists_are_well_formed)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		const char *s = r->query, *w[64];
		size_t n = 0, j, k;

		cr_assert_not_null(s, "%s %s: no query list", r->method, r->pattern);
		while (*s) {
			size_t len;

			while (*s == ' ')
				s++;
			len = strcspn(s, " ");
			if (len == 0)
				break;
			for (k = 0; k < len; k++)
				cr_expect((s[k] >= 'a' && s[k] <= 'z') ||
						  (s[k] >= '0' && s[k] <= '9') || s[k] == '_' ||
						  (k + 2 == len && s[k] == '[') ||
						  (k + 1 == len && s[k] == ']'),
					  "%s %s: bad character in %.*s", r->method, r->pattern,
					  (int)len, s);
			for (j = 0; j < n; j++)
				cr_expect(strncmp(w[j], s, len) != 0 ||
						  (w[j][len] != ' ' && w[j][len] != '\0'),
					  "%s %s: %.*s listed twice", r->method, r->pattern,
					  (int)len, s);
			cr_assert_lt(n, 64);
			w[n++] = s;
			s += len;
		}
	}
}
