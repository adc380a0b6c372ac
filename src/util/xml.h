#ifndef SB_XML_H
#define SB_XML_H

/*
 * A small XML writer for the Open311 answers: text escaping and the
 * rendering of a JSON value as elements, so that the JSON and the XML of an
 * answer are built from one value and cannot disagree.
 */

#include <stdbool.h>

#include <jansson.h>

#include "util/buf.h"

/* Appends s as XML character data: & < > " ' escaped; control characters
 * that XML 1.0 forbids (below 0x20 but tab, LF and CR) are dropped.  False
 * when the buffer's cap is reached. */
bool xml_add_text(struct buf *b, const char *s);

/* Appends v as the element <name>…</name>: an object's members become child
 * elements in their order; an array's items each become an element named
 * singular(name) (the name itself when singular is NULL or answers NULL);
 * null an empty element; true/false, integers and reals as text.  name must
 * be a valid XML name (it comes from the program, never from input). */
bool xml_from_json(struct buf *b, const char *name, json_t *v,
		   const char *(*singular)(const char *name));

/* The declaration that starts a document. */
#define XML_DECLARATION "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

#endif
