#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/demo.h"
#include "core/grids.h"
#include "core/ident.h"
#include "core/issues.h"
#include "core/visits.h"
#include "util/clock.h"
#include "util/xalloc.h"

/* Shares and sizes are explained in docs/demo-data.md. */

uint64_t
demo_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
below(uint64_t *r, int n)
{
	return (int)(demo_rand(r) % (uint64_t)n);
}

static bool
chance(uint64_t *r, double p)
{
	return (double)(demo_rand(r) >> 11) / 9007199254740992.0 < p;
}

const struct demo_user demo_users[DEMO_NUSERS] = {
	{"putuo_district", ROLE_DISTRICT, "310107", "普陀区（区级，看全区）"},
	{"changshou_street", ROLE_STREET, "310107015", "长寿路街道（街道级，看全街道）"},
	{"puxiong_head", ROLE_COMMITTEE_HEAD, "310107015028", "普雄路居委会书记"},
	{"puxiong_worker", ROLE_WORKER, "310107015028", "普雄路居委会社工，负责第2网格"},
};

bool
demo_user_within(const struct demo_user *u, const char *area)
{
	return strncmp(u->scope, area, strlen(area)) == 0;
}

int
demo_check_fresh(struct store *st, const char *area, struct arena *ar, const char **why)
{
	struct area_list committees;
	struct user u;
	size_t i;
	int rc = SB_OK;

	*why = NULL;
	for (i = 0; rc == SB_OK && i < DEMO_NUSERS; i++) {
		if (!demo_user_within(&demo_users[i], area))
			continue;
		rc = store_user_by_name(st, demo_users[i].username, ar, &u);
		if (rc == SB_OK) {
			*why = arena_printf(ar, "the user %s exists already", u.username);
			return SB_CONFLICT;
		}
		if (rc == SB_NOT_FOUND)
			rc = SB_OK;
	}
	if (rc == SB_OK)
		rc = store_committees_under(st, area, ar, &committees);
	for (i = 0; rc == SB_OK && i < committees.n; i++) {
		const char *name = arena_printf(ar, "h%s", committees.items[i].code + 6);

		rc = store_user_by_name(st, name, ar, &u);
		if (rc == SB_OK) {
			*why = arena_printf(ar, "%s %s has demo data already (its head %s exists)",
					    committees.items[i].code, committees.items[i].name,
					    name);
			return SB_CONFLICT;
		}
		if (rc == SB_NOT_FOUND)
			rc = SB_OK;
	}
	return rc;
}

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
	"吕", "丁", "沈", "姚", "陆", "顾", "钱", "汪", "金", "施", "范", "倪", "严", "毛", "陶",
};
static const char *const given_old_f[] = {"秀英", "桂英", "凤英", "玉兰", "桂兰", "秀珍",
					  "美华", "月娥", "阿娣", "惠珍", "菊芳", "金娣",
					  "雅琴", "佩华", "丽娟", "素芬"};
static const char *const given_old_m[] = {"建国", "国强", "志明", "德明", "宝林", "根发",
					  "金龙", "荣生", "正华", "家声", "阿毛", "伟民",
					  "国华", "永康", "文彬", "立新"};
static const char *const given_young[] = {"子涵", "一诺", "浩然", "欣怡", "雨轩", "梓萱",
					  "俊杰", "思远", "佳怡", "天佑", "晨曦", "若溪",
					  "文博", "佳琪", "皓轩", "诗涵", "晓东", "海燕",
					  "丽华", "敏",	  "磊",	  "静",	  "杰",	  "颖"};

/* A staff account's name from a hash of its login, not from the generator's
 * draws: the data a seed makes stays the same. */
int
demo_staff_profile(struct store *st, int64_t id, const char *login, const char *title)
{
	uint32_t h = 2166136261u;
	char name[32];
	const char *p;

	for (p = login; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	snprintf(name, sizeof(name), "%s%s", surnames[h % (sizeof(surnames) / sizeof(*surnames))],
		 given_young[(h >> 8) % (sizeof(given_young) / sizeof(*given_young))]);
	return store_user_set_profile(st, id, name, title, NULL, 0, NULL);
}

static const char *const compound_words[] = {"新村", "花园", "苑",   "小区", "公寓",
					     "坊",   "里",   "家园", "城"};
static const char *const compound_heads[] = {"普雄", "长寿", "梅岭", "曹杨", "真如", "中远",
					     "宜川", "管弄", "武宁", "金沙", "兰溪", "桃浦",
					     "石泉", "甘泉", "长征", "万里", "光新", "岚皋",
					     "沪太", "志丹", "铜川", "新会", "绿洲", "清涧"};

struct kind_plan {
	const char *kind;
	int year_from, year_to;
	int floors_min, floors_max;
	double lift_share;
	int rooms_per_floor_min, rooms_per_floor_max;
	int buildings_min, buildings_max;
};

/* Compound kinds of a Putuo committee: old lane estates, 1950s–80s worker
 * villages, 1990s sold public housing, 2000s commercial estates. */
static const struct kind_plan kinds[] = {
	{"old_public", 1952, 1985, 4, 6, 0.02, 4, 6, 6, 16},
	{"sold_public", 1986, 1999, 6, 7, 0.10, 4, 6, 8, 20},
	{"commercial", 1996, 2016, 11, 30, 1.0, 4, 8, 4, 12},
	{"relocation", 1930, 1960, 2, 3, 0.0, 4, 8, 5, 12},
	{"other", 1980, 2005, 5, 12, 0.4, 4, 6, 3, 8},
};
static const int kind_weights[] = {30, 30, 25, 8, 7};

struct gen {
	struct store *st;
	const struct demo_options *opt;
	uint64_t r;
	struct arena ar; /* for the whole run */
	struct arena w;	 /* for one committee, cleared after it */
	struct demo_counts n;
	char since[11]; /* the first day of visits */
	char today[11];
	int64_t tag_ids[16];
	const char *tag_names[16];
	int tag_interval[16];
	size_t ntags;
	char *password_hash;
	const char *district;
	struct issue_category_list categories;
	int64_t head_id;
	int64_t user_ids[DEMO_NUSERS]; /* the named users made (0: not made) */
	int64_t last_tag_at;	       /* when the last tag put was put */
	int64_t alone_since;	       /* the household's 独居老人 tag (0: none) */
	/* The committee being made, for demo_consult.c. */
	struct demo_resident *res;
	size_t nres, res_cap;
	int cur_hh;
	int64_t lift_issues[16];
	int lift_issue_hh[16];
	size_t nlift;
};

/* The register is written as the committee's head (made first), whose
 * scope the store checks like anyone's. */
static struct scope
head_scope(const struct gen *g)
{
	struct scope sc = {g->head_id, ROLE_COMMITTEE_HEAD};

	return sc;
}

static int
insert(struct gen *g, const char *table, struct store_col *cols, size_t n, int64_t *id)
{
	struct scope sc = head_scope(g);

	return store_row_insert(g->st, &sc, table, cols, n, id);
}

static void
col_text_v(struct store_col *c, const char *name, const char *v)
{
	c->name = name;
	c->type = v ? COL_TEXT : COL_NULL;
	c->s = v;
}

static void
col_int_v(struct store_col *c, const char *name, int64_t v)
{
	c->name = name;
	c->type = COL_INT;
	c->i = v;
}

static void
col_secret(struct gen *g, struct store_col *c, const char *base, const char *clear, bool id)
{
	char mask[24], idx[SB_HASH_HEX];
	unsigned char *box;
	size_t len;

	crypto_seal(g->opt->key, clear, &box, &len);
	c[0].name = arena_printf(&g->w, "%s_enc", base);
	c[0].type = COL_BLOB;
	c[0].blob = arena_alloc(&g->w, len);
	memcpy((void *)c[0].blob, box, len);
	c[0].bloblen = len;
	free(box);
	crypto_blind_index(g->opt->key, clear, idx);
	if (id)
		ident_mask_id(clear, mask);
	else
		ident_mask_phone(clear, mask);
	col_text_v(&c[1], arena_printf(&g->w, "%s_idx", base), arena_strdup(&g->w, idx));
	col_text_v(&c[2], arena_printf(&g->w, "%s_mask", base), arena_strdup(&g->w, mask));
}

/* A synthetic ID number with a correct check digit. */
static void
id_number(struct gen *g, const char *birth, bool female, char out[19])
{
	snprintf(out, 19, "%.6s%.4s%.2s%.2s%02d%d", g->district, birth, birth + 5, birth + 8,
		 below(&g->r, 100), below(&g->r, 5) * 2 + (female ? 0 : 1));
	out[17] = ident_id_check_digit(out);
	out[18] = '\0';
}

/* Ages in Shanghai's old structure: about 37 % are 60 and over. */
static int
adult_age(struct gen *g)
{
	int p = below(&g->r, 100);

	/* Heads of household; with spouses, children and grandchildren the
	 * residents come out about 37 % aged 60 and over. */
	if (p < 13)
		return 80 + below(&g->r, 15);
	if (p < 52)
		return 60 + below(&g->r, 20);
	if (p < 78)
		return 40 + below(&g->r, 20);
	return 22 + below(&g->r, 18);
}

static void
birth_of(struct gen *g, int age, char out[11])
{
	char d[11];

	calendar_add_days(g->today, -(age * 365 + below(&g->r, 365)), d);
	memcpy(out, d, 11);
}

static int
tag_index(struct gen *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->ntags; i++)
		if (strcmp(g->tag_names[i], name) == 0)
			return (int)i;
	return -1;
}

static int
put_tag(struct gen *g, const char *entity, int64_t id, const char *name, int *interval)
{
	int i = tag_index(g, name);

	if (i < 0)
		return SB_OK;
	if (g->tag_interval[i] > 0 && (*interval == 0 || g->tag_interval[i] < *interval))
		*interval = g->tag_interval[i];
	/* Tags set over the last three years; 独居老人 is reviewed every year, so
	 * its date is within the last one. */
	g->last_tag_at = g->opt->now - 86400 * below(&g->r, strcmp(name, "独居老人") ? 1000 : 365);
	return store_tag_put(g->st, entity, id, g->tag_ids[i], 0, g->last_tag_at, NULL);
}

struct person {
	int age;
	bool female;
	const char *relation;
};

/* One resident; *interval gets the strictest tag interval so far. */
static int
resident(struct gen *g, int64_t household, const char *committee, const struct person *p,
	 bool alone, int floor, bool lift, int *interval)
{
	struct store_col c[24];
	char birth[11], idn[19], phone[16], name[32];
	size_t n = 0;
	unsigned flags = 0;
	bool party;
	int64_t id;
	int rc;

	birth_of(g, p->age, birth);
	snprintf(name, sizeof(name), "%s%s",
		 surnames[below(&g->r, (int)(sizeof(surnames) / sizeof(*surnames)))],
		 p->age >= 55 ? (p->female ? given_old_f[below(&g->r, 16)]
					   : given_old_m[below(&g->r, 16)])
			      : given_young[below(
					&g->r, (int)(sizeof(given_young) / sizeof(*given_young)))]);
	id_number(g, birth, p->female, idn);
	col_int_v(&c[n++], "household_id", household);
	col_text_v(&c[n++], "committee_code", committee);
	col_text_v(&c[n++], "name", arena_strdup(&g->w, name));
	col_text_v(&c[n++], "gender", p->female ? "female" : "male");
	col_text_v(&c[n++], "birth_date", arena_strdup(&g->w, birth));
	col_secret(g, &c[n], "id_number", idn, true);
	n += 3;
	if (p->age >= 16 && chance(&g->r, 0.8)) {
		snprintf(phone, sizeof(phone), "1%d%09d", 3 + below(&g->r, 7),
			 below(&g->r, 1000000000));
		col_secret(g, &c[n], "phone", phone, false);
		n += 3;
	}
	col_text_v(&c[n++], "relation", p->relation);
	col_text_v(&c[n++], "residence_kind",
		   chance(&g->r, 0.72)	? "registered"
		   : chance(&g->r, 0.5) ? "resident"
		   : chance(&g->r, 0.6) ? "floating"
					: "separated");
	/* Party members: adults only, about 7 % of them (5 % under 60, 9 % of
	 * those 60 and over), so a building's group has a handful. */
	party = p->age >= 18 && chance(&g->r, p->age >= 60 ? 0.09 : 0.05);
	col_int_v(&c[n++], "party_member", party);
	col_int_v(&c[n++], "created_at", g->opt->now);
	col_int_v(&c[n++], "updated_at", g->opt->now);
	rc = insert(g, "resident", c, n, &id);
	if (rc == SB_OK) {
		struct scope sc = head_scope(g);

		rc = store_resident_reindex(g->st, &sc, id);
	}
	/* Tags at plausible shares (docs/demo-data.md). */
	if (rc == SB_OK && alone && p->age >= 65) {
		rc = put_tag(g, "resident", id, "独居老人", interval);
		flags |= DR_ALONE_OLD;
		g->alone_since = g->last_tag_at;
	}
	if (rc == SB_OK && alone && p->age >= 70 && chance(&g->r, 0.15))
		rc = put_tag(g, "resident", id, "孤寡老人", interval);
	if (rc == SB_OK && p->age >= 60 && chance(&g->r, 0.03))
		rc = put_tag(g, "resident", id, "残障人士", interval);
	if (rc == SB_OK && p->age >= 60 && chance(&g->r, 0.025))
		rc = put_tag(g, "resident", id, "大病重病家庭", interval);
	if (rc == SB_OK && party && p->age >= 75 && chance(&g->r, 0.6))
		rc = put_tag(g, "resident", id, "老党员", interval);
	if (rc == SB_OK && p->age >= 75 && chance(&g->r, 0.005))
		rc = put_tag(g, "resident", id, "老干部", interval);
	if (rc == SB_OK && p->age >= 30 && p->age < 70 && chance(&g->r, 0.01)) {
		rc = put_tag(g, "resident", id, "社区能人", interval);
		flags |= DR_TALENT;
	}
	if (rc == SB_OK && p->age >= 50 && chance(&g->r, 0.008)) {
		rc = put_tag(g, "resident", id, "楼组长", interval);
		flags |= DR_BUILDING_LEADER;
	}
	if (rc == SB_OK && p->age >= 25 && chance(&g->r, 0.03)) {
		rc = put_tag(g, "resident", id, "志愿者", interval);
		flags |= DR_VOLUNTEER;
	}
	(void)floor;
	(void)lift;
	if (rc == SB_OK && g->nres < g->res_cap) {
		if (party)
			flags |= DR_PARTY;
		if (strcmp(p->relation, "head") == 0)
			flags |= DR_HEAD;
		struct demo_resident *dr = &g->res[g->nres++];

		*dr = (struct demo_resident){id, g->cur_hh, p->age, flags, {0}};
		memcpy(dr->birth, birth, sizeof(dr->birth));
	}
	g->n.residents++;
	return rc;
}

/* The members of a household: one to six people, 2.5 on average. */
static size_t
members(struct gen *g, struct person *m)
{
	int p = below(&g->r, 100);
	size_t n = 0;
	int head = adult_age(g);

	m[n++] = (struct person){head, chance(&g->r, 0.52), "head"};
	if (p < 15)
		return n; /* one person */
	m[n++] = (struct person){head + below(&g->r, 7) - 3, !m[0].female, "spouse"};
	if (p < 45)
		return n; /* a couple */
	if (head < 60) {
		int kids = 1 + (chance(&g->r, 0.25) ? 1 : 0);

		while (kids-- > 0 && n < 6)
			m[n++] = (struct person){(head > 28 ? head - 26 : 2) - below(&g->r, 4) + 2,
						 chance(&g->r, 0.5), "child"};
		if (chance(&g->r, 0.3) && n < 6)
			m[n++] = (struct person){head + 27 + below(&g->r, 6), chance(&g->r, 0.6),
						 "parent"};
	} else {
		m[n++] = (struct person){head - 28 - below(&g->r, 5), chance(&g->r, 0.5), "child"};
		if (chance(&g->r, 0.5) && n < 6)
			m[n++] = (struct person){below(&g->r, 15) + 3, chance(&g->r, 0.5),
						 "grandchild"};
	}
	return n;
}

/* Four years of visits to a household, keeping to its interval imperfectly. */
static int
visits(struct gen *g, const struct scope *sc, int64_t household, const char *committee,
       int interval, const int64_t *workers, size_t nworkers, int64_t weekly_since)
{
	static const char *const channels[] = {"home",	 "home",   "home",  "phone",
					       "street", "office", "online"};
	static const char *const observed[] = {"家中整洁，身体尚可", "独自在家，精神不错",
					       "厨房燃气阀门老化",   "楼道堆物，已提醒",
					       "家中整洁",	     "腿脚不便，上下楼困难"};
	static const char *const needs[] = {
		NULL, NULL, "需要配药送药", "希望加装电梯", "需要助浴服务", "提醒更换燃气软管",
		NULL};
	char day[11], start[11];
	struct visit_ref last; /* the last visit made (id 0: none): its household's summary */
	int step, rc = SB_OK;

	last.id = 0;
	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	memcpy(start, g->since, 11);
	calendar_add_days(start, below(&g->r, interval < 60 ? interval : 60), day);
	while (rc == SB_OK && strcmp(day, g->today) < 0) {
		struct visit v = {0};
		int minute = 8 * 60 + 30 + below(&g->r, 9 * 60);

		/* Workers visit in the morning (330), the vulnerable more reliably. */
		if (chance(&g->r, 0.75))
			minute = 8 * 60 + 30 + below(&g->r, 7 * 60);
		v.household_id = household;
		v.committee_code = committee;
		v.worker_id = workers[below(&g->r, (int)nworkers)];
		v.visited_on = day;
		v.visited_at = 0;
		clock_day_start(day, &v.visited_at); /* 00:00 Shanghai */
		v.visited_at += minute * 60;
		v.minute_of_day = minute;
		v.channel = channels[below(&g->r, 7)];
		v.observed = observed[below(&g->r, 6)];
		v.needs = needs[below(&g->r, 7)];
		v.created_at = v.updated_at = v.visited_at;
		rc = store_visit_insert(g->st, sc, &v, &last);
		g->n.visits++;
		/* The policy kept imperfectly: 0.6 to 2.2 times the interval, and
		 * the weekly visits of the most vulnerable nearer monthly, as the
		 * district's published figures imply (2.7 M visits, 480 k homes). */
		step = interval * (60 + below(&g->r, 160)) / 100;
		if (weekly_since && interval <= 7 && v.visited_at >= weekly_since)
			/* Since the tag, the worker keeps the week: nine visits in ten
			 * within it, the rest a few days late. */
			step = chance(&g->r, 0.9) ? interval - 2 + below(&g->r, 3)
						  : interval + 1 + below(&g->r, 4);
		else if (interval < 30 && step < 14)
			step = 14 + below(&g->r, 40);
		else if (interval < 90 && step < 30)
			step = 30 + below(&g->r, 60);
		calendar_add_days(day, step, day);
	}
	if (rc == SB_OK && last.id != 0)
		rc = store_household_visit_refresh(g->st, &last);
	return rc;
}

static const char *
compound_name(struct gen *g, int i)
{
	return arena_printf(&g->w, "%s%s%s", compound_heads[below(&g->r, 24)],
			    i % 3 == 2 ? "二" : "", compound_words[below(&g->r, 9)]);
}

/* Issues of a committee over the years: categories in the proportions of a
 * Putuo committee's work, most taken in at the counter or on visits, about one
 * in eight escalated to the street and one in thirty on to the district,
 * accepted within hours, resolved within days, nearly all closed. */
static int
issues(struct gen *g, const char *code, const int64_t *households, const int64_t *compounds,
       size_t nh, const int64_t *workers, size_t nworkers)
{
	static const char *const cats[] = {"repairs",
					   "repairs",
					   "repairs",
					   "sanitation",
					   "sanitation",
					   "noise",
					   "neighbour_dispute",
					   "neighbour_dispute",
					   "elderly_care",
					   "elderly_care",
					   "elderly_care",
					   "garbage",
					   "ebike_charging",
					   "ebike_charging",
					   "safety",
					   "lift",
					   "group_rental",
					   "other"};
	static const char *const channels[] = {"office", "office", "visit",  "visit",
					       "phone",	 "online", "hotline"};
	/* What residents say, by category (each names its matter: 修, 噪声, 纠纷 …). */
	static const struct {
		const char *cat, *text[3];
	} texts[] = {
		{"repairs",
		 {"楼道灯坏了，晚上看不清台阶，请报修", "楼上漏水，天花板发霉，请维修",
		  "下水道堵塞，请疏通维修"}},
		{"sanitation",
		 {"楼道堆物，影响环境卫生，请清理", "绿化带积水滋生蚊虫，请清理消杀",
		  "楼道墙面小广告多，请清除"}},
		{"noise",
		 {"邻居装修噪声太大，中午也不停", "楼下广场舞音响噪声扰民",
		  "夜间空调外机噪声大，影响休息"}},
		{"neighbour_dispute",
		 {"楼上楼下因漏水起纠纷，请居委会调解", "邻居占用公共走道，双方起纠纷",
		  "养狗扰邻，邻里有纠纷，请调解"}},
		{"elderly_care",
		 {"老人腿脚不便，需要代配药", "独居老人申请社区助餐", "老人需要上门助浴服务"}},
		{"garbage",
		 {"垃圾箱房气味大，请清运", "垃圾分类投放点有人乱扔垃圾",
		  "大件垃圾堆放多日无人清运"}},
		{"ebike_charging",
		 {"电动车在楼道里充电，担心起火", "有人从楼上拉电线给电动车充电",
		  "希望增设电动车充电桩"}},
		{"safety",
		 {"消防通道被车辆堵塞，存在安全隐患", "楼道灭火器过期，存在安全隐患",
		  "外墙瓷砖松动，有坠落的安全隐患"}},
		{"lift", {"希望加装电梯", "电梯经常故障停运", "电梯运行有异响"}},
		{"group_rental",
		 {"群租房人员进出频繁", "隔壁一套房住了十几个人，疑似群租",
		  "群租户夜间吵闹，请核查"}},
		{"other", {"咨询居住证办理", "咨询高龄津贴申领", "建议小区增设休息座椅"}},
	};
	size_t n = nh / 4 + (size_t)below(&g->r, (int)(nh / 20 + 1)), k;
	int rc = SB_OK;

	for (k = 0; rc == SB_OK && k < n; k++) {
		const char *cat = cats[below(&g->r, (int)(sizeof(cats) / sizeof(*cats)))];
		const struct issue_category *c = NULL;
		struct issue i = {0};
		struct issue_event e = {0};
		struct issue_ref ref;
		struct scope sc;
		char due[11], receipt[32];
		int64_t id, t, worker = workers[below(&g->r, (int)nworkers)];
		int p = below(&g->r, 100), esc = below(&g->r, 100), hh;
		size_t ci;

		for (ci = 0; ci < g->categories.n; ci++)
			if (strcmp(g->categories.items[ci].code, cat) == 0)
				c = &g->categories.items[ci];
		if (c == NULL)
			continue;
		t = g->opt->now - (int64_t)below(&g->r, 365 * g->opt->years) * 86400 -
		    below(&g->r, 9 * 3600);
		i.category = cat;
		for (ci = 0; ci < sizeof(texts) / sizeof(*texts); ci++)
			if (strcmp(texts[ci].cat, cat) == 0)
				i.description = texts[ci].text[below(&g->r, 3)];
		if (i.description == NULL)
			i.description = texts[10].text[below(&g->r, 3)];
		i.channel = channels[below(&g->r, 7)];
		i.priority = chance(&g->r, 0.1) ? "urgent" : "normal";
		i.level = esc < 3 ? "district" : esc < 12 ? "street" : "committee";
		i.area_code = code;
		i.committee_code = code;
		i.street_code = arena_printf(&g->w, "%.9s", code);
		hh = below(&g->r, (int)nh);
		i.household_id = households[hh];
		i.compound_id = compounds[hh];
		i.created_by = worker;
		i.created_at = i.recorded_at = i.level_since = t;
		i.escalations = strcmp(i.level, "committee") == 0 ? 0
				: strcmp(i.level, "street") == 0  ? 1
								  : 2;
		rc = issue_due(g->st, c,
			       strcmp(i.level, "district") == 0 ? IL_DISTRICT
			       : strcmp(i.level, "street") == 0 ? IL_STREET
								: IL_COMMITTEE,
			       strcmp(i.priority, "urgent") == 0, t, due, &i.due_at);
		if (rc != SB_OK)
			break;
		i.due_date = arena_strdup(&g->w, due);
		/* Issues of more than 45 days ago were seen through and closed:
		 * the open queues hold the recent ones. */
		if (g->opt->now - t > 45 * 86400)
			p = p % 85;
		i.accepted_at = p < 98 ? t + 600 + below(&g->r, 6 * 3600) : 0;
		i.resolved_at = p < 90 ? i.accepted_at + 3600 + (int64_t)below(&g->r, 12) * 86400 +
						 below(&g->r, 86400)
				       : 0;
		if (i.resolved_at > g->opt->now)
			i.resolved_at = 0;
		i.closed_at = i.resolved_at && p < 85
				      ? i.resolved_at + (int64_t)below(&g->r, 3) * 86400 + 3600
				      : 0;
		if (i.closed_at > g->opt->now)
			i.closed_at = 0;
		i.status = i.closed_at	   ? "closed"
			   : i.resolved_at ? "resolved"
			   : i.accepted_at ? (p < 95 ? "in_progress" : "accepted")
					   : "received";
		/* Escalated, an issue is the street's (or district's): no worker of
		 * the committee holds it. */
		i.assignee_id = i.accepted_at && i.escalations == 0 ? worker : 0;
		i.resolution = i.resolved_at ? "已处理，已回访居民" : NULL;
		i.satisfaction = i.closed_at ? (chance(&g->r, 0.8) ? 5 : 3 + below(&g->r, 2)) : 0;
		i.feedback_at = i.satisfaction ? i.closed_at : 0;
		i.updated_at = i.closed_at     ? i.closed_at
			       : i.resolved_at ? i.resolved_at
			       : i.accepted_at ? i.accepted_at
					       : t;
		/* The demo acts as the worker who takes the issue in (its scope
		 * is the committee). */
		sc.user_id = worker;
		sc.role = ROLE_WORKER;
		rc = store_issue_insert(g->st, &sc, &i, &g->w, &ref);
		id = ref.id;
		if (rc == SB_OK && g->nlift < 16 && strcmp(cat, "lift") == 0) {
			g->lift_issues[g->nlift] = id;
			g->lift_issue_hh[g->nlift++] = hh;
		}
		if (rc == SB_OK) {
			/* The insert takes what intake knows; the rest of the life is an update. */
			i.id = id;
			rc = store_issue_update(g->st, &ref, &i);
		}
		if (rc == SB_OK) {
			issue_receipt_no(id, t, receipt);
			rc = store_issue_set_receipt(g->st, &ref, receipt);
		}
		if (rc == SB_OK && i.satisfaction)
			rc = store_issue_feedback_tally(g->st, &ref, i.satisfaction);
		/* The timeline: taken in, accepted, resolved, closed. */
		e.issue_id = id;
		e.user_id = worker;
		e.level = i.level;
		if (rc == SB_OK) {
			e.at = t;
			e.action = "create";
			e.to_status = "received";
			rc = store_issue_event_add(g->st, &ref, &e, NULL);
		}
		if (rc == SB_OK && i.accepted_at) {
			e.at = i.accepted_at;
			e.action = "accept";
			e.from_status = "received";
			e.to_status = "accepted";
			rc = store_issue_event_add(g->st, &ref, &e, NULL);
		}
		if (rc == SB_OK && i.escalations > 0) {
			e.at = i.accepted_at ? i.accepted_at + 1800 : t + 1800;
			e.action = "escalate";
			e.from_status = "accepted";
			e.to_status = "received";
			e.level = "street";
			e.reason = "居民区无法解决，请街道协调";
			rc = store_issue_event_add(g->st, &ref, &e, NULL);
			if (rc == SB_OK && i.escalations > 1) {
				e.at += 86400;
				e.level = "district";
				e.reason = "需区职能部门处理";
				rc = store_issue_event_add(g->st, &ref, &e, NULL);
			}
			e.reason = NULL;
			e.level = i.level;
		}
		if (rc == SB_OK && i.resolved_at) {
			e.at = i.resolved_at;
			e.action = "resolve";
			e.from_status = "in_progress";
			e.to_status = "resolved";
			e.note = i.resolution;
			rc = store_issue_event_add(g->st, &ref, &e, NULL);
		}
		if (rc == SB_OK && i.closed_at) {
			e.at = i.closed_at;
			e.action = "close";
			e.from_status = "resolved";
			e.to_status = "closed";
			e.note = NULL;
			rc = store_issue_event_add(g->st, &ref, &e, NULL);
		}
		g->n.issues++;
	}
	return rc;
}

/* The reception roster (330工作法) of this month and the next, as POST
 * /api/v1/reception/roster makes it: one worker a working day, in turn,
 * put by the committee's head (head). */
static int
roster(struct gen *g, const char *code, int64_t head, const int64_t *workers, size_t nworkers)
{
	const struct scope of_head = {.user_id = head, .role = ROLE_COMMITTEE_HEAD};
	struct roster_ref r;
	char d[11], end[24];
	size_t k = 0;
	int rc, y, m;

	rc = store_roster_find(g->st, &of_head, code, &g->w, &r);
	memcpy(d, g->today, 8);
	memcpy(d + 8, "01", 3);
	sscanf(g->today, "%d-%d", &y, &m);
	y += m >= 11;
	m = m >= 11 ? m - 10 : m + 2;
	snprintf(end, sizeof(end), "%04d-%02d-01", y % 10000, m % 100);
	for (; rc == SB_OK && strcmp(d, end) < 0; calendar_add_days(d, 1, d)) {
		bool work;

		rc = calendar_is_workday(g->st, d, &work);
		if (rc == SB_OK && work)
			rc = store_roster_set(g->st, &r, d, workers[k++ % nworkers], false);
	}
	return rc;
}

/* One committee: compounds, buildings, households, residents, workers,
 * grids and visits. */
static int
committee(struct gen *g, const char *code, const char *cname)
{
	int64_t households[4096], hh_compound[4096], hh_worker[4096], *workers = NULL;
	struct assignment_ref made;
	int intervals[4096], hh_building[4096], hh_floor[4096];
	int64_t *alone_since = arena_alloc(&g->w, 4096 * sizeof(*alone_since));
	struct demo_compound comps[8];
	struct demo_building *blds;
	size_t nh = 0, nworkers = 6 + (size_t)below(&g->r, 3), i, ncomps = 0, nblds = 0;
	int ncompounds = 3 + below(&g->r, 3), c, wn, rc = SB_OK;
	const char *scope[1] = {code};
	int target = 1400 + below(&g->r, 900);
	int64_t head = 0;
	/* The demo acts as the committee's head (made below) where the store
	 * asks for a scope: its visits and grid assignments. */
	struct scope as_head = {0, ROLE_COMMITTEE_HEAD};

	g->res_cap = 4096 * 6;
	g->res = arena_alloc(&g->w, g->res_cap * sizeof(*g->res));
	g->nres = 0;
	g->nlift = 0;
	blds = arena_alloc(&g->w, 8 * 32 * sizeof(*blds));

	workers = arena_alloc(&g->w, nworkers * sizeof(*workers));
	for (i = 0, wn = 1; rc == SB_OK && i < nworkers; i++) {
		const char *name = arena_printf(&g->w, "w%s_%d", code + 6, wn);
		size_t u;

		g->n.workers++;
		/* The committee's named worker (puxiong_worker) is its second. */
		for (u = 0, workers[i] = 0; i == 1 && u < DEMO_NUSERS; u++)
			if (g->user_ids[u] && demo_users[u].role == ROLE_WORKER &&
			    strcmp(demo_users[u].scope, code) == 0)
				workers[i] = g->user_ids[u];
		if (workers[i] == 0) {
			rc = store_user_insert(g->st, name, g->password_hash, ROLE_WORKER, scope, 1,
					       g->opt->now, &workers[i]);
			if (rc == SB_OK)
				rc = demo_staff_profile(g->st, workers[i], name, "social_worker");
			wn++;
		}
	}
	if (rc == SB_OK) {
		const char *name = arena_printf(&g->w, "h%s", code + 6);

		rc = store_user_insert(g->st, name, g->password_hash, ROLE_COMMITTEE_HEAD, scope, 1,
				       g->opt->now, &head);
		as_head.user_id = head;
		if (rc == SB_OK)
			rc = demo_staff_profile(g->st, head, name, "secretary");
		g->head_id = head;
	}
	for (c = 0; rc == SB_OK && c < ncompounds && (int)nh < target; c++) {
		int w = below(&g->r, 100), k = 0, acc = 0, nb, b;
		const struct kind_plan *kp;
		struct store_col cols[6];
		int64_t compound;

		for (k = 0; k < 5; k++) {
			acc += kind_weights[k];
			if (w < acc)
				break;
		}
		kp = &kinds[k < 5 ? k : 4];
		col_text_v(&cols[0], "committee_code", code);
		col_text_v(&cols[1], "name", compound_name(g, c));
		col_text_v(&cols[2], "kind", kp->kind);
		comps[ncomps] = (struct demo_compound){0, cols[1].s, kp->kind};
		col_int_v(&cols[3], "built_year",
			  kp->year_from + below(&g->r, kp->year_to - kp->year_from + 1));
		col_text_v(&cols[4], "property_manager", chance(&g->r, 0.7) ? "物业公司" : NULL);
		rc = insert(g, "compound", cols, 5, &compound);
		if (rc == SB_CONFLICT) { /* a name drawn twice */
			rc = SB_OK;
			continue;
		}
		g->n.compounds++;
		comps[ncomps++].id = compound;
		nb = kp->buildings_min + below(&g->r, kp->buildings_max - kp->buildings_min + 1);
		for (b = 0; rc == SB_OK && b < nb && (int)nh < target; b++) {
			int floors =
				kp->floors_min + below(&g->r, kp->floors_max - kp->floors_min + 1);
			int per =
				kp->rooms_per_floor_min +
				below(&g->r, kp->rooms_per_floor_max - kp->rooms_per_floor_min + 1);
			bool lift = chance(&g->r, kp->lift_share) || floors > 7;
			int64_t building;
			int f, r;

			col_int_v(&cols[0], "compound_id", compound);
			col_text_v(&cols[1], "committee_code", code);
			col_text_v(&cols[2], "label", arena_printf(&g->w, "%d号", b + 1));
			col_int_v(&cols[3], "floors", floors);
			col_int_v(&cols[4], "has_lift", lift);
			rc = insert(g, "building", cols, 5, &building);
			g->n.buildings++;
			blds[nblds++] = (struct demo_building){building, (int)ncomps - 1, cols[2].s,
							       floors, lift};
			for (f = 1; rc == SB_OK && f <= floors && (int)nh < target && nh < 4096;
			     f++) {
				for (r = 1;
				     rc == SB_OK && r <= per && (int)nh < target && nh < 4096;
				     r++) {
					struct person m[8];
					size_t nm, p;
					int interval = 0;

					if (chance(&g->r, 0.04))
						continue; /* empty or sold off */
					col_int_v(&cols[0], "building_id", building);
					col_text_v(&cols[1], "committee_code", code);
					col_text_v(&cols[2], "room",
						   arena_printf(&g->w, "%d%02d室", f, r));
					col_int_v(&cols[3], "floor", f);
					col_int_v(&cols[4], "created_at", g->opt->now);
					col_int_v(&cols[5], "updated_at", g->opt->now);
					hh_compound[nh] = compound;
					hh_building[nh] = (int)nblds - 1;
					hh_floor[nh] = f;
					g->cur_hh = (int)nh;
					g->alone_since = 0;
					rc = insert(g, "household", cols, 6, &households[nh]);
					if (rc != SB_OK)
						break;
					g->n.households++;
					nm = members(g, m);
					for (p = 0; rc == SB_OK && p < nm; p++)
						rc = resident(g, households[nh], code, &m[p],
							      nm == 1, f, lift, &interval);
					if (rc == SB_OK && nm == 1 && m[0].age >= 60 &&
					    chance(&g->r, 0.05))
						rc = put_tag(g, "household", households[nh],
							     "困难家庭", &interval);
					if (rc == SB_OK && nm == 2 && m[0].age >= 65 &&
					    chance(&g->r, 0.15))
						rc = put_tag(g, "household", households[nh],
							     "空巢老人", &interval);
					intervals[nh] = interval;
					alone_since[nh] = g->alone_since;
					nh++;
				}
			}
		}
	}
	/* Grids of whole buildings in order, made as the API makes them
	 * (core/grids.c): the cut nearest to 275 households a grid, each of 120
	 * to 420 where the buildings allow it. */
	if (rc == SB_OK && nh > 0) {
		size_t nruns = 0, k, j, ng = 0, *cut, gi;
		size_t *run_end = arena_alloc(&g->w, (nh + 1) * sizeof(*run_end));
		int64_t *best, *bl = arena_alloc(&g->w, (nblds + 1) * sizeof(*bl));

		/* run k: the households [run_end[k-1], run_end[k]) of one building */
		for (i = 0; i < nh; i++)
			if (i + 1 == nh || hh_building[i + 1] != hh_building[i])
				run_end[++nruns - 1] = i + 1;
		best = arena_alloc(&g->w, (nruns + 1) * sizeof(*best));
		cut = arena_alloc(&g->w, (nruns + 1) * sizeof(*cut));
		best[0] = 0;
		for (j = 1; j <= nruns; j++) {
			best[j] = INT64_MAX;
			for (k = j; k-- > 0;) {
				int64_t size = (int64_t)(run_end[j - 1] - (k ? run_end[k - 1] : 0));
				int64_t cost = (size - 275) * (size - 275) +
					       (size < 120 || size > 420 ? 1000000000 : 0);

				if (best[k] != INT64_MAX && best[k] + cost < best[j]) {
					best[j] = best[k] + cost;
					cut[j] = k;
				}
				if (size > 2000)
					break;
			}
		}
		for (j = nruns; j > 0; j = cut[j])
			ng++;
		for (gi = 0; rc == SB_OK && gi < ng; gi++) {
			struct grid grid = {.committee_code = code};
			struct grid_members m = {.buildings = bl};
			int64_t owner = workers[gi % nworkers];
			size_t from, to, skip = ng - 1 - gi;

			/* the gi-th grid from the start: walk back from the end */
			for (j = nruns; skip-- > 0;)
				j = cut[j];
			for (k = cut[j]; k < j; k++)
				bl[m.nb++] = blds[hh_building[run_end[k] - 1]].id;
			from = cut[j] ? run_end[cut[j] - 1] : 0;
			to = run_end[j - 1];
			rc = grid_save(g->st, &grid, arena_printf(&g->w, "第%zu网格", gi + 1), &m,
				       g->opt->now);
			g->n.grids++;
			if (rc == SB_OK)
				rc = store_assignment_insert(g->st, &grid.ref, owner, g->since,
							     NULL, 0, g->opt->now, &made);
			for (i = from; rc == SB_OK && i < to; i++) {
				hh_worker[i] = owner;
				rc = visits(g, &as_head, households[i], code, intervals[i], &owner,
					    1, alone_since[i]);
			}
		}
	}
	if (rc == SB_OK)
		rc = roster(g, code, head, workers, nworkers);
	if (rc == SB_OK && nh > 0)
		rc = issues(g, code, households, hh_compound, nh, workers, nworkers);
	if (rc == SB_OK && nh > 0) {
		/* Issues 7 and 9 draw from a stream of their own, so that the
		 * register of the next committee stays what it was. */
		uint64_t r = g->r ^ 0x5851f42d4c957f2dULL;
		struct demo_committee dc = {
			.st = g->st,
			.opt = g->opt,
			.r = &r,
			.ar = &g->w,
			.code = code,
			.name = cname,
			.today = g->today,
			.password_hash = g->password_hash,
			.head_id = head,
			.workers = workers,
			.nworkers = nworkers,
			.compounds = comps,
			.ncompounds = ncomps,
			.buildings = blds,
			.nbuildings = nblds,
			.households = households,
			.hh_building = hh_building,
			.hh_floor = hh_floor,
			.hh_worker = hh_worker,
			.nh = nh,
			.res = g->res,
			.nres = g->nres,
			.lift_issues = g->lift_issues,
			.lift_issue_hh = g->lift_issue_hh,
			.nlift = g->nlift,
			.n = &g->n,
		};

		rc = demo_consult(&dc);
		if (rc == SB_OK)
			rc = demo_campaigns(&dc);
	}
	g->n.committees++;
	return rc;
}

/* The named users of the area, in a transaction of their own. */
static int
named_users(struct gen *g)
{
	size_t i;
	int rc;

	rc = store_begin(g->st);
	for (i = 0; rc == SB_OK && i < DEMO_NUSERS; i++) {
		const struct demo_user *u = &demo_users[i];
		char hash[SB_PWHASH_MAX];

		if (g->opt->user_password[i] == NULL || !demo_user_within(u, g->opt->area))
			continue;
		rc = crypto_password_hash(g->opt->user_password[i], hash);
		if (rc == SB_OK)
			rc = store_user_insert(g->st, u->username, hash, u->role, &u->scope, 1,
					       g->opt->now, &g->user_ids[i]);
		if (rc == SB_OK)
			rc = demo_staff_profile(g->st, g->user_ids[i], u->username,
						u->role == ROLE_WORKER		 ? "social_worker"
						: u->role == ROLE_COMMITTEE_HEAD ? "secretary"
										 : NULL);
		g->n.named_users++;
	}
	if (rc == SB_OK)
		rc = store_commit(g->st);
	else
		store_rollback(g->st);
	return rc;
}

int
demo_generate(struct store *st, const struct demo_options *opt, struct demo_counts *out)
{
	static const char *const tags[] = {"独居老人",	   "孤寡老人", "空巢老人", "困难家庭",
					   "大病重病家庭", "失独家庭", "残障人士", "老干部",
					   "老劳模",	   "老党员",   "社区能人", "楼组长",
					   "志愿者"};
	struct gen g = {.st = st, .opt = opt, .r = opt->seed};
	struct area_list committees;
	char hash[SB_PWHASH_MAX];
	size_t i;
	int rc;

	arena_init(&g.ar);
	arena_init(&g.w);
	ident_today(opt->now, g.today);
	calendar_add_days(g.today, -365 * opt->years, g.since);
	memset(out, 0, sizeof(*out));
	rc = crypto_password_hash(opt->worker_password, hash);
	if (rc != SB_OK)
		return rc;
	g.password_hash = hash;
	for (i = 0; rc == SB_OK && i < sizeof(tags) / sizeof(tags[0]); i++) {
		struct tag t;

		rc = store_tag_find(st, tags[i], NULL, &g.ar, &t);
		if (rc != SB_OK)
			break;
		g.tag_ids[g.ntags] = t.id;
		g.tag_names[g.ntags] = tags[i];
		g.tag_interval[g.ntags] = t.visit_interval_days;
		g.ntags++;
	}
	if (rc == SB_OK)
		rc = store_issue_categories(st, &g.ar, &g.categories);
	if (rc == SB_OK) {
		const char *why;

		rc = demo_check_fresh(st, opt->area, &g.ar, &why);
	}
	if (rc == SB_OK)
		rc = store_committees_under(st, opt->area, &g.ar, &committees);
	if (rc == SB_OK)
		rc = named_users(&g);
	if (rc != SB_OK)
		goto out;
	for (i = 0; rc == SB_OK && i < committees.n; i++) {
		g.district = committees.items[i].code;
		if (opt->progress)
			opt->progress("committees", (int64_t)i, (int64_t)committees.n,
				      opt->progress_ctx);
		rc = store_begin(st);
		if (rc == SB_OK)
			rc = committee(&g, committees.items[i].code, committees.items[i].name);
		if (rc == SB_OK)
			rc = store_commit(st);
		else
			store_rollback(st);
		arena_clear(&g.w);
	}
	if (opt->progress && rc == SB_OK)
		opt->progress("committees", (int64_t)committees.n, (int64_t)committees.n,
			      opt->progress_ctx);
	*out = g.n;
out:
	arena_clear(&g.w);
	arena_clear(&g.ar);
	return rc;
}
