#ifndef SB_CRYPTO_H
#define SB_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libsodium wrappers: passwords, session tokens, the key file, and the
 * encryption of personal numbers at rest. */

#define SB_KEY_BYTES 32
#define SB_TOKEN_CHARS 43 /* 256 bits in unpadded base64url */
#define SB_HASH_HEX 65	  /* 32-byte hash as hex, NUL included */
#define SB_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */

struct sb_key {
	unsigned char enc[SB_KEY_BYTES];   /* XChaCha20-Poly1305 */
	unsigned char index[SB_KEY_BYTES]; /* blind index (keyed BLAKE2b) */
};

/* Must run once before anything else here; 0 on success. */
int crypto_init(void);

/* A new random session token (SB_TOKEN_CHARS + NUL) and the hex hash under
 * which the store keeps it. */
void crypto_token_new(char out[SB_TOKEN_CHARS + 1]);
void crypto_token_hash(const char *token, char out[SB_HASH_HEX]);

/* argon2id.  hash: SB_PWHASH_MAX bytes.  0 on success. */
int crypto_password_hash(const char *password, char out[SB_PWHASH_MAX]);
bool crypto_password_verify(const char *hash, const char *password);
/* Burns the same time as a verify, for unknown user names. */
void crypto_password_dummy_verify(const char *password);
/* A random password of n - 1 readable characters. */
void crypto_password_generate(char *out, size_t n);

/* Loads the 32-byte key file at path.  When it does not exist and create is
 * true it is made (mode 0600) and *created set.  Fails with a message in err
 * when the file is readable or writable by group or others, or not 32 bytes. */
int crypto_key_load(const char *path, bool create, struct sb_key *key, bool *created, char *err,
		    size_t errlen);

/* Encrypts text into a new buffer (nonce ‖ ciphertext ‖ tag); the caller
 * frees *out. */
void crypto_seal(const struct sb_key *key, const char *text, unsigned char **out, size_t *outlen);
/* Decrypts into a new NUL-terminated string; NULL when the box does not open. */
char *crypto_open(const struct sb_key *key, const unsigned char *box, size_t len);
/* Overwrites a secret string in place (before it is freed). */
void crypto_wipe(char *s);
/* The blind index of a normalised value: hex of a keyed hash. */
void crypto_blind_index(const struct sb_key *key, const char *value, char out[SB_HASH_HEX]);

#endif
