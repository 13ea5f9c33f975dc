/* plan_yaml: a bounded pull reader over libyaml events (internal to the
 * plan loader). Nodes are built in an arena; scalars come out in NFC. */
#ifndef KEHOACH_PLAN_YAML_H
#define KEHOACH_PLAN_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/plan_load.h"
#include "kehoach/util.h"

typedef enum { YN_NONE, YN_SCALAR, YN_SEQ, YN_MAP } ynode_type;

typedef struct ynode ynode;
struct ynode {
    ynode_type type;
    int line, col;
    bool plain;       /* a plain (unquoted) scalar */
    unsigned refused; /* a double-quoted scalar's first character a plan text may not hold
                         (written as an escape: data from a database), or 0 */
    const char *str;  /* scalar text, NFC */
    size_t len;
    ynode **kids; /* map: key, value, key, value...; seq: items */
    size_t nkids;
};

typedef struct yreader yreader;

/* Find the line and column (1-based, in characters) of byte offset at. */
void yr_locate(const char *buf, size_t at, int *line, int *col);

/* Return a reader over the len bytes at buf, reporting problems to diags.
 * The bytes must stay valid until yr_free. */
yreader *yr_new(const char *buf, size_t len, kh_lang lang, kh_diags *diags);

/* Free the reader. */
void yr_free(yreader *r);

/* Return true once the reader has reported a problem it cannot go past. */
bool yr_failed(const yreader *r);

/* Enter the one document; return the type of its root (YN_NONE on failure or
 * an empty file) and its position. */
ynode_type yr_begin(yreader *r, int *line, int *col);

/* Return the type and position of the next node without reading it;
 * YN_NONE at the end of the enclosing sequence or mapping, or on failure. */
ynode_type yr_peek(yreader *r, int *line, int *col);

/* Enter the sequence or mapping that comes next. Return false on failure. */
bool yr_enter(yreader *r);

/* In a mapping: read the next key into *key (scalar, in arena a). Return 1
 * with a key, 0 at the end of the mapping, -1 on failure. */
int yr_key(yreader *r, arena *a, ynode *key);

/* In a sequence: return true when another item follows, false at its end
 * (consumed) or on failure. */
bool yr_item(yreader *r);

/* Read the whole next node into arena a; NULL on failure. */
ynode *yr_read(yreader *r, arena *a);

/* Skip the next node. Return false on failure. */
bool yr_skip(yreader *r);

/* After the root: require the end of the document and of the stream. */
bool yr_finish(yreader *r);

#endif
