#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "util/crypto.h"
#include "util/errors.h"
#include "util/xalloc.h"

/* argon2id cost: 2 passes over 19 MiB (OWASP's minimum for argon2id).  The
 * server hashes at most a few logins at a time, so this keeps memory small. */
#define PW_OPS 2
#define PW_MEM (19u * 1024 * 1024)

static char dummy_hash[SB_PWHASH_MAX];

int
crypto_init(void)
{
	if (sodium_init() < 0)
		return SB_INTERNAL;
	return SB_OK;
}

void
crypto_token_new(char out[SB_TOKEN_CHARS + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SB_TOKEN_CHARS + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
crypto_token_hash(const char *token, char out[SB_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SB_HASH_HEX, h, sizeof(h));
}

int
crypto_password_hash(const char *password, char out[SB_PWHASH_MAX])
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPS, PW_MEM,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return SB_INTERNAL;
	return SB_OK;
}

bool
crypto_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
crypto_password_dummy_verify(const char *password)
{
	if (dummy_hash[0] == '\0')
		crypto_password_hash("sibai-dummy-password", dummy_hash);
	(void)crypto_password_verify(dummy_hash, password);
}

void
crypto_password_generate(char *out, size_t n)
{
	/* No 0/O, 1/l/I: the password is read off a screen and typed. */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i;

	for (i = 0; i + 1 < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	if (n)
		out[i] = '\0';
}

static void
derive(struct sb_key *key, const unsigned char master[SB_KEY_BYTES])
{
	crypto_kdf_derive_from_key(key->enc, sizeof(key->enc), 1, "sibaienc", master);
	crypto_kdf_derive_from_key(key->index, sizeof(key->index), 2, "sibaiidx", master);
}

int
crypto_key_load(const char *path, bool create, struct sb_key *key, bool *created, char *err,
		size_t errlen)
{
	unsigned char master[SB_KEY_BYTES];
	struct stat st;
	ssize_t n;
	int fd;

	*created = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			snprintf(err, errlen, "cannot create key file %s: %s", path,
				 strerror(errno));
			return SB_IO;
		}
		randombytes_buf(master, sizeof(master));
		n = write(fd, master, sizeof(master));
		if (n != (ssize_t)sizeof(master) || fsync(fd) != 0) {
			snprintf(err, errlen, "cannot write key file %s: %s", path,
				 strerror(errno));
			close(fd);
			unlink(path);
			return SB_IO;
		}
		close(fd);
		derive(key, master);
		sodium_memzero(master, sizeof(master));
		*created = true;
		return SB_OK;
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
		return SB_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "key file %s is not a regular file", path);
		close(fd);
		return SB_IO;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen,
			 "key file %s is open to group or others (mode %04o); run: chmod 600 %s",
			 path, (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return SB_IO;
	}
	n = read(fd, master, sizeof(master));
	if (n != (ssize_t)sizeof(master) || st.st_size != (off_t)sizeof(master)) {
		snprintf(err, errlen, "key file %s must hold exactly %d bytes", path, SB_KEY_BYTES);
		close(fd);
		return SB_IO;
	}
	close(fd);
	derive(key, master);
	sodium_memzero(master, sizeof(master));
	return SB_OK;
}

void
crypto_seal(const struct sb_key *key, const char *text, unsigned char **out, size_t *outlen)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t len = strlen(text);
	unsigned long long clen;
	unsigned char *box;

	box = xmalloc(nb + len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	randombytes_buf(box, nb);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + nb, &clen, (const unsigned char *)text,
						   len, NULL, 0, NULL, box, key->enc);
	*out = box;
	*outlen = nb + (size_t)clen;
}

char *
crypto_open(const struct sb_key *key, const unsigned char *box, size_t len)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	const size_t ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
	unsigned long long mlen;
	char *text;

	if (len < nb + ab)
		return NULL;
	text = xmalloc(len - nb - ab + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)text, &mlen, NULL, box + nb,
						       len - nb, NULL, 0, box, key->enc) != 0) {
		free(text);
		return NULL;
	}
	text[mlen] = '\0';
	return text;
}

void
crypto_blind_index(const struct sb_key *key, const char *value, char out[SB_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)value, strlen(value), key->index,
			   sizeof(key->index));
	sodium_bin2hex(out, SB_HASH_HEX, h, sizeof(h));
}

void
crypto_wipe(char *s)
{
	if (s)
		sodium_memzero(s, strlen(s));
}
