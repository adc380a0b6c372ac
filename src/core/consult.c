#include <math.h>
#include <string.h>

#include "core/consult.h"

/* Consultation: survey questions, answers and their aggregation; vote tallies. */

static const char *const kind_names[SQ_COUNT] = {"single", "multiple", "rating", "text", "number"};

int
survey_kind_parse(const char *s)
{
	int k;

	for (k = 0; s && k < SQ_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *
survey_kind_name(enum survey_kind k)
{
	return k < SQ_COUNT ? kind_names[k] : "?";
}

static int
question_kind(json_t *q)
{
	return survey_kind_parse(json_string_value(json_object_get(q, "kind")));
}

static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
survey_questions_check(json_t *questions, struct arena *ar, struct sb_fail *fail)
{
	size_t i, j, k, nq;
	json_t *q, *opts, *o, *v;
	const char *key, *text;
	int kind;

	if (!json_is_array(questions) || json_array_size(questions) == 0 ||
	    json_array_size(questions) > SURVEY_MAX_QUESTIONS)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "questions", "a list of 1 to 50 questions",
				 "须为 1 至 50 个问题的列表");
	nq = json_array_size(questions);
	for (i = 0; i < nq; i++) {
		const char *f = arena_printf(ar, "questions[%zu]", i);

		q = json_array_get(questions, i);
		if (!json_is_object(q))
			return sb_refuse(fail, ar, SB_BAD_FIELD, f, "must be an object",
					 "须为对象");
		json_object_foreach (q, key, v) {
			if (strcmp(key, "kind") != 0 && strcmp(key, "text") != 0 &&
			    strcmp(key, "options") != 0 && strcmp(key, "required") != 0)
				return sb_refuse(fail, ar, SB_BAD_FIELD,
						 arena_printf(ar, "%s.%s", f, key), "unknown field",
						 "未知字段");
		}
		kind = question_kind(q);
		if (kind < 0)
			return sb_refuse(fail, ar, SB_BAD_FIELD, arena_printf(ar, "%s.kind", f),
					 "one of single, multiple, rating, text, number",
					 "须为 single、multiple、rating、text、number 之一");
		text = json_string_value(json_object_get(q, "text"));
		if (text == NULL || *text == '\0' || utf8_len(text) > 500)
			return sb_refuse(fail, ar, SB_BAD_FIELD, arena_printf(ar, "%s.text", f),
					 "a text of 1 to 500 characters",
					 "须为 1 至 500 个字符的文字");
		v = json_object_get(q, "required");
		if (v && !json_is_boolean(v))
			return sb_refuse(fail, ar, SB_BAD_FIELD, arena_printf(ar, "%s.required", f),
					 "must be true or false", "必须是 true 或 false");
		opts = json_object_get(q, "options");
		if (kind != SQ_SINGLE && kind != SQ_MULTIPLE) {
			if (opts)
				return sb_refuse(
					fail, ar, SB_BAD_FIELD, arena_printf(ar, "%s.options", f),
					"only choice questions have options", "只有选择题有选项");
			continue;
		}
		if (!json_is_array(opts) || json_array_size(opts) < 2 ||
		    json_array_size(opts) > SURVEY_MAX_OPTIONS)
			return sb_refuse(fail, ar, SB_BAD_FIELD, arena_printf(ar, "%s.options", f),
					 "a list of 2 to 20 options", "须为 2 至 20 个选项的列表");
		json_array_foreach (opts, j, o) {
			if (!json_is_string(o) || json_string_length(o) == 0 ||
			    utf8_len(json_string_value(o)) > 200)
				return sb_refuse(fail, ar, SB_BAD_FIELD,
						 arena_printf(ar, "%s.options", f),
						 "options are texts of 1 to 200 characters",
						 "选项须为 1 至 200 个字符的文字");
			for (k = 0; k < j; k++)
				if (json_equal(o, json_array_get(opts, k)))
					return sb_refuse(fail, ar, SB_BAD_FIELD,
							 arena_printf(ar, "%s.options", f),
							 "options must differ", "选项不能重复");
		}
	}
	return SB_OK;
}

/* The index of option text in a choice question; -1 when it is none. */
static int
option_index(json_t *q, json_t *value)
{
	json_t *opts = json_object_get(q, "options"), *o;
	size_t i;

	if (!json_is_string(value))
		return -1;
	json_array_foreach (opts, i, o) {
		if (json_equal(o, value))
			return (int)i;
	}
	return -1;
}

int
survey_answers_check(json_t *questions, json_t *answers, struct arena *ar, struct sb_fail *fail)
{
	size_t i, j, k, nq = json_array_size(questions);
	json_t *q, *v, *x;
	int kind;

	if (!json_is_array(answers) || json_array_size(answers) != nq)
		return sb_refuse(
			fail, ar, SB_BAD_FIELD, "answers",
			arena_printf(ar, "a list of %zu answers, one per question (null: none)",
				     nq),
			arena_printf(ar, "须为 %zu 个答案的列表，每题一个（未答为 null）", nq));
	for (i = 0; i < nq; i++) {
		const char *f = arena_printf(ar, "answers[%zu]", i);

		q = json_array_get(questions, i);
		v = json_array_get(answers, i);
		kind = question_kind(q);
		if (json_is_null(v)) {
			if (json_is_true(json_object_get(q, "required")))
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "this question needs an answer", "此题必答");
			continue;
		}
		switch (kind) {
		case SQ_SINGLE:
			if (option_index(q, v) < 0)
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "one of the question's options",
						 "须为本题的选项之一");
			break;
		case SQ_MULTIPLE:
			if (!json_is_array(v))
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "a list of the question's options",
						 "须为本题选项的列表");
			json_array_foreach (v, j, x) {
				if (option_index(q, x) < 0)
					return sb_refuse(fail, ar, SB_BAD_FIELD, f,
							 "a list of the question's options",
							 "须为本题选项的列表");
				for (k = 0; k < j; k++)
					if (json_equal(x, json_array_get(v, k)))
						return sb_refuse(fail, ar, SB_BAD_FIELD, f,
								 "an option is repeated",
								 "选项重复");
			}
			if (json_array_size(v) == 0 && json_is_true(json_object_get(q, "required")))
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "this question needs an answer", "此题必答");
			break;
		case SQ_RATING:
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 5)
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "a whole number from 1 to 5",
						 "须为 1 至 5 的整数");
			break;
		case SQ_NUMBER:
			if (!json_is_number(v) || !isfinite(json_number_value(v)))
				return sb_refuse(fail, ar, SB_BAD_FIELD, f, "a number", "须为数字");
			break;
		case SQ_TEXT:
			if (!json_is_string(v) || utf8_len(json_string_value(v)) > 2000)
				return sb_refuse(fail, ar, SB_BAD_FIELD, f,
						 "a text of at most 2000 characters",
						 "须为不超过 2000 个字符的文字");
			break;
		default: return SB_INTERNAL;
		}
	}
	return SB_OK;
}

void
survey_agg_init(struct survey_agg *a, json_t *question)
{
	memset(a, 0, sizeof(*a));
	a->kind = (enum survey_kind)question_kind(question);
	a->noptions = json_array_size(json_object_get(question, "options"));
}

void
survey_agg_add(struct survey_agg *a, json_t *question, json_t *value)
{
	size_t i;
	json_t *x;
	double d;
	int k;

	if (value == NULL || json_is_null(value))
		return;
	switch (a->kind) {
	case SQ_SINGLE:
		k = option_index(question, value);
		if (k < 0)
			return;
		a->counts[k]++;
		break;
	case SQ_MULTIPLE:
		json_array_foreach (value, i, x) {
			k = option_index(question, x);
			if (k >= 0)
				a->counts[k]++;
		}
		break;
	case SQ_RATING:
	case SQ_NUMBER:
		d = json_number_value(value);
		if (a->kind == SQ_RATING) {
			if (d < 1 || d > 5)
				return;
			a->counts[(int)d - 1]++;
		}
		if (a->answered == 0 || d < a->min)
			a->min = d;
		if (a->answered == 0 || d > a->max)
			a->max = d;
		a->sum += d;
		break;
	default: break;
	}
	a->answered++;
}

/* Rounded to 4 decimals, so that the wire shows 0.6667 rather than 0.66666…7. */
static json_t *
real4(double v)
{
	return json_real(round(v * 10000) / 10000);
}

json_t *
survey_agg_json(const struct survey_agg *a, json_t *question)
{
	json_t *o = json_pack("{s:i}", "answered", a->answered), *arr;
	size_t i;

	switch (a->kind) {
	case SQ_SINGLE:
	case SQ_MULTIPLE:
		arr = json_array();
		for (i = 0; i < a->noptions; i++)
			json_array_append_new(
				arr,
				json_pack("{s:O, s:i, s:o}", "option",
					  json_array_get(json_object_get(question, "options"), i),
					  "count", a->counts[i], "share",
					  a->answered ? real4((double)a->counts[i] / a->answered)
						      : json_real(0)));
		json_object_set_new(o, "options", arr);
		break;
	case SQ_RATING:
		arr = json_array();
		for (i = 0; i < 5; i++)
			json_array_append_new(arr, json_integer(a->counts[i]));
		json_object_set_new(o, "counts", arr);
		json_object_set_new(o, "mean",
				    a->answered ? real4(a->sum / a->answered) : json_null());
		break;
	case SQ_NUMBER:
		json_object_set_new(o, "mean",
				    a->answered ? real4(a->sum / a->answered) : json_null());
		json_object_set_new(o, "min", a->answered ? json_real(a->min) : json_null());
		json_object_set_new(o, "max", a->answered ? json_real(a->max) : json_null());
		break;
	default: break;
	}
	return o;
}

void
vote_tally_finish(struct vote_tally *t, const struct quorum_rule *rule, bool satisfaction)
{
	int i, good = 0, sum = 0;

	t->approval = 0;
	t->mean = 0;
	if (satisfaction) {
		t->cast = 0;
		for (i = 0; i < 5; i++) {
			t->cast += t->scores[i];
			sum += t->scores[i] * (i + 1);
		}
		good = t->scores[3] + t->scores[4];
		if (t->cast) {
			t->mean = (double)sum / t->cast;
			t->approval = (double)good / t->cast;
		}
	} else {
		t->cast = t->votes_for + t->against + t->abstain;
		good = t->votes_for;
		if (t->cast)
			t->approval = (double)t->votes_for / t->cast;
	}
	/* Whole numbers only: present / invited ≥ pct %  ⇔  100·present ≥ pct·invited. */
	t->quorum_met = t->present >= rule->min_present &&
			(long)t->present * 100 >= (long)rule->present_pct * t->invited;
	t->passed =
		t->quorum_met && t->cast > 0 && (long)good * 100 > (long)rule->pass_pct * t->cast;
}
