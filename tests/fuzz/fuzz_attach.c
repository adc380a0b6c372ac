/* Attachments (core/attachments.c): an uploaded file as a JPEG, a PNG and a
 * PDF.  The header readers (sizes, EXIF orientation) must stay in bounds,
 * and whatever attach_prepare accepts must be an image of the sizes it says
 * (or the PDF as sent), with a thumbnail for an image. */
#include "fuzz.h"

#include "core/attachments.h"

static void
check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s\n", what);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {"image/jpeg", "image/png", "application/pdf"};
	int w, h, o;
	size_t i;

	if (size > (1u << 20))
		return 0;
	if (attach_image_size(data, size, &w, &h))
		check(w > 0 && h > 0, "an image size of zero");
	o = attach_exif_orientation(data, size);
	check(o >= 1 && o <= 8, "an orientation out of 1..8");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct attach_file f;
		struct sb_fail fail = {0};

		if (attach_prepare(types[i], data, size, &f, &fail) == SB_OK) {
			check(f.data != NULL && f.len > 0, "a prepared file with no bytes");
			if (i < 2) {
				check(f.width > 0 && f.height > 0 && f.thumb && f.thumb_len > 0,
				      "a prepared image without sizes or thumbnail");
				check(f.width <= ATTACH_MAX_SIDE && f.height <= ATTACH_MAX_SIDE,
				      "a prepared image past the size limit");
			} else {
				check(f.len == size, "a PDF not kept as sent");
			}
		} else {
			check(fail.field != NULL, "a refusal that names nothing");
		}
		attach_file_free(&f);
	}
	return 0;
}
