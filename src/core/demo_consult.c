#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/calendar.h"
#include "core/campaign.h"
#include "core/demo.h"
#include "core/filter.h"
#include "core/party.h"
#include "core/record.h"
#include "store/campaigns.h"
#include "store/consult.h"
#include "util/clock.h"
#include "util/xalloc.h"

/* The demo data of issues 7 and 9 for one committee (docs/demo-data.md):
 * the party tree accepted from the proposal, liaison links, surveys with
 * answers, a project with its meeting and vote, volunteers, teams and
 * activities; campaigns with their checklists, gates and their log, daily
 * duties, the district's weights and training hours.  Everything through
 * the store functions the server uses, in the committee's transaction. */

static int
below(uint64_t *r, int n)
{
	return n > 0 ? (int)(demo_rand(r) % (uint64_t)n) : 0;
}

static double
unit(uint64_t *r)
{
	return (double)(demo_rand(r) >> 11) / 9007199254740992.0;
}

static bool
chance(uint64_t *r, double p)
{
	return unit(r) < p;
}

#define PICK(r, a) ((a)[below((r), (int)(sizeof(a) / sizeof(*(a))))])

/* The unix time of minute (of the day) on day, Asia/Shanghai. */
static int64_t
at_time(const char *day, int minute)
{
	int64_t start = 0;

	clock_day_start(day, &start);
	return start + minute * 60;
}

static const char *
day_before(const struct demo_committee *c, int days)
{
	char d[11];

	calendar_add_days(c->today, -days, d);
	return arena_strdup(c->ar, d);
}

/* The index of household id (ids ascend); -1 when not of the committee. */
static int
hh_index(const struct demo_committee *c, int64_t id)
{
	size_t lo = 0, hi = c->nh;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->households[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nh && c->households[lo] == id ? (int)lo : -1;
}

static int
compound_of(const struct demo_committee *c, int hh)
{
	return c->buildings[c->hh_building[hh]].compound;
}

/* Runs a register filter (its JSON form, as a survey or campaign keeps it)
 * held to the committee, as the committee head: the ids of the households
 * (or residents) it matches, and the filter's text as it is stored. */
static int
filter_ids(const struct demo_committee *c, json_t *fj, bool residents, int64_t **ids, size_t *n,
	   const char **text)
{
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct sb_fail fail = {0};
	struct filter f;
	const char *cursor = NULL, *next = NULL;
	int64_t *page, total = 0, *all = NULL;
	size_t got, cap = 0;
	json_t *out;
	char *s;
	int rc;

	*n = 0;
	*ids = NULL;
	rc = filter_from_json(c->st, fj, c->today, c->ar, &f, &fail);
	json_decref(fj);
	if (rc != SB_OK)
		return rc;
	f.committee_code = c->code;
	out = filter_to_json(&f);
	s = json_dumps(out, JSON_COMPACT);
	*text = arena_strdup(c->ar, s);
	free(s);
	json_decref(out);
	for (;;) {
		rc = residents ? store_filter_residents(c->st, &sc, &f, cursor, 2000, c->ar, &page,
							&got, &total, &next)
			       : store_filter_households(c->st, &sc, &f, cursor, 2000, c->ar, &page,
							 &got, &total, &next);
		if (rc != SB_OK)
			return rc;
		if (all == NULL) {
			cap = (size_t)total + 1;
			all = arena_alloc(c->ar, cap * sizeof(*all));
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
	return SB_OK;
}

/* json_dumps into the arena, and the value released. */
static const char *
dump(const struct demo_committee *c, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	const char *out = arena_strdup(c->ar, s);

	free(s);
	json_decref(j);
	return out;
}

/* Shuffles the first k of n ids (a partial Fisher–Yates). */
static void
shuffle(uint64_t *r, int64_t *v, size_t n, size_t k)
{
	size_t i;

	for (i = 0; i < k && i < n; i++) {
		size_t j = i + (size_t)below(r, (int)(n - i));
		int64_t t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

/* ---- the party tree and liaison (暖百家心) ---- */

/* The proposal of party.c accepted (groups over 15 split), with leaders and liaisons the
 * head would add: a group's leader is one of its members, a branch's
 * members (支部委员) are its groups' leaders, the general branch's members
 * (委员) the branches' leaders; each liaison sits on the organisation above. */
static int
party_tree(const struct demo_committee *c)
{
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct party_org_row row = {0};
	struct party_org_ref gb;
	json_t *prop = NULL, *branches, *b, *grp, *v;
	int64_t gb_members[16];
	size_t nb, bi, gi, k, ngb = 0;
	int pos = 0, rc;

	memset(&gb, 0, sizeof(gb));
	rc = party_proposal(c->st, &sc, c->code, c->ar, &prop);
	if (rc != SB_OK)
		return rc;
	branches = json_object_get(json_object_get(prop, "tree"), "branches");
	nb = json_array_size(branches);
	if (nb == 0)
		goto out;
	/* A head splits a group of more than 15 (a tower block's) into groups
	 * of its floors, 8 to 15 members each, over the same buildings. */
	json_array_foreach (branches, bi, b) {
		json_t *groups = json_object_get(b, "groups"), *split = json_array();

		json_array_foreach (groups, gi, grp) {
			json_t *m = json_object_get(grp, "member_ids");
			size_t n = json_array_size(m), parts = (n + 14) / 15, p, j;

			if (n <= 15) {
				json_array_append(split, grp);
				continue;
			}
			for (p = 0; p < parts; p++) {
				json_t *part = json_deep_copy(grp), *pm = json_array();
				static const char *const nums[] = {"一", "二", "三", "四", "五",
								   "六", "七", "八", "九", "十"};

				for (j = n * p / parts; j < n * (p + 1) / parts; j++)
					json_array_append(pm, json_array_get(m, j));
				json_object_set_new(part, "member_ids", pm);
				json_object_set_new(
					part, "name",
					json_string(arena_printf(
						c->ar, "%s（%s）",
						json_string_value(json_object_get(grp, "name")),
						nums[p % 10])));
				json_array_append_new(split, part);
			}
		}
		json_object_set_new(b, "groups", split);
	}
	/* Leaders first: groups, then branches, then the general branch. */
	json_array_foreach (branches, bi, b) {
		json_t *groups = json_object_get(b, "groups");

		json_array_foreach (groups, gi, grp) {
			json_t *m = json_object_get(grp, "member_ids");

			json_object_set_new(
				grp, "leader_id",
				json_incref(json_array_get(
					m, (size_t)below(c->r, (int)json_array_size(m)))));
		}
		grp = json_array_get(groups, 0);
		json_object_set(b, "leader_id", json_object_get(grp, "leader_id"));
		if (ngb < 16)
			gb_members[ngb++] = json_integer_value(json_object_get(b, "leader_id"));
	}
	row.committee_code = c->code;
	row.kind = "general_branch";
	row.name = arena_printf(c->ar, "%s党总支", c->name);
	row.leader_id = gb_members[0];
	row.position = pos++;
	rc = store_party_org_insert(c->st, &sc, &row, &gb);
	for (k = 0; rc == SB_OK && k < ngb; k++)
		rc = store_party_org_member_add(c->st, &gb, gb_members[k]);
	c->n->party_orgs++;
	json_array_foreach (branches, bi, b) {
		json_t *groups = json_object_get(b, "groups");
		int64_t leader = json_integer_value(json_object_get(b, "leader_id"));
		struct party_org_ref branch;
		int64_t committee[8];
		size_t ncm = 0;

		if (rc != SB_OK)
			break;
		memset(&row, 0, sizeof(row));
		row.committee_code = c->code;
		row.kind = "branch";
		row.name = json_string_value(json_object_get(b, "name"));
		row.parent_id = gb.id;
		row.compound_id = json_integer_value(json_object_get(b, "compound_id"));
		row.leader_id = leader;
		row.liaison_id = leader; /* a member of the general branch */
		row.position = pos++;
		memset(&branch, 0, sizeof(branch));
		rc = store_party_org_insert(c->st, &sc, &row, &branch);
		c->n->party_orgs++;
		json_array_foreach (groups, gi, grp) {
			int64_t l = json_integer_value(json_object_get(grp, "leader_id"));

			if (ncm < 8 && (ncm == 0 || committee[ncm - 1] != l))
				committee[ncm++] = l;
		}
		for (k = 0; rc == SB_OK && k < ncm; k++)
			rc = store_party_org_member_add(c->st, &branch, committee[k]);
		json_array_foreach (groups, gi, grp) {
			int64_t l = json_integer_value(json_object_get(grp, "leader_id"));
			struct party_org_ref group;
			size_t m;

			if (rc != SB_OK)
				break;
			memset(&row, 0, sizeof(row));
			row.committee_code = c->code;
			row.kind = "group";
			row.name = json_string_value(json_object_get(grp, "name"));
			row.parent_id = branch.id;
			row.leader_id = l;
			row.liaison_id = gi < 8 ? l : leader; /* 支部委员 → 小组 */
			row.position = pos++;
			memset(&group, 0, sizeof(group));
			rc = store_party_org_insert(c->st, &sc, &row, &group);
			c->n->party_orgs++;
			json_array_foreach (json_object_get(grp, "building_ids"), m, v) {
				if (rc == SB_OK)
					rc = store_party_org_building_add(c->st, &group,
									  json_integer_value(v));
			}
			json_array_foreach (json_object_get(grp, "member_ids"), m, v) {
				if (rc == SB_OK)
					rc = store_party_org_member_add(c->st, &group,
									json_integer_value(v));
			}
		}
	}
out:
	json_decref(prop);
	return rc;
}

/* 党员联系户: most households linked to a party member of their building, or
 * of their compound where the building has none. */
static int
liaisons(const struct demo_committee *c)
{
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	size_t nb = c->nbuildings, i, *bstart, *bn, *cstart, *cn, npm = 0;
	int64_t *pm;
	double share = 0.80 + 0.15 * unit(c->r);
	int rc = SB_OK;

	bstart = arena_alloc(c->ar, (nb + 1) * sizeof(*bstart));
	bn = arena_alloc(c->ar, (nb + 1) * sizeof(*bn));
	cstart = arena_alloc(c->ar, (c->ncompounds + 1) * sizeof(*cstart));
	cn = arena_alloc(c->ar, (c->ncompounds + 1) * sizeof(*cn));
	memset(bn, 0, (nb + 1) * sizeof(*bn));
	memset(cn, 0, (c->ncompounds + 1) * sizeof(*cn));
	pm = arena_alloc(c->ar, (c->nres + 1) * sizeof(*pm));
	/* Residents come building by building, compound by compound. */
	for (i = 0; i < c->nres; i++) {
		int b = c->hh_building[c->res[i].hh], cp = c->buildings[b].compound;

		if (!(c->res[i].flags & DR_PARTY))
			continue;
		if (bn[b]++ == 0)
			bstart[b] = npm;
		if (cn[cp]++ == 0)
			cstart[cp] = npm;
		pm[npm++] = c->res[i].id;
	}
	for (i = 0; rc == SB_OK && i < c->nh; i++) {
		int b = c->hh_building[i], cp = c->buildings[b].compound;
		int64_t who;

		if (!chance(c->r, share))
			continue;
		if (bn[b])
			who = pm[bstart[b] + (size_t)below(c->r, (int)bn[b])];
		else if (cn[cp])
			who = pm[cstart[cp] + (size_t)below(c->r, (int)cn[cp])];
		else
			continue;
		rc = store_liaison_set(c->st, &sc, c->households[i], who, c->code,
				       c->opt->now - 86400 * (int64_t)(30 + below(c->r, 700)));
		c->n->liaisons++;
	}
	return rc;
}

/* ---- surveys (问计于民) ---- */

static json_t *
question(const char *kind, const char *text, bool required, const char *const *options, size_t n)
{
	json_t *q = json_pack("{s:s, s:s, s:b}", "kind", kind, "text", text, "required", required);
	size_t i;

	if (n) {
		json_t *o = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(o, json_string(options[i]));
		json_object_set_new(q, "options", o);
	}
	return q;
}

#define QOPTS(a) a, sizeof(a) / sizeof(*(a))

static const char *const lift_agree[] = {"同意", "不同意", "无所谓"};
static const char *const lift_worries[] = {"费用分摊", "施工期间出行", "采光和噪音", "后期维护费用",
					   "低层住户补偿"};
static const char *const lift_texts[] = {"希望尽快开工", "担心影响一楼采光", "希望政府多补贴一些",
					 "施工时注意老人出行安全", "电梯品牌请大家一起选"};
static const char *const elder_needs[] = {"助餐",     "助浴",	      "代配药",	     "上门理发",
					  "日间照料", "家庭医生签约", "紧急呼叫设备"};
static const char *const elder_care[] = {"自己", "配偶", "子女", "保姆或护工", "无人照料"};
static const char *const elder_texts[] = {"希望助餐点离家近一些", "希望多组织老年活动",
					  "腿脚不便，希望上门服务", "希望有人陪同就医"};

/* Household facts the answers depend on: size and oldest age. */
struct hh_fact {
	int size, oldest;
};

static struct hh_fact *
hh_facts(const struct demo_committee *c)
{
	struct hh_fact *f = arena_alloc(c->ar, (c->nh + 1) * sizeof(*f));
	size_t i;

	memset(f, 0, (c->nh + 1) * sizeof(*f));
	for (i = 0; i < c->nres; i++) {
		f[c->res[i].hh].size++;
		if (c->res[i].age > f[c->res[i].hh].oldest)
			f[c->res[i].hh].oldest = c->res[i].age;
	}
	return f;
}

static json_t *
some_of(uint64_t *r, const char *const *opts, size_t n, double p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		if (chance(r, p))
			json_array_append_new(a, json_string(opts[i]));
	if (json_array_size(a) == 0)
		json_array_append_new(a, json_string(opts[below(r, (int)n)]));
	return a;
}

/* The answers of one household: lift (加装电梯意愿) or elder (为老服务需求). */
static json_t *
answers(const struct demo_committee *c, bool lift, int hh, const struct hh_fact *f)
{
	uint64_t *r = c->r;

	if (lift) {
		int floor = c->hh_floor[hh], u = below(r, 100);
		const char *agree = floor >= 3 ? (u < 88   ? "同意"
						  : u < 93 ? "不同意"
							   : "无所谓")
					       : (u < 45   ? "同意"
						  : u < 80 ? "不同意"
							   : "无所谓");
		int rating = floor >= 4	  ? 4 + below(r, 2)
			     : floor == 3 ? 3 + below(r, 3)
					  : 1 + below(r, 3);

		return json_pack("[s, o, i, o, o]", agree,
				 some_of(r, QOPTS(lift_worries), floor <= 2 ? 0.5 : 0.3), rating,
				 chance(r, 0.9)
					 ? json_integer(floor <= 1 ? 0 : (floor - 1) + below(r, 3))
					 : json_null(),
				 chance(r, 0.15) ? json_string(PICK(r, lift_texts)) : json_null());
	}
	{
		bool alone = f[hh].size == 1;
		int u = below(r, 100);
		const char *care = alone ? (u < 70   ? "自己"
					    : u < 85 ? "子女"
						     : "无人照料")
					 : (u < 45   ? "配偶"
					    : u < 85 ? "子女"
					    : u < 95 ? "自己"
						     : "保姆或护工");

		return json_pack("[o, s, i, o, o]",
				 some_of(r, QOPTS(elder_needs), f[hh].oldest >= 80 ? 0.4 : 0.25),
				 care, chance(r, 0.7) ? 4 + below(r, 2) : 2 + below(r, 2),
				 chance(r, 0.85) ? json_integer(100 + 50 * below(r, 11))
						 : json_null(),
				 chance(r, 0.12) ? json_string(PICK(r, elder_texts)) : json_null());
	}
}

/* One survey: its questions, the audience from a filter, 40–70 % answering
 * (most on a visit by the grid's worker, some through the one-time link),
 * between created and the end. */
static int
survey(const struct demo_committee *c, bool lift, json_t *audience, int64_t created, int64_t end,
       const char *closes_on, bool closed, const struct hh_fact *f)
{
	json_t *qs = json_array();
	const char *filter, *questions;
	struct survey_ref survey;
	int64_t *ids;
	size_t n, i;
	double rate = 0.40 + 0.30 * unit(c->r);
	int rc;

	if (lift) {
		json_array_append_new(
			qs, question("single", "是否同意本楼加装电梯？", true, QOPTS(lift_agree)));
		json_array_append_new(qs, question("multiple", "您最关心的问题（可多选）", false,
						   QOPTS(lift_worries)));
		json_array_append_new(
			qs, question("rating", "加装电梯对您家的迫切程度（1–5）", true, NULL, 0));
		json_array_append_new(
			qs, question("number", "您家愿意承担的费用（万元）", false, NULL, 0));
		json_array_append_new(qs, question("text", "其他意见和建议", false, NULL, 0));
	} else {
		json_array_append_new(qs, question("multiple", "您家需要哪些为老服务？（可多选）",
						   true, QOPTS(elder_needs)));
		json_array_append_new(
			qs, question("single", "目前主要由谁照料？", true, QOPTS(elder_care)));
		json_array_append_new(
			qs, question("rating", "您对居委会为老服务的满意度（1–5）", true, NULL, 0));
		json_array_append_new(
			qs, question("number", "每月愿意为助餐支付多少元？", false, NULL, 0));
		json_array_append_new(qs, question("text", "其他需求", false, NULL, 0));
	}
	questions = dump(c, qs);
	rc = filter_ids(c, audience, false, &ids, &n, &filter);
	if (rc != SB_OK || n == 0)
		return rc;
	rc = store_survey_insert(c->st, c->code, lift ? "加装电梯意愿调查" : "为老服务需求调查",
				 lift ? "了解无电梯楼栋居民加装电梯的意愿和顾虑，为议事会做准备"
				      : "了解70岁以上老人家庭的服务需求，安排助餐、助浴和上门服务",
				 questions, filter, closes_on, c->head_id, created, &survey);
	if (rc == SB_OK)
		rc = store_survey_audience_add(c->st, &survey, ids, n);
	c->n->surveys++;
	for (i = 0; rc == SB_OK && i < n; i++) {
		int hh = hh_index(c, ids[i]);
		bool visit = chance(c->r, 0.8);
		int64_t at = created + (int64_t)(unit(c->r) * (double)(end - created));

		if (hh < 0 || !chance(c->r, rate))
			continue;
		rc = store_survey_response_insert(c->st, &survey, ids[i], visit ? "visit" : "link",
						  visit ? c->hh_worker[hh] : 0,
						  dump(c, answers(c, lift, hh, f)), at);
		c->n->survey_responses++;
	}
	if (rc == SB_OK && closed)
		rc = store_survey_set_status(c->st, &survey, "closed", NULL);
	return rc;
}

/* ---- a project, its meeting and the vote (议事会) ---- */

struct invitee {
	int64_t resident;
	const char *name, *role;
};

static int
resident_name(const struct demo_committee *c, int64_t id, const char **name)
{
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct consult_resident r;
	int rc = store_consult_resident(c->st, &sc, id, c->ar, &r);

	*name = rc == SB_OK ? r.name : NULL;
	return rc;
}

/* The building of the project: the building of a lift issue that has no
 * lift, or else the tallest building without one, or else the tallest. */
static int
project_building(const struct demo_committee *c, int64_t *issue)
{
	size_t i;
	int best = -1;

	*issue = 0;
	for (i = 0; i < c->nlift; i++) {
		int b = c->hh_building[c->lift_issue_hh[i]];

		if (!c->buildings[b].lift) {
			*issue = c->lift_issues[i];
			return b;
		}
	}
	for (i = 0; i < c->nbuildings; i++)
		if (!c->buildings[i].lift &&
		    (best < 0 || c->buildings[i].floors > c->buildings[best].floors))
			best = (int)i;
	if (best < 0)
		best = 0;
	for (i = 0; *issue == 0 && i < c->nlift; i++)
		if (compound_of(c, c->lift_issue_hh[i]) == c->buildings[best].compound)
			*issue = c->lift_issues[i];
	return best;
}

static int
project_meeting(const struct demo_committee *c, int64_t survey_closed)
{
	static const char *const property[] = {"物业公司 张经理", "物业公司 陈主任",
					       "物业公司 周经理"};
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct meeting_row m = {0};
	struct project_ref project_ref;
	struct meeting_ref meeting_ref;
	struct invitee inv[16];
	const struct demo_building *b;
	const char *pname, *filter, *bname;
	int64_t issue, project = 0, meeting = 0, motion = 0, *picked, *voters;
	struct meeting mt;
	size_t ninv = 0, npicked, i, nvoters = 0, against, abstain;
	int bi = project_building(c, &issue), rc, present = 0, need;
	bool talent = false;

	b = &c->buildings[bi];
	bname = arena_printf(c->ar, "%s%s", c->compounds[b->compound].name, b->label);
	pname = arena_printf(c->ar, "%s%s", bname, b->lift ? "更新电梯" : "加装电梯");
	rc = store_project_insert(
		c->st, &sc, c->code, pname,
		arena_printf(c->ar, "%s共%d层，居民提出%s；意愿调查、方案议事和表决", bname,
			     b->floors, b->lift ? "更新老旧电梯" : "加装电梯"),
		survey_closed - 86400 * 20, c->ar, &project_ref);
	project = project_ref.id;
	if (rc == SB_OK && issue)
		rc = store_project_issue_link(c->st, &project_ref, issue,
					      survey_closed - 86400 * 19);
	if (rc != SB_OK)
		return rc;
	/* Invited: the adults of the building by the filter, and by hand the
	 * building's party members, the compound's 楼组长, a 社区能人 as expert,
	 * the property manager and the lift company's engineer. */
	rc = filter_ids(c, json_pack("{s:I, s:i}", "building_id", (json_int_t)b->id, "age_min", 18),
			true, &picked, &npicked, &filter);
	if (rc != SB_OK)
		return rc;
	if (npicked > 400)
		npicked = 400;
	for (i = 0; i < c->nres && ninv < 12; i++) {
		const struct demo_resident *r = &c->res[i];
		int rb = c->hh_building[r->hh];

		if ((r->flags & DR_PARTY) && rb == bi)
			inv[ninv++] = (struct invitee){r->id, NULL, "party_member"};
		else if ((r->flags & DR_BUILDING_LEADER) &&
			 c->buildings[rb].compound == b->compound)
			inv[ninv++] = (struct invitee){r->id, NULL, "building_leader"};
		else if ((r->flags & DR_TALENT) && !talent) {
			inv[ninv++] = (struct invitee){r->id, NULL, "expert"};
			talent = true;
		}
	}
	inv[ninv++] = (struct invitee){0, PICK(c->r, property), "property"};
	inv[ninv++] = (struct invitee){0, "加梯公司 工程师", "expert"};
	for (i = 0; rc == SB_OK && i < ninv; i++)
		if (inv[i].resident)
			rc = resident_name(c, inv[i].resident, &inv[i].name);
	m.committee_code = c->code;
	m.project_id = project;
	m.topic = arena_printf(c->ar, "%s方案议事会", pname);
	m.held_at = at_time(day_before(c, 8 + below(c->r, 6)), 14 * 60);
	m.place = "居委会二楼红色议事厅";
	m.quorum_min = 10;
	m.quorum_pct = 50;
	m.pass_pct = 66;
	m.invite_filter = filter;
	if (rc == SB_OK)
		rc = store_meeting_insert(c->st, &sc, &m, c->head_id, m.held_at - 7 * 86400, c->ar,
					  &meeting_ref);
	meeting = meeting_ref.id;
	for (i = 0; rc == SB_OK && i < ninv; i++)
		rc = store_meeting_participant_add(c->st, &meeting_ref, inv[i].resident,
						   inv[i].name, inv[i].role);
	for (i = 0; rc == SB_OK && i < npicked; i++) {
		const char *name;

		rc = resident_name(c, picked[i], &name);
		if (rc == SB_OK)
			rc = store_meeting_participant_add(c->st, &meeting_ref, picked[i], name,
							   "resident");
	}
	c->n->meetings++;
	if (rc == SB_OK)
		rc = store_meeting_get(c->st, &sc, meeting, c->ar, &mt);
	if (rc != SB_OK)
		return rc;
	/* Attendance about 80 %, at least the quorum; the residents present vote. */
	need = (int)mt.nparticipants / 2 + 1;
	voters = arena_alloc(c->ar, (mt.nparticipants + 1) * sizeof(*voters));
	for (i = 0; i < mt.nparticipants; i++) {
		bool resident = mt.participants[i].resident_id != 0;
		int64_t pid = mt.participants[i].id;

		if (!resident || chance(c->r, 0.8) ||
		    present + (int)(mt.nparticipants - i) <= need) {
			rc = store_meeting_present_set(c->st, &meeting_ref, pid, true);
			present++;
			if (resident)
				voters[nvoters++] = pid;
		}
		if (rc != SB_OK)
			return rc;
	}
	rc = store_meeting_motion_insert(
		c->st, &meeting_ref, arena_printf(c->ar, "同意%s实施方案（费用按楼层分摊）", pname),
		"approval", m.held_at + 3600, &motion);
	/* About 90 % for, a few against and abstaining. */
	against = (size_t)((double)nvoters * (0.02 + 0.05 * unit(c->r)) + 0.5);
	abstain = (size_t)((double)nvoters * (0.01 + 0.04 * unit(c->r)) + 0.5);
	shuffle(c->r, voters, nvoters, nvoters);
	for (i = 0; rc == SB_OK && i < nvoters; i++)
		rc = store_meeting_vote_insert(c->st, &meeting_ref, motion, voters[i],
					       i < against	       ? "against"
					       : i < against + abstain ? "abstain"
								       : "for",
					       -1, m.held_at + 3600 + 60 * (int64_t)i / 4);
	if (rc == SB_OK)
		rc = store_meeting_decision_insert(
			c->st, &meeting_ref,
			arena_printf(c->ar,
				     "通过%s实施方案；成立加梯自管小组，方案公示十天后报街道审批",
				     pname),
			m.held_at + 2 * 3600, NULL);
	if (rc == SB_OK)
		rc = store_meeting_update(
			c->st, &meeting_ref, NULL, 0, NULL,
			arena_printf(c->ar,
				     "应到%zu人，实到%d人。居委会介绍意愿调查结果和加梯方案；"
				     "物业和加梯公司说明施工和维保；低层住户提出采光和补偿问题，"
				     "议定按楼层分摊费用、一楼住户不承担。现场表决。",
				     mt.nparticipants, present),
			0, -1, -1, -1); /* held_at and project_id 0: as they are */
	return rc;
}

/* ---- volunteers, teams, activities ---- */

static const char *const skills[] = {"理发",	 "测血压",   "水电维修", "手机教学",
				     "书法",	 "法律咨询", "心理疏导", "垃圾分类宣传",
				     "治安巡逻", "助餐送餐", "摄影",	 "陪同就医"};
static const char *const availability[] = {"工作日上午", "工作日下午", "周末", "每周二、四下午",
					   "随叫随到"};

struct team_plan {
	const char *name, *kind;
};
static const struct team_plan team_plans[] = {
	{"为老服务队", "为老服务"}, {"红袖章", "平安巡逻"}, {"楼道助理", "楼道自治"}};

struct activity_plan {
	const char *title, *place;
	int team; /* index into team_plans */
	int served_min, served_max, age_min;
};
static const struct activity_plan activity_plans[] = {
	{"理发日", "居委会活动室", 0, 30, 70, 70}, {"测血压义诊", "小区广场", 0, 20, 50, 60},
	{"平安巡逻", "各小区", 1, 0, 0, 0},	   {"智能手机教学", "居委会活动室", 0, 12, 30, 60},
	{"楼道堆物清理", "各楼道", 2, 0, 0, 0},	   {"垃圾分类宣传", "垃圾箱房", 2, 20, 40, 18},
};

static int
volunteers(const struct demo_committee *c)
{
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct team_ref teams[3]; /* the first nteams, filled by store_team_insert */
	int64_t *cand, *vols, *members, *served;
	size_t ncand = 0, nv, i, k, nteams = 1 + (size_t)below(c->r, 3), nact, nm;
	int rc = SB_OK;

	cand = arena_alloc(c->ar, (c->nres + 1) * sizeof(*cand));
	served = arena_alloc(c->ar, (c->nres + 1) * sizeof(*served));
	/* Those tagged 志愿者 first, then other adults of working and early retired age. */
	for (i = 0; i < c->nres; i++)
		if (c->res[i].flags & DR_VOLUNTEER)
			cand[ncand++] = (int64_t)i;
	nv = 8 + (size_t)below(c->r, 13);
	shuffle(c->r, cand, ncand, nv);
	if (ncand < nv) {
		size_t have = ncand;

		for (i = 0; i < c->nres; i++)
			if (!(c->res[i].flags & DR_VOLUNTEER) && c->res[i].age >= 25 &&
			    c->res[i].age <= 72)
				cand[ncand++] = (int64_t)i;
		shuffle(c->r, cand + have, ncand - have, nv - have);
	}
	if (nv > ncand)
		nv = ncand;
	vols = arena_alloc(c->ar, (nv + 1) * sizeof(*vols));
	for (i = 0; rc == SB_OK && i < nv; i++) {
		json_t *sk = json_array();
		size_t ns = 1 + (size_t)below(c->r, 3), s0 = (size_t)below(c->r, 12);

		for (k = 0; k < ns; k++)
			json_array_append_new(sk, json_string(skills[(s0 + k * 5) % 12]));
		struct volunteer_ref v;

		rc = store_volunteer_insert(c->st, &sc, c->res[cand[i]].id, c->code, dump(c, sk),
					    PICK(c->r, availability),
					    c->opt->now - 86400 * (int64_t)(60 + below(c->r, 900)),
					    c->ar, &v);
		vols[i] = v.id;
		c->n->volunteers++;
	}
	/* Teams: each volunteer in one, some in two. */
	members = arena_alloc(c->ar, (nv + 1) * sizeof(*members));
	for (k = 0; rc == SB_OK && k < nteams; k++) {
		rc = store_team_insert(c->st, &sc, c->code, team_plans[k].name, team_plans[k].kind,
				       c->opt->now - 86400 * 400, c->ar, &teams[k]);
		nm = 0;
		for (i = 0; i < nv; i++)
			if (i % nteams == k || chance(c->r, 0.15))
				members[nm++] = vols[i];
		if (rc == SB_OK)
			rc = store_team_members_set(c->st, &teams[k], members, nm);
	}
	/* 2–6 activities in the last four months. */
	nact = 2 + (size_t)below(c->r, 5);
	for (k = 0; rc == SB_OK && k < nact; k++) {
		const struct activity_plan *ap = &activity_plans[k % 6];
		size_t team = (size_t)ap->team < nteams ? (size_t)ap->team : 0, nserve = 0, nvol;
		struct activity_ref act;

		rc = store_activity_insert(c->st, &sc, c->code, teams[team].id, ap->title,
					   day_before(c, 5 + below(c->r, 115)), ap->place,
					   c->head_id, c->opt->now, c->ar, &act);
		c->n->activities++;
		nvol = 3 + (size_t)below(c->r, 6);
		nm = 0;
		for (i = 0; i < nv; i++)
			if (i % nteams == team)
				members[nm++] = vols[i];
		shuffle(c->r, members, nm, nvol);
		for (i = 0; rc == SB_OK && i < nvol && i < nm; i++)
			rc = store_activity_volunteer_add(c->st, &act, members[i],
							  15 + below(c->r, 26));
		if (ap->served_max == 0)
			continue;
		for (i = 0; i < c->nres; i++)
			if (c->res[i].age >= ap->age_min)
				served[nserve++] = c->res[i].id;
		nvol = (size_t)(ap->served_min + below(c->r, ap->served_max - ap->served_min + 1));
		shuffle(c->r, served, nserve, nvol);
		for (i = 0; rc == SB_OK && i < nvol && i < nserve; i++)
			rc = store_activity_served_add(c->st, &act, served[i]);
	}
	return rc;
}

int
demo_consult(const struct demo_committee *c)
{
	struct hh_fact *f = hh_facts(c);
	int64_t lift_created = c->opt->now - 86400 * (int64_t)(45 + below(c->r, 15));
	int64_t lift_end = lift_created + 21 * 86400;
	int64_t elder_created = c->opt->now - 86400 * (int64_t)(5 + below(c->r, 8));
	char closes[11];
	bool any_no_lift = false;
	size_t i;
	int rc;

	rc = party_tree(c);
	if (rc == SB_OK)
		rc = liaisons(c);
	for (i = 0; i < c->nbuildings; i++)
		any_no_lift |= !c->buildings[i].lift;
	if (rc == SB_OK && any_no_lift) {
		calendar_add_days(c->today, -(int)((c->opt->now - lift_end) / 86400), closes);
		rc = survey(c, true, json_pack("{s:b}", "no_lift", 1), lift_created, lift_end,
			    arena_strdup(c->ar, closes), true, f);
	}
	if (rc == SB_OK) {
		calendar_add_days(c->today, 14, closes);
		rc = survey(c, false, json_pack("{s:i}", "age_min", 70), elder_created,
			    c->opt->now - 600, arena_strdup(c->ar, closes), false, f);
	}
	if (rc == SB_OK)
		rc = project_meeting(c, lift_end);
	if (rc == SB_OK)
		rc = volunteers(c);
	return rc;
}

/* ---- campaigns, gates, duties, the record (issue 9) ---- */

static json_t *
field(const char *key, const char *label, const char *type, bool required,
      const char *const *options, size_t n)
{
	json_t *f = json_pack("{s:s, s:s, s:s, s:b}", "key", key, "label", label, "type", type,
			      "required", required);
	size_t i;

	if (n) {
		json_t *o = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(o, json_string(options[i]));
		json_object_set_new(f, "options", o);
	}
	return f;
}

static const char *const health[] = {"良好", "一般", "需关注"};
static const char *const willing[] = {"已接种", "愿意接种", "暂不接种", "禁忌症"};

/* The residents a campaign's filter matches, from what the generator made:
 * {"tag_all":["独居老人"]} (alone_old) or {"age_min":N}, as store_filter_residents
 * would find them (born on or before today minus N years; a test checks
 * that they agree).  The register's resident filter scans by birth date
 * across the whole file, which at the street scale costs more than the rest
 * of the committee; the generator knows the answer already. */
static void
targets_of(const struct demo_committee *c, bool alone_old, int age_min, int64_t **ids, size_t *n)
{
	char cut[16];
	size_t i;

	snprintf(cut, sizeof(cut), "%04d%s", (atoi(c->today) - age_min) % 10000, c->today + 4);
	if (strcmp(cut + 4, "-02-29") == 0 &&
	    ((atoi(cut) % 4) != 0 || ((atoi(cut) % 100) == 0 && (atoi(cut) % 400) != 0)))
		memcpy(cut + 4, "-03-01", 7); /* SQLite's date(…, '-N years') */
	*ids = arena_alloc(c->ar, (c->nres + 1) * sizeof(**ids));
	*n = 0;
	for (i = 0; i < c->nres; i++)
		if (alone_old ? (c->res[i].flags & DR_ALONE_OLD) != 0
			      : strcmp(c->res[i].birth, cut) <= 0)
			(*ids)[(*n)++] = c->res[i].id;
}

/* A campaign over a filter of residents; *rows its targets with the grid's
 * worker of today. */
static int
campaign(const struct demo_committee *c, const char *name, json_t *filter, json_t *fields,
	 int64_t created, struct campaign_ref *ref, struct campaign_row **rows, size_t *n)
{
	struct campaign k = {0};
	struct sb_fail fail = {0};
	struct filter f;
	int64_t *ids;
	size_t nids, i;
	json_t *fj;
	char *s;
	int rc;

	*n = 0;
	memset(ref, 0, sizeof(*ref)); /* no campaign when nobody matches */
	k.committee_code = c->code;
	k.name = name;
	k.unit = "resident";
	k.fields = dump(c, fields);
	k.gate_retention_days = GATE_DEFAULT_RETENTION_DAYS;
	k.created_by = c->head_id;
	k.created_at = created;
	rc = filter_from_json(c->st, filter, c->today, c->ar, &f, &fail);
	if (rc != SB_OK) {
		json_decref(filter);
		return rc;
	}
	f.committee_code = c->code;
	targets_of(c, f.ntag_all > 0, f.age_min, &ids, &nids);
	json_decref(filter);
	fj = filter_to_json(&f);
	s = json_dumps(fj, JSON_COMPACT);
	k.filter = arena_strdup(c->ar, s);
	free(s);
	json_decref(fj);
	if (nids == 0)
		return SB_OK;
	rc = store_campaign_insert(c->st, &k, ref);
	for (i = 0; rc == SB_OK && i < nids; i++)
		rc = store_campaign_target_add(c->st, ref, 0, ids[i]);
	c->n->campaigns++;
	if (rc == SB_OK)
		rc = store_campaign_rows(c->st, ref, c->today, c->ar, rows, n);
	return rc;
}

static int
campaigns(const struct demo_committee *c, int64_t *running)
{
	struct campaign_ref ref, running_ref;
	struct campaign_row *rows;
	json_t *fields;
	char summer[16];
	int64_t created;
	size_t n, i;
	double share;
	int rc;

	/* Finished: last summer's heat-wave round of the elderly living alone. */
	snprintf(summer, sizeof(summer), "%.4s-07-10", c->today);
	if (calendar_days_between(summer, c->today) < 45)
		snprintf(summer, sizeof(summer), "%04d-07-10", (atoi(c->today) - 1) % 10000);
	created = at_time(summer, 9 * 60);
	fields = json_pack("[o, o, o, o]",
			   field("visited", "已上门或电话确认", "yes_no", true, NULL, 0),
			   field("health", "身体状况", "choice", true, QOPTS(health)),
			   field("cooling", "空调或电扇正常", "yes_no", false, NULL, 0),
			   field("note", "备注", "text", false, NULL, 0));
	rc = campaign(c, arena_printf(c->ar, "%.4s年夏季高温独居老人走访", summer),
		      json_pack("{s:[s]}", "tag_all", "独居老人"), fields, created, &ref, &rows,
		      &n);
	for (i = 0; rc == SB_OK && i < n; i++) {
		int64_t at = created + 3600 + (int64_t)below(c->r, 18) * 86400 +
			     (int64_t)below(c->r, 8 * 3600);
		bool done = chance(c->r, 0.98);
		json_t *e = done ? json_pack("{s:b, s:s, s:b}", "visited", 1, "health",
					     PICK(c->r, health), "cooling", chance(c->r, 0.9))
				 : json_pack("{s:b, s:s}", "visited", 0, "note",
					     "住院中，已电话联系家属");

		if (done && chance(c->r, 0.1))
			json_object_set_new(e, "note", json_string("已送清凉包，提醒多喝水"));
		rc = store_campaign_entry_put(c->st, &ref, rows[i].target_id, dump(c, e), done,
					      rows[i].worker_id ? rows[i].worker_id : c->workers[0],
					      at);
		c->n->campaign_entries++;
	}
	if (rc == SB_OK && n)
		rc = store_campaign_end(c->st, &ref, created + 25 * 86400);
	if (rc != SB_OK)
		return rc;
	/* Running: the vaccination drive over everyone 60 and over, begun two
	 * weeks ago, 30–70 % done. */
	created = at_time(day_before(c, 14), 9 * 60);
	fields = json_pack("[o, o, o, o, o]", field("informed", "已告知", "yes_no", true, NULL, 0),
			   field("willing", "接种意愿", "choice", true, QOPTS(willing)),
			   field("doses", "已接种剂次", "number", false, NULL, 0),
			   field("appointment", "预约日期", "date", false, NULL, 0),
			   field("note", "备注", "text", false, NULL, 0));
	*running = 0;
	rc = campaign(c, "秋冬季疫苗接种动员（60岁以上）", json_pack("{s:i}", "age_min", 60),
		      fields, created, &running_ref, &rows, &n);
	*running = running_ref.id;
	share = 0.30 + 0.40 * unit(c->r);
	for (i = 0; rc == SB_OK && i < n; i++) {
		int64_t at =
			created + (int64_t)below(c->r, 14) * 86400 + (int64_t)below(c->r, 8 * 3600);
		double u = unit(c->r);
		bool done = u < share;
		json_t *e;

		if (at > c->opt->now)
			at = c->opt->now - 60;
		if (u >= share + 0.08)
			continue; /* nobody has been yet */
		if (done) {
			const char *w = PICK(c->r, willing);

			e = json_pack("{s:b, s:s}", "informed", 1, "willing", w);
			if (strcmp(w, "已接种") == 0)
				json_object_set_new(e, "doses", json_integer(1 + below(c->r, 3)));
			else if (strcmp(w, "愿意接种") == 0)
				json_object_set_new(
					e, "appointment",
					json_string(day_before(c, -(1 + below(c->r, 14)))));
		} else {
			e = json_pack("{s:b, s:s}", "informed", 1, "note", "家属代为了解，待回复");
		}
		rc = store_campaign_entry_put(
			c->st, &running_ref, rows[i].target_id, dump(c, e), done,
			rows[i].worker_id ? rows[i].worker_id : c->workers[0], at);
		c->n->campaign_entries++;
	}
	return rc;
}

/* Gates of the first compound, a gate account at the committee scale, and
 * the last three days of the log (within the 30-day retention). */
static int
gates(const struct demo_committee *c)
{
	static const char *const visitors[] = {"快递员", "外卖骑手", "王先生",
					       "李女士", "维修师傅", "家政阿姨"};
	static const char *const purposes[] = {"送快递",   "送外卖",   "探亲访友",
					       "上门维修", "家政服务", "看房"};
	static const char *const places[] = {"本市", "本市", "本市", "江苏", "浙江", "安徽"};
	static const int hour_weight[24] = {0, 0, 0, 0, 0, 1, 3, 8, 9, 5, 4, 5,
					    6, 4, 3, 3, 4, 7, 9, 6, 4, 3, 1, 0};
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	struct gate_ref gate[2]; /* the first ngates, made below */
	int64_t guard = 0, *res;
	size_t ngates = 1 + (size_t)below(c->r, 2), nres = 0, i, k;
	int d, rc = SB_OK, wsum = 0, h;

	for (h = 0; h < 24; h++)
		wsum += hour_weight[h];
	res = arena_alloc(c->ar, (c->nres + 1) * sizeof(*res));
	for (i = 0; i < c->nres; i++)
		if (compound_of(c, c->res[i].hh) == 0 && c->res[i].age >= 12)
			res[nres++] = c->res[i].id;
	for (k = 0; rc == SB_OK && k < ngates; k++) {
		rc = store_gate_insert(c->st, &sc, c->compounds[0].id, c->code, k ? "北门" : "南门",
				       c->opt->now - 86400 * 30, &gate[k]);
		c->n->gates++;
	}
	/* A gate account only where the generator makes one committee: its
	 * name is announced by sibai demo with the workers'. */
	if (rc == SB_OK && strlen(c->opt->area) == 12) {
		const char *scope[1] = {c->code};

		rc = store_user_insert(c->st, arena_printf(c->ar, "g%s_1", c->code + 6),
				       c->password_hash, ROLE_WORKER, scope, 1, c->opt->now,
				       &guard);
		if (rc == SB_OK)
			rc = demo_staff_profile(c->st, guard,
						arena_printf(c->ar, "g%s_1", c->code + 6),
						"gate_guard");
		if (rc == SB_OK)
			rc = store_gate_guard_set(c->st, &gate[0], guard, true);
	}
	for (d = 2; rc == SB_OK && d >= 0; d--) {
		const char *day = day_before(c, d);

		for (k = 0; rc == SB_OK && k < ngates; k++) {
			int ne = 20 + below(c->r, 25), e;

			for (e = 0; rc == SB_OK && e < ne; e++) {
				struct gate_entry g = {0};
				int w = below(c->r, wsum), minute;

				for (h = 0; w >= hour_weight[h]; h++)
					w -= hour_weight[h];
				minute = h * 60 + below(c->r, 60);
				g.gate_id = gate[k].id;
				g.committee_code = c->code;
				g.at = at_time(day, minute);
				if (g.at > c->opt->now)
					continue;
				g.direction = chance(c->r, 0.5) ? "in" : "out";
				if (nres && chance(c->r, 0.7)) {
					g.person = "resident";
					g.resident_id = res[below(c->r, (int)nres)];
				} else {
					int v = below(c->r, 6);

					g.person = "visitor";
					g.name = visitors[v];
					g.purpose = purposes[v];
					g.from_place = PICK(c->r, places);
				}
				g.recorded_by = k == 0 && guard ? guard : c->workers[k];
				g.recorded_at = g.at + 30;
				rc = store_gate_entry_insert(c->st, &gate[k], &g, NULL);
				c->n->gate_entries++;
			}
		}
	}
	return rc;
}

/* Pairs per task kind for the last three working days (today's not yet done). */
static int
duties(const struct demo_committee *c, int64_t running)
{
	static const char *const kinds[] = {"registration", "delivery", "patrol", "hazard_check",
					    "publicity"};
	static const char *const summaries[] = {
		"上门登记接种意愿，完成所负责楼栋", "为独居老人送药送菜上门",
		"巡查小区两圈，劝离楼道电动车充电一处", "检查楼道消防通道，堆物已通知清理",
		"张贴宣传海报，发放告知书"};
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD};
	int64_t w[16];
	char day[11];
	int found = 0, back;
	int rc = SB_OK;

	memcpy(day, c->today, 11);
	for (back = 0; rc == SB_OK && found < 3 && back < 12; back++) {
		bool workday = false;
		size_t nw = c->nworkers < 16 ? c->nworkers : 16, i, k;

		calendar_add_days(c->today, -back, day);
		rc = calendar_is_workday(c->st, day, &workday);
		if (rc != SB_OK || !workday)
			continue;
		found++;
		memcpy(w, c->workers, nw * sizeof(*w));
		shuffle(c->r, w, nw, nw);
		for (i = 0, k = 0; rc == SB_OK && i < nw; i += 2, k++) {
			struct duty d = {0};
			int cp = (int)(k % c->ncompounds);
			json_t *areas = json_pack("{s:[], s:[I], s:[]}", "grid_ids", "compound_ids",
						  (json_int_t)c->compounds[cp].id, "building_ids");
			struct duty_ref duty;

			d.committee_code = c->code;
			d.date = arena_strdup(c->ar, day);
			d.kind = kinds[k % 5];
			d.campaign_id = strcmp(d.kind, "registration") == 0 ? running : 0;
			d.areas = dump(c, areas);
			d.note = k % 5 == 1 ? "重点：独居、高龄老人" : NULL;
			d.created_by = c->head_id;
			d.created_at = at_time(day, 8 * 60 + 20);
			if (d.created_at > c->opt->now)
				d.created_at = c->opt->now;
			rc = store_duty_insert(c->st, &sc, &d, c->ar, &duty);
			if (rc == SB_OK)
				rc = store_duty_worker_add(c->st, &duty, w[i]);
			if (rc == SB_OK && i + 1 < nw)
				rc = store_duty_worker_add(c->st, &duty, w[i + 1]);
			if (rc == SB_OK && back > 0)
				rc = store_duty_done(c->st, &duty, summaries[k % 5],
						     at_time(day, 16 * 60 + below(c->r, 90)));
			c->n->duties++;
		}
	}
	return rc;
}

/* The district's weights (the defaults, set explicitly) and training hours
 * that the street recorded for each worker in the last year. */
static int
record(const struct demo_committee *c)
{
	static const char *const topics[] = {"社区工作者职业能力培训", "应急处置演练",
					     "个人信息保护（PIPL）", "为老服务政策解读",
					     "矛盾纠纷调解实务"};
	struct scope sc = {c->head_id, ROLE_COMMITTEE_HEAD}; /* the head's workers */
	struct record_weights rw;
	char district[7], street[10];
	int per, rc;
	size_t i;

	snprintf(district, sizeof(district), "%.6s", c->code);
	snprintf(street, sizeof(street), "%.9s", c->code);
	rc = store_record_weights(c->st, district, &rw, &per);
	if (rc == SB_OK)
		rc = store_record_weights_put(c->st, district, &rw, per, c->opt->now);
	for (i = 0; rc == SB_OK && i < c->nworkers; i++) {
		int k, nt = 1 + below(c->r, 3);

		for (k = 0; rc == SB_OK && k < nt; k++) {
			rc = store_training_insert(c->st, &sc, c->workers[i], street,
						   day_before(c, 7 + below(c->r, 350)),
						   2 + 2 * below(c->r, 4), PICK(c->r, topics), 0,
						   c->opt->now, NULL);
			c->n->trainings++;
		}
	}
	return rc;
}

int
demo_campaigns(const struct demo_committee *c)
{
	int64_t running = 0;
	int rc = campaigns(c, &running);

	if (rc == SB_OK)
		rc = gates(c);
	if (rc == SB_OK)
		rc = duties(c, running);
	if (rc == SB_OK)
		rc = record(c);
	return rc;
}
