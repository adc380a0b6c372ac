/* The utilities (src/util/): capped buffers, arenas, roles, the crypto
 * wrappers and the key file; and static_mime_type (http/static.c). */

#include <fcntl.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http/static.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/errors.h"
#include "util/role.h"
#include "util/throttle.h"

/* buf */

Test(buf, cap_refuses_and_keeps_content)
{
	struct buf b;

	buf_init(&b, 8);
	cr_assert(buf_adds(&b, "12345"));
	cr_assert(buf_add(&b, "678", 3));
	cr_expect_eq(b.len, 8);
	cr_expect_str_eq(b.data, "12345678");
	/* Every way of adding past the cap fails and changes nothing. */
	cr_expect_not(buf_addc(&b, 'x'));
	cr_expect_not(buf_adds(&b, "x"));
	cr_expect_not(buf_add(&b, "xyz", 3));
	cr_expect_not(buf_printf(&b, "%d", 1));
	cr_expect_not(buf_add_json_str(&b, "x"));
	cr_expect_eq(b.len, 8);
	cr_expect_str_eq(b.data, "12345678");
	/* Adding nothing at the cap is fine. */
	cr_expect(buf_add(&b, "", 0));
	cr_expect(buf_adds(&b, ""));
	buf_clear(&b);
}

Test(buf, partial_fit_is_refused_whole)
{
	struct buf b;

	buf_init(&b, 10);
	cr_assert(buf_adds(&b, "abcdef"));
	cr_expect_not(buf_adds(&b, "ghijk"), "5 bytes into 4 left");
	cr_expect_str_eq(b.data, "abcdef");
	cr_expect_not(buf_printf(&b, "%s", "ghijk"));
	cr_expect_str_eq(b.data, "abcdef");
	cr_expect_eq(b.len, 6);
	cr_expect(buf_adds(&b, "ghij"), "exactly to the cap");
	cr_expect_str_eq(b.data, "abcdefghij");
	/* A size that would overflow len + n. */
	cr_expect_not(buf_add(&b, "x", SIZE_MAX));
	cr_expect_str_eq(b.data, "abcdefghij");
	buf_clear(&b);
}

Test(buf, grows_past_its_first_allocation)
{
	struct buf b;
	size_t i;

	buf_init(&b, 1 << 20);
	for (i = 0; i < 10000; i++)
		cr_assert(buf_printf(&b, "%04zu,", i % 10000));
	cr_expect_eq(b.len, 50000);
	cr_expect_eq(strncmp(b.data, "0000,0001,", 10), 0);
	cr_expect_str_eq(b.data + b.len - 5, "9999,");
	cr_expect_geq(b.cap, b.len + 1);
	buf_reset(&b);
	cr_expect_eq(b.len, 0);
	cr_expect_str_eq(b.data, "");
	buf_clear(&b);
	cr_expect_null(b.data);
}

Test(buf, take_hands_over_the_data)
{
	struct buf b;
	char *p;

	buf_init(&b, 100);
	p = buf_take(&b);
	cr_expect_str_eq(p, "", "an empty buffer gives an empty string");
	free(p);
	cr_assert(buf_adds(&b, "hello"));
	p = buf_take(&b);
	cr_expect_str_eq(p, "hello");
	cr_expect_null(b.data);
	cr_expect_eq(b.len, 0);
	free(p);
	buf_clear(&b);
}

Test(buf, json_str_escapes)
{
	struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"", ""},
		{"plain", "plain"},
		{"say \"hi\"", "say \\\"hi\\\""},
		{"back\\slash", "back\\\\slash"},
		{"line\nbreak", "line\\nbreak"},
		{"cr\rtab\t", "cr\\rtab\\t"},
		{"\x01", "\\u0001"},
		{"\x08\x0c", "\\u0008\\u000c"},
		{"a\x1f"
		 "b",
		 "a\\u001fb"},
		{"\x7f", "\x7f"},     /* DEL needs no escape in JSON */
		{"上海 😀", "上海 😀"}, /* UTF-8 passes through */
		{"\"\\\"", "\\\"\\\\\\\""},
		{"</script>", "</script>"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;

		buf_init(&b, 1024);
		cr_expect(buf_add_json_str(&b, cases[i].in), "case %zu refused", i);
		cr_expect_str_eq(b.data, cases[i].out, "case %zu: got %s, want %s", i, b.data,
				 cases[i].out);
		cr_expect_eq(b.len, strlen(cases[i].out), "case %zu: len", i);
		buf_clear(&b);
	}
}

/* Escaping that does not fit is refused; the buffer stays within its cap
 * and NUL-terminated. */
Test(buf, json_str_past_the_cap)
{
	struct buf b;

	buf_init(&b, 6);
	cr_assert(buf_adds(&b, "ab"));
	cr_expect_not(buf_add_json_str(&b, "\"\"\""), "6 bytes of escapes into 4 left");
	cr_expect_leq(b.len, 6);
	cr_expect_eq(strlen(b.data), b.len);
	buf_clear(&b);
	buf_init(&b, 2);
	cr_expect_not(buf_add_json_str(&b, "\n\n"));
	cr_expect_leq(b.len, 2);
	buf_clear(&b);
}

/* Every control character comes out as \n, \r, \t or \u00XX, lower-case hex. */
Test(buf, json_str_escapes_every_control_character)
{
	int c;

	for (c = 1; c < 0x20; c++) {
		char in[2] = {(char)c, '\0'};
		char want[8];
		struct buf b;

		if (c == '\n')
			strcpy(want, "\\n");
		else if (c == '\r')
			strcpy(want, "\\r");
		else if (c == '\t')
			strcpy(want, "\\t");
		else
			snprintf(want, sizeof(want), "\\u%04x", c);
		buf_init(&b, 64);
		cr_expect(buf_add_json_str(&b, in));
		cr_expect_str_eq(b.data, want, "0x%02x: got %s, want %s", c, b.data, want);
		buf_clear(&b);
	}
}

/* arena */

Test(arena, push_grows_and_keeps_elements)
{
	struct arena a;
	int64_t *items = NULL;
	size_t n = 0, cap = 0, i;

	arena_init(&a);
	for (i = 0; i < 5000; i++) {
		int64_t *slot = arena_push(&a, &items, &n, &cap, sizeof(*items));

		cr_assert_eq(*slot, 0, "element %zu is not zeroed", i);
		*slot = (int64_t)i * 3;
	}
	cr_expect_eq(n, 5000);
	cr_expect_geq(cap, n);
	for (i = 0; i < n; i++)
		cr_assert_eq(items[i], (int64_t)i * 3, "element %zu lost in a move", i);
	arena_clear(&a);
}

Test(arena, push_structs)
{
	struct pair {
		const char *name;
		int value;
	};
	struct arena a;
	struct pair *items = NULL;
	size_t n = 0, cap = 0, i;

	arena_init(&a);
	for (i = 0; i < 100; i++) {
		struct pair *p = arena_push(&a, &items, &n, &cap, sizeof(*items));

		p->name = arena_printf(&a, "item-%zu", i);
		p->value = (int)i;
	}
	cr_assert_eq(n, 100);
	for (i = 0; i < n; i++) {
		char want[32];

		snprintf(want, sizeof(want), "item-%zu", i);
		cr_expect_str_eq(items[i].name, want);
		cr_expect_eq(items[i].value, (int)i);
	}
	arena_clear(&a);
}

Test(arena, alloc_is_zeroed_and_aligned)
{
	struct arena a;
	size_t sizes[] = {0, 1, 3, 7, 16, 100, 4095, 4096, 4097, 100000};
	size_t i, j;

	arena_init(&a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);

		cr_assert_not_null(p);
		cr_expect_eq((uintptr_t)p % alignof(max_align_t), 0, "%zu bytes: misaligned",
			     sizes[i]);
		for (j = 0; j < sizes[i]; j++)
			cr_assert_eq(p[j], 0, "%zu bytes: byte %zu not zero", sizes[i], j);
		memset(p, 0xab, sizes[i]);
	}
	arena_clear(&a);
	cr_expect_null(a.head);
	/* Usable again after a clear. */
	cr_expect_str_eq(arena_strdup(&a, "again"), "again");
	cr_expect_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
	cr_expect_str_eq(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	arena_clear(&a);
}

/* roles */

Test(role, parse_and_name_round_trip)
{
	struct {
		enum role role;
		const char *name;
		const char *level;
		bool multi;
	} cases[] = {
		{ROLE_WORKER, "worker", "committee", true},
		{ROLE_COMMITTEE_HEAD, "committee_head", "committee", false},
		{ROLE_STREET, "street", "street", false},
		{ROLE_DISTRICT, "district", "district", false},
		{ROLE_ADMIN, "admin", "city", false},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_str_eq(role_name(cases[i].role), cases[i].name);
		cr_expect_eq(role_parse(cases[i].name), cases[i].role, "role_parse(%s)",
			     cases[i].name);
		cr_expect_eq(role_parse(role_name(cases[i].role)), cases[i].role);
		cr_expect_str_eq(role_scope_level(cases[i].role), cases[i].level, "level of %s",
				 cases[i].name);
		cr_expect_eq(role_multi_scope(cases[i].role), cases[i].multi, "multi of %s",
			     cases[i].name);
	}
	/* Rank order: a route names the least role it needs. */
	cr_expect_lt(ROLE_NONE, ROLE_WORKER);
	cr_expect_lt(ROLE_WORKER, ROLE_COMMITTEE_HEAD);
	cr_expect_lt(ROLE_COMMITTEE_HEAD, ROLE_STREET);
	cr_expect_lt(ROLE_STREET, ROLE_DISTRICT);
	cr_expect_lt(ROLE_DISTRICT, ROLE_ADMIN);
}

Test(role, unknown_names_and_values)
{
	static const char *const bad[] = {"none",	    "",		"Admin", "ADMIN",
					  "admin ",	    " worker",	"root",	 "committee",
					  "committee-head", "districts"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(role_parse(bad[i]), ROLE_NONE, "role_parse(\"%s\")", bad[i]);
	cr_expect_str_eq(role_name(ROLE_NONE), "none");
	cr_expect_str_eq(role_name((enum role)99), "none");
	cr_expect_str_eq(role_name((enum role) - 1), "none");
	cr_expect_str_eq(role_scope_level(ROLE_NONE), "");
	cr_expect_str_eq(role_scope_level((enum role)99), "");
	cr_expect_not(role_multi_scope(ROLE_NONE));
}

/* errors */

Test(errors, table_yields_codes_and_statuses)
{
	int e;

	cr_expect_eq(SB_OK, 0);
	cr_expect_eq(sb_err_status(SB_OK), 200);
	cr_expect_eq(sb_err_status(SB_NOT_FOUND), 404);
	cr_expect_str_eq(sb_err_code(SB_NOT_FOUND), "not_found");
	cr_expect_eq(sb_err_status(SB_BAD_FIELD), 400);
	cr_expect_eq(sb_err_status(SB_TOO_MANY), 429);
	cr_expect_eq(sb_err_status(SB_CONFLICT), 409);
	/* Out of range reads as INTERNAL. */
	cr_expect_eq(sb_err_status(-1), 500);
	cr_expect_eq(sb_err_status(SB_ERR_COUNT), 500);
	cr_expect_str_eq(sb_err_code(SB_ERR_COUNT), "internal");
	for (e = 0; e < SB_ERR_COUNT; e++) {
		cr_expect_not_null(sb_err_code(e));
		cr_expect_not_null(sb_err_message(e));
		cr_expect_not_null(sb_err_message_zh(e));
		cr_expect(sb_err_status(e) >= 200 && sb_err_status(e) < 600);
	}
}

/* crypto */

static void
crypto_setup(void)
{
	cr_assert_eq(crypto_init(), SB_OK);
}

TestSuite(crypto, .init = crypto_setup);

static bool
is_base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool
is_lower_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

Test(crypto, tokens)
{
	char a[SB_TOKEN_CHARS + 1], b[SB_TOKEN_CHARS + 1];

	crypto_token_new(a);
	crypto_token_new(b);
	cr_expect_eq(strlen(a), 43);
	cr_expect_eq(strlen(b), 43);
	cr_expect(is_base64url(a), "token %s", a);
	cr_expect(is_base64url(b), "token %s", b);
	cr_expect_str_neq(a, b);
}

Test(crypto, token_hash)
{
	char h1[SB_HASH_HEX], h2[SB_HASH_HEX], h3[SB_HASH_HEX];

	crypto_token_hash("abc", h1);
	crypto_token_hash("abc", h2);
	crypto_token_hash("abd", h3);
	cr_expect_eq(strlen(h1), 64);
	cr_expect(is_lower_hex(h1), "hash %s", h1);
	cr_expect_str_eq(h1, h2, "the hash is stable");
	cr_expect_str_neq(h1, h3);
	/* BLAKE2b-256, unkeyed. */
	cr_expect_str_eq(h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void
fill_key(struct sb_key *k, unsigned char enc, unsigned char index)
{
	memset(k->enc, enc, sizeof(k->enc));
	memset(k->index, index, sizeof(k->index));
}

Test(crypto, seal_open_round_trip)
{
	static const char *const texts[] = {"", "310101195001011234", "上海市黄浦区 😀"};
	struct sb_key k;
	size_t i;

	fill_key(&k, 1, 2);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		unsigned char *box = NULL;
		size_t len = 0;
		char *back;

		crypto_seal(&k, texts[i], &box, &len);
		cr_assert_not_null(box);
		cr_expect_gt(len, strlen(texts[i]), "the box holds a nonce and a tag");
		if (strlen(texts[i]) > 4)
			cr_expect_null(memmem(box, len, texts[i], strlen(texts[i])),
				       "plain text in the box");
		back = crypto_open(&k, box, len);
		cr_assert_not_null(back, "\"%s\" does not open", texts[i]);
		cr_expect_str_eq(back, texts[i]);
		free(back);
		free(box);
	}
}

Test(crypto, seal_uses_a_fresh_nonce)
{
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	struct sb_key k;

	fill_key(&k, 1, 2);
	crypto_seal(&k, "same text", &a, &alen);
	crypto_seal(&k, "same text", &b, &blen);
	cr_assert_eq(alen, blen);
	cr_expect_neq(memcmp(a, b, alen), 0, "two seals of one text are equal");
	free(a);
	free(b);
}

Test(crypto, tampered_box_does_not_open)
{
	unsigned char *box = NULL;
	struct sb_key k, other;
	size_t len = 0, i;
	char *back;

	fill_key(&k, 1, 2);
	fill_key(&other, 3, 2);
	crypto_seal(&k, "310101195001011234", &box, &len);
	/* Flip one bit of each byte in turn: nonce, ciphertext and tag. */
	for (i = 0; i < len; i++) {
		box[i] ^= 0x01;
		back = crypto_open(&k, box, len);
		cr_expect_null(back, "byte %zu of %zu flipped and the box still opens", i, len);
		free(back);
		box[i] ^= 0x01;
	}
	back = crypto_open(&other, box, len);
	cr_expect_null(back, "opens under another key");
	free(back);
	back = crypto_open(&k, box, len - 1);
	cr_expect_null(back, "opens truncated");
	free(back);
	cr_expect_null(crypto_open(&k, box, 0));
	cr_expect_null(crypto_open(&k, box, 39));
	/* Untouched, it still opens. */
	back = crypto_open(&k, box, len);
	cr_expect_not_null(back);
	free(back);
	free(box);
}

Test(crypto, blind_index)
{
	struct sb_key k, same, other;
	char a[SB_HASH_HEX], b[SB_HASH_HEX], c[SB_HASH_HEX], d[SB_HASH_HEX];

	fill_key(&k, 1, 2);
	fill_key(&same, 9, 2); /* another encryption key, the same index key */
	fill_key(&other, 1, 3);
	crypto_blind_index(&k, "310101195001011234", a);
	crypto_blind_index(&same, "310101195001011234", b);
	crypto_blind_index(&k, "310101195001011235", c);
	crypto_blind_index(&other, "310101195001011234", d);
	cr_expect_eq(strlen(a), 64);
	cr_expect(is_lower_hex(a));
	cr_expect_str_eq(a, b, "equal inputs, equal index");
	cr_expect_str_neq(a, c, "different inputs");
	cr_expect_str_neq(a, d, "a different key");
	/* Keyed: not the plain hash of the value. */
	crypto_token_hash("310101195001011234", b);
	cr_expect_str_neq(a, b);
}

Test(crypto, generated_password)
{
	char a[17], b[17];
	size_t i;

	crypto_password_generate(a, sizeof(a));
	crypto_password_generate(b, sizeof(b));
	cr_expect_eq(strlen(a), 16);
	cr_expect_str_neq(a, b);
	for (i = 0; i < 16; i++)
		cr_expect_null(strchr("0O1lI", a[i]), "ambiguous character %c", a[i]);
}

/* 2 hashes and 3 verifies. */
Test(crypto, password_hash_and_verify)
{
	char h1[SB_PWHASH_MAX], h2[SB_PWHASH_MAX];

	cr_assert_eq(crypto_password_hash("correct horse", h1), SB_OK);
	cr_assert_eq(crypto_password_hash("correct horse", h2), SB_OK);
	cr_expect_str_neq(h1, h2, "salted");
	cr_expect_eq(strncmp(h1, "$argon2id$", 10), 0, "hash %s", h1);
	cr_expect(crypto_password_verify(h1, "correct horse"));
	cr_expect_not(crypto_password_verify(h1, "correct horsf"));
	cr_expect_not(crypto_password_verify("not a hash", "correct horse"));
}

/* The key file. */

static char keydir[64];

static void
key_setup(void)
{
	cr_assert_eq(crypto_init(), SB_OK);
	strcpy(keydir, "/tmp/sibai-key-XXXXXX");
	cr_assert_not_null(mkdtemp(keydir));
}

static void
key_teardown(void)
{
	static const char *const names[] = {"new.key", "open.key", "short.key", "long.key"};
	char path[128];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", keydir, names[i]);
		unlink(path);
	}
	rmdir(keydir);
}

TestSuite(key, .init = key_setup, .fini = key_teardown);

static void
write_file(const char *path, size_t len, mode_t mode)
{
	unsigned char data[64];
	int fd;

	memset(data, 0x5a, sizeof(data));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	cr_assert_eq(chmod(path, mode), 0);
}

Test(key, created_with_mode_0600_and_32_bytes)
{
	struct sb_key k1, k2;
	bool created = false;
	char path[128], err[256] = "";
	struct stat sb;

	snprintf(path, sizeof(path), "%s/new.key", keydir);
	cr_assert_eq(crypto_key_load(path, true, &k1, &created, err, sizeof(err)), SB_OK, "%s",
		     err);
	cr_expect(created);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600, "mode %04o", (unsigned)(sb.st_mode & 0777));
	cr_expect_eq(sb.st_size, 32);

	/* Loading it again gives the same key and creates nothing. */
	cr_assert_eq(crypto_key_load(path, true, &k2, &created, err, sizeof(err)), SB_OK, "%s",
		     err);
	cr_expect_not(created);
	cr_expect_eq(memcmp(&k1, &k2, sizeof(k1)), 0);
	/* The two subkeys differ. */
	cr_expect_neq(memcmp(k1.enc, k1.index, sizeof(k1.enc)), 0);
}

Test(key, missing_without_create)
{
	struct sb_key k;
	bool created = true;
	char path[128], err[256] = "";

	snprintf(path, sizeof(path), "%s/new.key", keydir);
	cr_expect_eq(crypto_key_load(path, false, &k, &created, err, sizeof(err)), SB_IO);
	cr_expect_not(created);
	cr_expect_neq(access(path, F_OK), 0, "the file was made");
	cr_expect_str_neq(err, "");
}

Test(key, refuses_a_file_open_to_others)
{
	static const mode_t modes[] = {0644, 0640, 0604, 0660, 0606, 0666};
	struct sb_key k;
	bool created;
	char path[128], err[256];
	size_t i;

	snprintf(path, sizeof(path), "%s/open.key", keydir);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		write_file(path, 32, modes[i]);
		err[0] = '\0';
		cr_expect_eq(crypto_key_load(path, false, &k, &created, err, sizeof(err)), SB_IO,
			     "mode %04o accepted", (unsigned)modes[i]);
		cr_expect_not_null(strstr(err, "chmod"), "mode %04o: message \"%s\"",
				   (unsigned)modes[i], err);
	}
	/* Put right, it loads. */
	cr_assert_eq(chmod(path, 0600), 0);
	cr_expect_eq(crypto_key_load(path, false, &k, &created, err, sizeof(err)), SB_OK, "%s",
		     err);
	cr_assert_eq(chmod(path, 0400), 0);
	cr_expect_eq(crypto_key_load(path, false, &k, &created, err, sizeof(err)), SB_OK, "%s",
		     err);
}

Test(key, refuses_a_file_of_the_wrong_size)
{
	struct sb_key k;
	bool created;
	char path[128], err[256];

	snprintf(path, sizeof(path), "%s/short.key", keydir);
	write_file(path, 31, 0600);
	err[0] = '\0';
	cr_expect_eq(crypto_key_load(path, true, &k, &created, err, sizeof(err)), SB_IO);
	cr_expect_not(created);
	cr_expect_not_null(strstr(err, "32"), "message \"%s\"", err);

	snprintf(path, sizeof(path), "%s/long.key", keydir);
	write_file(path, 33, 0600);
	err[0] = '\0';
	cr_expect_eq(crypto_key_load(path, false, &k, &created, err, sizeof(err)), SB_IO);
	cr_expect_not_null(strstr(err, "32"), "message \"%s\"", err);
}

/* static_mime_type */

Test(mime, by_extension)
{
	struct {
		const char *name;
		const char *type;
	} cases[] = {
		{"index.html", "text/html; charset=utf-8"},
		{"INDEX.HTML", "text/html; charset=utf-8"},
		{"app.js", "text/javascript; charset=utf-8"},
		{"app.mjs", "text/javascript; charset=utf-8"},
		{"style.css", "text/css; charset=utf-8"},
		{"logo.svg", "image/svg+xml"},
		{"data.json", "application/json"},
		{"/web/assets/app.min.js", "text/javascript; charset=utf-8"},
		{"openapi.yaml", "application/yaml"},
		{"photo.png", "image/png"},
		{"README", "application/octet-stream"},
		{"file.unknown", "application/octet-stream"},
		{"archive.tar.gz", "application/octet-stream"},
		{"dir.js/file", "application/octet-stream"},
		{"dir.html/", "application/octet-stream"},
		{"html", "application/octet-stream"},
		{".", "application/octet-stream"},
		{"", "application/octet-stream"},
		{"x.html.bak", "application/octet-stream"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(static_mime_type(cases[i].name), cases[i].type,
				 "static_mime_type(\"%s\") = %s, want %s", cases[i].name,
				 static_mime_type(cases[i].name), cases[i].type);
}

/* Issue 17: failures per address on the pages without login. */
Test(throttle, locks_an_address_after_the_limit_until_its_window_ends)
{
	int64_t now = 1800000000, retry = -1;
	int i;

	for (i = 0; i < THROTTLE_MAX; i++) {
		cr_assert(throttle_allowed("198.51.100.7", now + i, &retry));
		throttle_fail("198.51.100.7", now + i);
	}
	cr_assert_not(throttle_allowed("198.51.100.7", now + 20, &retry));
	cr_assert_eq(retry, THROTTLE_WINDOW_S - 20);
	/* another address is not affected */
	cr_assert(throttle_allowed("198.51.100.8", now + 20, &retry));
	cr_assert_eq(retry, 0);
	/* the window ends: allowed again, and counting starts afresh */
	cr_assert(throttle_allowed("198.51.100.7", now + THROTTLE_WINDOW_S, &retry));
	throttle_fail("198.51.100.7", now + THROTTLE_WINDOW_S);
	cr_assert(throttle_allowed("198.51.100.7", now + THROTTLE_WINDOW_S + 1, &retry));
}

Test(throttle, a_flood_of_addresses_does_not_lock_out_one_that_never_failed)
{
	int64_t now = 1900000000, retry;
	char addr[32];
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.%d", i / 65536, (i / 256) % 256, i % 256);
		throttle_fail(addr, now);
	}
	cr_assert(throttle_allowed("203.0.113.9", now, &retry));
	cr_assert(throttle_allowed(NULL, now, &retry));
}
