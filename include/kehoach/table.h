/* table: the rows of `kehoach list`'s table (id, content, unit, deadline,
 * status), each cell made once, its width known without measuring it again. */
#ifndef KEHOACH_TABLE_H
#define KEHOACH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/model.h"
#include "kehoach/util.h"

enum {
    TABLE_COLUMNS = 5,
    TABLE_LEAD_MAX = 16,   /* the unit column is never wider */
    TABLE_STATUS_MAX = 30, /* nor the status column */
};

/* The mark after an extended deadline (gia hạn), explained under the table. */
#define TABLE_EXTENDED_MARK "*"

typedef struct table_memo table_memo;

/* One table of one plan's tasks. */
typedef struct {
    const kh_plan *plan;
    kh_date today;
    kh_lang lang;
    bool color;           /* SGR colours on the status */
    int w[TABLE_COLUMNS]; /* the columns' widths, set by the caller for table_row */
    uint16_t *unit_w;     /* each unit's short name: its width */
    uint16_t *unit_len;   /* and its length in bytes */
    table_memo *memo;     /* cells made once (deadlines, statuses, periods) */
} kh_table;

/* Set up tb for rows of plan's tasks; table_done frees it. */
void table_init(kh_table *tb, const kh_plan *plan, kh_date today, kh_lang lang, bool color);

/* Widen w[i] to the widest cell of column i over the tasks idx[0..n) (the
 * unit and status columns no further than TABLE_LEAD_MAX and
 * TABLE_STATUS_MAX), and keep what the rows will need. Not thread-safe. */
void table_measure(kh_table *tb, const uint32_t *idx, size_t n, int w[TABLE_COLUMNS]);

/* Fit the cells table_measure kept to the widths now in tb->w. Call it
 * once, after setting tb->w and before the first table_row. */
void table_fit_kept(kh_table *tb);

/* Append task t's row, in the widths tb->w, and a newline to line; a and b
 * are the caller's scratch buffers. Reads tb only: rows may be made on two
 * threads at once, after table_measure. */
void table_row(const kh_table *tb, const kh_task *t, strbuf *line, strbuf *a, strbuf *b);

/* Free what table_init and table_measure kept. */
void table_done(kh_table *tb);

#endif
