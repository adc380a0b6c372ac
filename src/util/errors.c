#include "util/errors.h"
#include "util/arena.h"

struct err_info {
	int status;
	const char *code;
	const char *en;
	const char *zh;
};

static const struct err_info errs[] = {
#define E(name, status, code, en, zh) {status, code, en, zh},
#include "errors.def"
#undef E
};

static const struct err_info *
info(int err)
{
	if (err < 0 || err >= SB_ERR_COUNT)
		err = SB_INTERNAL;
	return &errs[err];
}

const char *
sb_err_code(int err)
{
	return info(err)->code;
}

const char *
sb_err_message(int err)
{
	return info(err)->en;
}

const char *
sb_err_message_zh(int err)
{
	return info(err)->zh;
}

int
sb_err_status(int err)
{
	return info(err)->status;
}

int
sb_fail(struct sb_fail *f, int err, const char *field, const char *en, const char *zh)
{
	if (f) {
		f->field = field;
		f->en = en;
		f->zh = zh;
	}
	return err;
}

int
sb_refuse(struct sb_fail *f, struct arena *ar, int err, const char *field, const char *en,
	  const char *zh)
{
	return sb_fail(f, err, field, arena_printf(ar, "%s: %s", field, en),
		       arena_printf(ar, "%s：%s", field, zh));
}
