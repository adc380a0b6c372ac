#ifndef SB_ATTACHMENTS_H
#define SB_ATTACHMENTS_H

/*
 * Photos and documents (docs/attachments.md): the checks and the preparing of
 * a file before it is kept, and its keeping by content hash.
 *
 * A photo is decoded and encoded again (libgd), which leaves behind every
 * piece of metadata it carried: the place it was taken, the phone, the
 * time.  Its EXIF orientation is applied first, so that it stands as it was
 * taken.  A PDF is kept as sent (it must begin as a PDF does).  The server
 * never renders or runs a file: it is answered as a download.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/errors.h"

#define ATTACH_MAX_BYTES (16u << 20)
#define ATTACH_MAX_PIXELS (40 * 1000 * 1000)
#define ATTACH_MAX_SIDE 20000
#define ATTACH_THUMB_PX 320
#define ATTACH_SHA_HEX 65

/* A file made ready to keep: what is stored (data), its thumbnail (images
 * only) and its size in pixels (0 for a PDF).  Owned: attach_file_free. */
struct attach_file {
	const char *media_type;
	unsigned char *data;
	size_t len;
	unsigned char *thumb;
	size_t thumb_len;
	int width, height;
};

/* Checks body against the declared type (image/jpeg, image/png,
 * application/pdf) and prepares it; BAD_FIELD naming "file" with a reason
 * a person can act on otherwise (the wrong type, too large, not readable). */
int attach_prepare(const char *media_type, const unsigned char *body, size_t len,
		   struct attach_file *out, struct sb_fail *fail);
void attach_file_free(struct attach_file *f);

/* The width and height an image's header declares, without decoding it:
 * false when the header is not one of a JPEG or PNG. */
bool attach_image_size(const unsigned char *p, size_t n, int *w, int *h);
/* The EXIF orientation (1 to 8) of a JPEG; 1 when it has none. */
int attach_exif_orientation(const unsigned char *p, size_t n);

/* Keeps data in dir as a file named by its SHA-256 (hex, into sha), written
 * to a temporary name, synced and renamed, the folder synced: on disk before
 * the record that names it commits.  Keeping the same bytes twice is one file. */
int attach_keep(const char *dir, const unsigned char *data, size_t len, char sha[ATTACH_SHA_HEX]);
/* Opens the kept file named sha for reading; NOT_FOUND when it is gone. */
int attach_open(const char *dir, const char *sha, int *fd, uint64_t *size);
/* Copies the kept files of folder from into a new folder to (a backup):
 * *n gets how many.  A missing from is no attachment yet: SB_OK, none. */
int attach_copy_dir(const char *from, const char *to, size_t *n);
/* Whether sha is a SHA-256 in hex (a file name we made). */
bool attach_sha_valid(const char *sha);

/*
 * The records (docs/attachments.md): an attachment belongs to a visit, an
 * issue, a campaign target, a meeting or a project, and is read by exactly
 * those who may read that record.
 */

#include "core/actor.h"
#include "store/campaigns.h" /* struct attachment */
#include "store/store.h"

/* The record kind id an attachment belongs to, read in sc's jurisdiction:
 * *committee its committee (or area, for an issue held above the
 * committees).  BAD_QUERY naming "owner" (an unknown kind) or "owner_id"
 * (none given), NOT_FOUND naming "owner_id" when the caller may not read it. */
int attachment_owner(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		     struct arena *ar, const char **committee, struct sb_fail *fail);

/* A file sent to attach: its declared type, the bytes, the name the client
 * gave (NULL: none), and the folder the files are kept in. */
struct attachment_upload {
	const char *kind;
	int64_t owner_id;
	const char *media_type;
	const unsigned char *data;
	size_t len;
	const char *filename;
	const char *dir;
};

/* Attaches up's file to its record (attachment_owner): checked and
 * prepared (attach_prepare; BAD_FIELD naming "file" when empty), kept on
 * disk and synced before the record that names it, audited, in its own
 * transaction; *out as saved. */
int attachment_create(struct store *st, const struct scope *sc, const struct actor *who,
		      const struct attachment_upload *up, struct arena *ar, struct attachment *out,
		      struct sb_fail *fail);

/* The attachments in use of record kind id (attachment_owner's checks). */
int attachment_list(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		    struct arena *ar, struct attachment_list *out, struct sb_fail *fail);

/* Attachment id when the caller may read its record (the record decides,
 * not only the committee: a visit the caller may not read keeps its photos
 * too); SB_NOT_FOUND, no refusal text, otherwise. */
int attachment_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct attachment *out);

/* Takes attachment id off its record: by who added it, or a head and above
 * (role; FORBIDDEN otherwise).  The row stays (audited); after the commit,
 * its files in dir go when no row in use names them. */
int attachment_remove(struct store *st, const struct scope *sc, const struct actor *who,
		      enum role role, int64_t id, const char *dir, struct arena *ar,
		      struct sb_fail *fail);

#endif
