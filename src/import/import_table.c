/* Task tables: "STT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian |
 * Sản phẩm", columns in any order, recognised by their headers (one or two
 * header rows, merged cells followed to the cell that covers them). */
#include <stdio.h>
#include <string.h>

#include "import_int.h"

enum { COL_STT, COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_DEADLINE, COL_PRODUCT, COL_NOTE, COLS };

static int role(const char *f)
{
    if (!strcmp(f, "stt") || !strcmp(f, "tt") || imp_fold_starts(f, "so tt") ||
        imp_fold_starts(f, "so thu tu"))
        return COL_STT;
    if (imp_fold_find(f, "phoi hop")) return COL_SUPPORT;
    if (imp_fold_find(f, "chu tri")) return COL_LEAD;
    if (imp_fold_find(f, "thoi gian") || imp_fold_find(f, "thoi han") ||
        imp_fold_find(f, "tien do") || imp_fold_find(f, "moc thoi gian"))
        return COL_DEADLINE;
    if (imp_fold_find(f, "san pham") || imp_fold_find(f, "ket qua")) return COL_PRODUCT;
    if (imp_fold_find(f, "ghi chu")) return COL_NOTE;
    if (imp_fold_find(f, "noi dung") || imp_fold_find(f, "nhiem vu") ||
        imp_fold_find(f, "cong viec") || imp_fold_find(f, "hoat dong"))
        return COL_CONTENT;
    if (imp_fold_find(f, "co quan") || imp_fold_find(f, "don vi") || imp_fold_find(f, "bo phan"))
        return COL_LEAD; /* "Cơ quan thực hiện" alone: the lead */
    return -1;
}

/* An STT cell: a number ("1", "2."), a sub-number ("1.1", "a"), a Roman
 * group ("I", "II."), or nothing. */
typedef enum { STT_NONE, STT_NUMBER, STT_SUB, STT_GROUP, STT_OTHER } stt_kind;

static stt_kind stt(const char *s, int *num, char *sub, size_t cap)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ')' || s[n - 1] == ' ')) n--;
    *num = 0;
    sub[0] = '\0';
    if (!n) return STT_NONE;
    size_t i = 0;
    int v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i < 5) v = v * 10 + (s[i++] - '0');
    if (i == n && i > 0) {
        *num = v;
        return STT_NUMBER;
    }
    if (i > 0 && s[i] == '.') {
        size_t k = 0;
        for (size_t j = 0; j < n && k + 1 < cap; j++)
            if ((s[j] >= '0' && s[j] <= '9') || s[j] == '.') sub[k++] = s[j];
        sub[k] = '\0';
        *num = v;
        return STT_SUB;
    }
    int r = imp_roman(s, n);
    if (r) {
        *num = r;
        return STT_GROUP;
    }
    if (n == 1 && s[0] >= 'a' && s[0] <= 'z') {
        sub[0] = s[0];
        sub[1] = '\0';
        return STT_SUB;
    }
    return STT_OTHER;
}

bool imp_table_tasks(imp_ctx *c, int32_t ti, const char *prefix)
{
    kh_doc *doc = c->doc;
    kh_lang lang = c->lang;
    if (ti < 0 || (size_t)ti >= doc->ntables || c->table_seen[ti]) return false;
    c->table_seen[ti] = true;
    const doc_table *t = &doc->tables[ti];
    if (t->rows < 2 || t->cols < 2) return false;
    int col[COLS];
    for (int k = 0; k < COLS; k++) col[k] = -1;
    uint32_t header = 0;
    for (uint32_t r = 0; r < 2 && r < t->rows; r++) {
        bool any = false;
        for (uint32_t k = 0; k < t->cols; k++) {
            const doc_cell *x = doc_cell_at(t, r, k);
            if (r > 0 && x && x->origin_row < (int32_t)r) continue; /* merged from above */
            const char *f = imp_fold(c->d, doc_cell_text(doc, t, r, k));
            int ro = role(f);
            if (ro < 0) continue;
            any = true;
            /* The second header row ("Chủ trì", "Phối hợp" under "Cơ quan
             * thực hiện") refines the first. */
            if (col[ro] < 0 || r > 0) col[ro] = (int)k;
        }
        if (!any) break;
        header = r + 1;
    }
    if (col[COL_CONTENT] < 0 || (col[COL_LEAD] < 0 && col[COL_DEADLINE] < 0) || !header)
        return false;
    /* A "Cơ quan thực hiện" over "Chủ trì" / "Phối hợp": the lead is the
     * sub-column, not the merged one. */
    if (col[COL_LEAD] >= 0 && col[COL_LEAD] == col[COL_SUPPORT]) col[COL_LEAD] = -1;

    imp_draft *d = c->d;
    char group[16] = "";
    const char *group_label = NULL;
    long last = -1; /* the last numbered row's task */
    int seq = 0;
    bool renumbered = false;
    for (uint32_t r = header; r < t->rows; r++) {
        doc_pos at = {t->line, 0, ti, (int32_t)r, col[COL_CONTENT]};
        const char *content =
            imp_join_breaks(c->d, doc_cell_text(doc, t, r, (uint32_t)col[COL_CONTENT]));
        const char *sttx =
            col[COL_STT] >= 0 ? doc_cell_text(doc, t, r, (uint32_t)col[COL_STT]) : "";
        int num;
        char sub[16];
        stt_kind k = stt(sttx, &num, sub, sizeof sub);
        if ((k == STT_NONE || k == STT_OTHER) && last >= 0) {
            /* No number of its own, the content opening "a) ...": a
             * sub-item of the row above, its text kept whole. */
            size_t skip, ln = imp_label(content, &skip);
            bool roman;
            char letter = 0;
            if (ln && ln < 8) {
                char lab[8];
                memcpy(lab, content, ln);
                lab[ln] = '\0';
                imp_label_number(lab, &roman, &letter);
            }
            if (letter) {
                k = STT_SUB;
                sub[0] = letter;
                sub[1] = '\0';
            }
        }
        const doc_cell *cc = doc_cell_at(t, r, (uint32_t)col[COL_CONTENT]);
        bool spans = cc && cc->origin_row == (int32_t)r && cc->colspan >= 3;
        if (!*content) continue;
        /* A group row: "I | Công tác tuyên truyền", or one cell across. */
        if (k == STT_GROUP || (spans && k != STT_NUMBER)) {
            if (k == STT_GROUP)
                imp_roman_write(num, group);
            else
                snprintf(group, sizeof group, "%d", 0);
            group_label = content;
            imp_point_add(c, IMP_FUTURE, at, NULL,
                          TR(lang,
                             "nhóm nhiệm vụ \"%s\" của bảng; định dạng mới sẽ giữ được nhãn "
                             "nhóm, nay ghi thành chú thích",
                             "the table's group of tasks \"%s\"; the next format holds group "
                             "labels, for now a comment"),
                          content);
            if (k != STT_GROUP) group[0] = '\0';
            continue;
        }
        strbuf id = STRBUF_INIT;
        sb_puts(&id, prefix);
        if (group[0]) sb_printf(&id, ".%s", group);
        if (k == STT_NUMBER) {
            /* Rows numbered out of order: numbered in order, said once. */
            if (num != seq + 1) {
                if (!renumbered)
                    imp_point_add(c, IMP_GUESS, at, NULL,
                                  TR(lang,
                                     "hàng STT %d của bảng đứng sau hàng %d; mã nhiệm vụ đánh số "
                                     "theo thứ tự",
                                     "the table's row numbered %d follows row %d; the task ids "
                                     "number the rows in order"),
                                  num, seq);
                renumbered = true;
                num = seq + 1;
            }
            seq = num;
            sb_printf(&id, ".%d", num);
        } else if (k == STT_SUB && sub[0] >= 'a' && sub[0] <= 'z' && last >= 0) {
            sb_reset(&id);
            sb_printf(&id, "%s.%s", d->tasks[last].id, sub);
        } else if (k == STT_SUB) {
            sb_printf(&id, ".%s", sub);
        } else {
            sb_printf(&id, ".%d", ++seq);
        }
        imp_task *task = imp_task_add(c, imp_unique_task_id(c, sb_str(&id)), content, at, at);
        sb_done(&id);
        task->section = 2;
        if (k == STT_SUB && last >= 0 && sub[0] >= 'a' && sub[0] <= 'z') {
            task->parent = d->tasks[last].id;
            d->tasks[last].group = true;
        } else {
            last = (long)(d->ntasks - 1);
        }
        (void)group_label;
        uint16_t units[64];
        if (col[COL_LEAD] >= 0) {
            const char *lt = doc_cell_text(doc, t, r, (uint32_t)col[COL_LEAD]);
            doc_pos lat = {t->line, 0, ti, (int32_t)r, col[COL_LEAD]};
            size_t n = imp_unit_list(c, lt, lat, units, 64);
            if (n) {
                task->lead = arena_alloc(&d->mem, n * sizeof *task->lead);
                memcpy(task->lead, units, n * sizeof *units);
                task->nlead = n;
                task->lead_why = imp_why_at(IMP_SOURCE, lat, NULL);
            }
        }
        if (col[COL_SUPPORT] >= 0) {
            const char *st = doc_cell_text(doc, t, r, (uint32_t)col[COL_SUPPORT]);
            doc_pos sat = {t->line, 0, ti, (int32_t)r, col[COL_SUPPORT]};
            size_t n = imp_unit_list(c, st, sat, units, 64);
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                bool lead = false;
                for (size_t j = 0; j < task->nlead; j++)
                    if (task->lead[j] == units[i]) lead = true;
                if (!lead) units[m++] = units[i];
            }
            if (m) {
                task->support = arena_alloc(&d->mem, m * sizeof *task->support);
                memcpy(task->support, units, m * sizeof *units);
                task->nsupport = m;
                task->support_why = imp_why_at(IMP_SOURCE, sat, NULL);
            }
        }
        if (col[COL_DEADLINE] >= 0) {
            const char *dt = doc_cell_text(doc, t, r, (uint32_t)col[COL_DEADLINE]);
            doc_pos dat = {t->line, 0, ti, (int32_t)r, col[COL_DEADLINE]};
            if (*dt) {
                imp_deadline_read(c, dt, &task->deadline);
                kh_date day;
                size_t dn = imp_date_at(dt, &day);
                if (task->deadline.kind == IMP_DL_NONE && dn && !dt[dn + strspn(dt + dn, " .")]) {
                    /* A time column holding a day alone: that day. */
                    task->deadline.kind = IMP_DL_DATE;
                    task->deadline.date = day;
                    task->deadline.words = imp_str(d, dt);
                    task->deadline.why = imp_why_at(IMP_SOURCE, dat, NULL);
                }
                if (task->deadline.kind == IMP_DL_NONE && task->deadline.why.conf != IMP_OPEN) {
                    task->deadline.words = imp_str(d, dt);
                    task->deadline.why =
                        imp_why_at(IMP_OPEN, dat,
                                   imp_note(c,
                                            TR(lang,
                                               "không đọc được thời hạn \"%s\"; hãy ghi ngày vào "
                                               "'deadline'",
                                               "cannot read the deadline \"%s\"; write the day in "
                                               "'deadline'"),
                                            dt));
                }
                task->deadline.why.at = dat;
            }
        }
        if (col[COL_PRODUCT] >= 0) {
            const char *pt = doc_cell_text(doc, t, r, (uint32_t)col[COL_PRODUCT]);
            if (*pt) task->product = pt;
        }
    }
    for (size_t i = 0; i < c->nlines; i++)
        if (c->lines[i].table == ti) c->lines[i].used = true;
    /* Nested tables go with it. */
    for (size_t k = 0; k < doc->ntables; k++)
        if (doc->tables[k].parent == ti)
            for (size_t i = 0; i < c->nlines; i++)
                if (c->lines[i].table == (int32_t)k) c->lines[i].used = true;
    return true;
}
