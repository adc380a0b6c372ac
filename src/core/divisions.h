#ifndef SB_DIVISIONS_H
#define SB_DIVISIONS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Loads the divisions CSV (code,name,level,parent_code with a header line)
 * into the area table and rebuilds the closure, in one transaction.  Codes
 * already there are left alone.  *n gets the number of rows read. */
int divisions_load(struct store *st, const char *csv, size_t len, int64_t *n);

#endif
