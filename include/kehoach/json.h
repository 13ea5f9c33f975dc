/* json: JSON strings, quoted and escaped, for the JSON the commands write. */
#ifndef KEHOACH_JSON_H
#define KEHOACH_JSON_H

#include "kehoach/util.h"

/* Append s as a JSON string: quoted, with '"', '\\' and controls escaped; a
 * C1 control, a bidi control or U+FEFF as \uXXXX, a byte that is not UTF-8
 * as \ufffd, so that the JSON is harmless on a terminal too. */
void json_sb_string(strbuf *sb, const char *s);

#endif
