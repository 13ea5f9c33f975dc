/* gen_plan: write a realistic kehoach plan of N tasks (rows, after periodic
 * tasks are expanded), and optionally the state of those tasks in a
 * database, and the same tasks for the peers (calcurse, taskwarrior).
 *
 *   gen_plan -n N -o PLAN.yaml [--db DB] [--calcurse DIR] [--taskwarrior DIR] [--stats]
 *
 * The plan follows docs/plan-format.md: many units (the seed's six, the
 * ward's mass organisations, then residential groups), section II contents
 * with explicit leads, section III duties whose tasks default to the duty's
 * unit, duty items, cites, and every deadline kind: ISO and dd/mm/yyyy
 * dates (some with deadline_text), continuous, end-of-period, and periodic
 * ({every: ...} with and without day). Each task's text is about 207
 * characters of Vietnamese in NFC (the mean is printed by --stats).
 *
 * --db fills an existing kehoach database (create it first with
 * `kehoach set`, so the schema comes from the real migrations) with the
 * saved state of about 60% of the tasks, notes on a quarter of those, and
 * a history row for every change, in one transaction through SQL in the
 * store's schema (task_state, note, history). The plan's period is 2023;
 * measure with --today 2023-06-15.
 *
 * Everything is deterministic: the same N gives the same bytes. */
#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a small deterministic generator (splitmix64) ---- */

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

typedef struct {
    uint64_t s;
} rng;

static uint32_t rnd(rng *r, uint32_t n)
{
    r->s = mix(r->s);
    return n ? (uint32_t)((r->s >> 32) % n) : 0;
}

static rng rng_for(uint64_t a, uint64_t b)
{
    rng r = {mix(a * 0x100000001b3ull ^ mix(b + 17))};
    return r;
}

/* ---- words ---- */

static const char *const verbs[] = {
    "Tiếp tục đẩy mạnh",      "Tổ chức triển khai", "Tăng cường",
    "Rà soát, đánh giá",      "Phối hợp thực hiện", "Kiểm tra, giám sát",
    "Tuyên truyền, phổ biến", "Nâng cao hiệu quả",  "Đôn đốc, hướng dẫn",
    "Xây dựng và triển khai", "Thực hiện nghiêm",   "Chủ động tham mưu",
    "Theo dõi, tổng hợp",     "Củng cố, kiện toàn", "Sơ kết, đánh giá",
};

static const char *const objects[] = {
    "công tác cải cách hành chính",
    "việc thực hiện Quy chế dân chủ ở cơ sở",
    "công tác tiếp công dân",
    "phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "công tác phòng, chống tham nhũng, tiêu cực",
    "công tác chuyển đổi số",
    "công tác bảo vệ môi trường và vệ sinh đô thị",
    "việc giải quyết khiếu nại, tố cáo của công dân",
    "công tác hòa giải ở cơ sở",
    "hoạt động của Ban Thanh tra nhân dân",
    "công tác tư pháp, hộ tịch",
    "việc lấy ý kiến Nhân dân về quy hoạch, kế hoạch sử dụng đất",
    "công tác quản lý trật tự xây dựng",
    "chính sách an sinh xã hội, người có công",
    "công tác phòng cháy, chữa cháy",
    "kỷ luật, kỷ cương hành chính",
    "việc công khai, minh bạch thu chi ngân sách",
    "công tác dân vận chính quyền",
    "hoạt động của Ban Giám sát đầu tư của cộng đồng",
    "công tác phổ biến, giáo dục pháp luật",
    "việc xây dựng phường đạt chuẩn tiếp cận pháp luật",
    "công tác bảo đảm an ninh chính trị, trật tự an toàn xã hội",
    "công tác dân số, y tế, chăm sóc sức khỏe Nhân dân",
    "công tác khuyến học, khuyến tài",
};

static const char *const qualifiers[] = {
    "trên địa bàn phường",
    "tại các tổ dân phố",
    "gắn với nhiệm vụ chính trị của địa phương",
    "theo Kế hoạch số 52/KH-UBND ngày 14/3/2023 của UBND thành phố",
    "nhằm nâng cao chất lượng phục vụ Nhân dân",
    "bảo đảm đúng quy định của pháp luật",
    "phát huy vai trò của người đứng đầu",
    "với sự tham gia của Mặt trận Tổ quốc và các đoàn thể",
    "theo Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ",
    "kịp thời giải quyết những vấn đề bức xúc, kiến nghị chính đáng của Nhân dân",
    "không để xảy ra điểm nóng, khiếu kiện đông người, vượt cấp",
    "có sự phối hợp chặt chẽ giữa các bộ phận chuyên môn",
    "theo Pháp lệnh số 34/2007/PL-UBTVQH ngày 06/4/2007",
    "đúng tiến độ, chất lượng, hiệu quả",
    "định kỳ báo cáo kết quả về UBND phường (qua Văn phòng – Thống kê)",
    "lồng ghép trong các buổi sinh hoạt tổ dân phố",
};

static const char *const cites_pool[] = {
    "Luật Thực hiện dân chủ ở cơ sở",
    "Pháp lệnh số 34/2007/PL-UBTVQH ngày 06/4/2007 của Ủy ban thường vụ Quốc hội",
    "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ",
    "Nghị định 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ",
    "Nghị định số 159/2016/NĐ-CP ngày 29/11/2016 của Chính phủ",
    "Quyết định số 48/2021/QĐ-UBND ngày 22/9/2021 của UBND tỉnh",
    "Công văn số 5451/UBND-CNXD, ngày 10/9/2018 của Chủ tịch Ủy ban nhân dân tỉnh",
};

static const char *const note_pool[] = {
    "Đã họp triển khai với các tổ dân phố",         "Chờ ý kiến chỉ đạo của lãnh đạo UBND phường",
    "Đã gửi báo cáo qua Văn phòng – Thống kê",      "Vướng kinh phí, đề nghị bổ sung dự toán",
    "Đã hoàn thành dự thảo, đang lấy ý kiến góp ý", "Tổ dân phố số 3 chưa nộp số liệu",
    "Phối hợp với Công an phường kiểm tra thực tế", "Đã niêm yết công khai tại trụ sở UBND phường",
};

static const char *const users[] = {"lan", "hung", "thao",   "minh",  "hoa", "tuan",
                                    "nga", "dung", "phuong", "khanh", "son", "thu"};

typedef struct {
    char id[24];
    char name[96];
    char short_name[32];
} unit;

static const unit seed_units[] = {
    {"vp-tk", "Văn phòng – Thống kê", "VP-TK"},
    {"vhxh-vhtt", "Văn hóa xã hội – Văn hóa thông tin", "VHXH-VHTT"},
    {"mot-cua", "Bộ phận Một cửa", "Một cửa"},
    {"tp-ht", "Tư pháp – Hộ tịch", "TP-HT"},
    {"tc-kt", "Tài chính – Kế toán", "TC-KT"},
    {"mttq", "Ủy ban MTTQ Việt Nam và các đoàn thể phường", "MTTQ"},
    {"ca", "Công an phường", "Công an"},
    {"bchqs", "Ban Chỉ huy Quân sự phường", "BCHQS"},
    {"tyt", "Trạm Y tế phường", "Trạm Y tế"},
    {"dc-xd", "Địa chính – Xây dựng – Đô thị và Môi trường", "ĐC-XD"},
    {"ldtbxh", "Lao động – Thương binh và Xã hội", "LĐ-TBXH"},
    {"hlhpn", "Hội Liên hiệp Phụ nữ phường", "Hội Phụ nữ"},
    {"hccb", "Hội Cựu chiến binh phường", "Hội CCB"},
    {"dtn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường", "Đoàn TN"},
    {"hnd", "Hội Nông dân phường", "Hội ND"},
    {"hctd", "Hội Chữ thập đỏ phường", "Hội CTĐ"},
};

/* ---- dates ---- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01. */
static int32_t ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void to_ymd(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

enum { YEAR = 2023 };
static const int32_t TODAY_OFFSET = 165; /* 2023-06-15 */

/* ---- the tasks ---- */

enum { DL_DATE, DL_CONTINUOUS, DL_PERIOD_END, DL_PERIODIC };
enum { E_MONTH = 1, E_QUARTER = 2, E_HALF = 4, E_NINE = 8, E_YEAR = 16 };

typedef struct {
    uint32_t seq;     /* number within its section or duty */
    int32_t duty;     /* -1: section II */
    uint8_t dl;       /* DL_ */
    uint8_t every;    /* E_ mask */
    uint8_t day;      /* 0: the period's last day */
    uint8_t date_fmt; /* 0 ISO, 1 dd/mm/yyyy */
    bool dl_text;
    int32_t due;   /* DL_DATE */
    uint16_t lead; /* explicit lead, or UINT16_MAX */
    uint16_t sup[3];
    uint8_t nsup;
    uint8_t ncites;
    bool titled;
} task;

/* One row of the expanded plan: a task, or one period of a periodic task. */
typedef struct {
    uint32_t task;
    char tag[12]; /* "" or the occurrence tag: 2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023 */
    int32_t due;
} row;

typedef struct {
    unit *units;
    size_t nunits;
    task *tasks;
    size_t ntasks;
    row *rows;
    size_t nrows;
    size_t nduties;
    uint32_t *duty_seq; /* tasks per duty so far */
    uint32_t nsection2;
} plan;

static size_t occurrences(unsigned every)
{
    return (every & E_MONTH ? 12 : 0) + (every & E_QUARTER ? 4 : 0) + (every & E_HALF ? 1 : 0) +
           (every & E_NINE ? 1 : 0) + (every & E_YEAR ? 1 : 0);
}

static int32_t period_due(int month, int day)
{
    int dim = days_in_month(YEAR, month);
    return ymd(YEAR, month, day && day < dim ? day : dim);
}

static void add_row(plan *p, size_t cap, uint32_t t, const char *tag, int32_t due)
{
    if (p->nrows >= cap) {
        fprintf(stderr, "gen_plan: internal error: too many rows\n");
        exit(1);
    }
    row *r = &p->rows[p->nrows++];
    r->task = t;
    snprintf(r->tag, sizeof r->tag, "%s", tag);
    r->due = due;
}

static void expand(plan *p, size_t cap, uint32_t t)
{
    const task *k = &p->tasks[t];
    if (k->dl != DL_PERIODIC) {
        add_row(p, cap, t, "", k->dl == DL_DATE ? k->due : ymd(YEAR, 12, 31));
        return;
    }
    char tag[12];
    for (int m = 1; m <= 12; m++) {
        if (k->every & E_MONTH) {
            snprintf(tag, sizeof tag, "%d-%02d", YEAR, m);
            add_row(p, cap, t, tag, period_due(m, k->day));
        }
        if (m % 3 == 0 && (k->every & E_QUARTER)) {
            snprintf(tag, sizeof tag, "%d-Q%d", YEAR, m / 3);
            add_row(p, cap, t, tag, period_due(m, k->day));
        }
        if (m == 6 && (k->every & E_HALF)) {
            snprintf(tag, sizeof tag, "%d-H1", YEAR);
            add_row(p, cap, t, tag, period_due(m, k->day));
        }
        if (m == 9 && (k->every & E_NINE)) {
            snprintf(tag, sizeof tag, "%d-9M", YEAR);
            add_row(p, cap, t, tag, period_due(m, k->day));
        }
        if (m == 12 && (k->every & E_YEAR)) {
            snprintf(tag, sizeof tag, "%d", YEAR);
            add_row(p, cap, t, tag, period_due(m, k->day));
        }
    }
}

static void make_units(plan *p, size_t n)
{
    p->units = calloc(n, sizeof *p->units);
    p->nunits = n;
    for (size_t i = 0; i < n; i++) {
        unit *u = &p->units[i];
        if (i < ARRAY_LEN(seed_units)) {
            *u = seed_units[i];
            continue;
        }
        size_t k = i - ARRAY_LEN(seed_units) + 1;
        snprintf(u->id, sizeof u->id, "tdp-%zu", k);
        snprintf(u->name, sizeof u->name, "Ban điều hành Tổ dân phố số %zu", k);
        snprintf(u->short_name, sizeof u->short_name, "TDP %zu", k);
    }
}

static void make_plan(plan *p, size_t nrows)
{
    memset(p, 0, sizeof *p);
    /* The seed's six units and the ward's organisations, then one per
     * residential group: 16 for a small plan, 200 at 100,000 tasks. */
    size_t nunits = 16 + nrows / 543;
    if (nunits > 200) nunits = 200;
    make_units(p, nunits);
    p->nduties = nunits;
    p->duty_seq = calloc(p->nduties, sizeof *p->duty_seq);
    p->tasks = calloc(nrows, sizeof *p->tasks);
    p->rows = calloc(nrows, sizeof *p->rows);
    rng r = rng_for(nrows, 1);
    /* A quarter of the rows are section II contents; the rest are the
     * units' duties. Tasks are made in file order. */
    size_t section2 = nrows / 4 ? nrows / 4 : 1;
    while (p->nrows < nrows) {
        uint32_t t = (uint32_t)p->ntasks++;
        task *k = &p->tasks[t];
        bool in2 = p->nrows < section2;
        if (in2) {
            k->duty = -1;
            k->seq = ++p->nsection2;
        } else {
            /* Duties in order, each getting an equal share of rows. */
            size_t left = nrows - section2;
            size_t d = (p->nrows - section2) * p->nduties / (left ? left : 1);
            if (d >= p->nduties) d = p->nduties - 1;
            k->duty = (int32_t)d;
            k->seq = ++p->duty_seq[d];
        }
        size_t room = nrows - p->nrows;
        uint32_t pick = rnd(&r, 1000);
        /* About 1.5% of written tasks are periodic reports, which make
         * about 15% of the rows. */
        static const uint8_t kinds[] = {E_QUARTER, E_MONTH, E_HALF | E_YEAR,
                                        E_MONTH | E_QUARTER | E_HALF | E_NINE | E_YEAR};
        uint8_t every = kinds[rnd(&r, ARRAY_LEN(kinds))];
        if (pick < 15 && occurrences(every) <= room) {
            k->dl = DL_PERIODIC;
            k->every = every;
            k->day = rnd(&r, 3) == 0 ? (uint8_t)(10 + rnd(&r, 21)) : 0;
        } else if (pick < 470) {
            k->dl = DL_DATE;
            int m = 1 + (int)rnd(&r, 12);
            k->due = ymd(YEAR, m, 1 + (int)rnd(&r, (uint32_t)days_in_month(YEAR, m)));
            k->date_fmt = rnd(&r, 3) == 0;
            k->dl_text = rnd(&r, 2) == 0;
        } else if (pick < 770) {
            k->dl = DL_CONTINUOUS;
        } else {
            k->dl = DL_PERIOD_END;
        }
        k->lead = UINT16_MAX;
        if (in2 || rnd(&r, 10) == 0) k->lead = (uint16_t)rnd(&r, (uint32_t)p->nunits);
        uint16_t own = k->lead != UINT16_MAX ? k->lead : (uint16_t)k->duty;
        k->nsup = (uint8_t)rnd(&r, 4);
        for (uint8_t i = 0; i < k->nsup; i++) {
            uint16_t u;
            bool again;
            do {
                u = (uint16_t)rnd(&r, (uint32_t)p->nunits);
                again = u == own;
                for (uint8_t j = 0; j < i; j++) again = again || k->sup[j] == u;
            } while (again);
            k->sup[i] = u;
        }
        k->ncites = rnd(&r, 10) < 2 ? (uint8_t)(1 + rnd(&r, 2)) : 0;
        k->titled = rnd(&r, 3) != 0;
        expand(p, nrows, t);
    }
}

/* ---- text ---- */

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80) n++;
    return n;
}

/* The task's text: clauses until about 207 characters, one sentence. */
static void task_text(uint32_t t, char *out, size_t cap)
{
    rng r = rng_for(t, 2);
    size_t target = 190 + rnd(&r, 35);
    out[0] = '\0';
    size_t len = 0;
    int clause = 0;
    while (chars(out) < target - 20) {
        char part[400];
        const char *v = verbs[rnd(&r, ARRAY_LEN(verbs))];
        const char *o = objects[rnd(&r, ARRAY_LEN(objects))];
        const char *q = qualifiers[rnd(&r, ARRAY_LEN(qualifiers))];
        if (clause == 0)
            snprintf(part, sizeof part, "%s %s %s", v, o, q);
        else if (rnd(&r, 2) && !strncmp(v, "Đ", strlen("Đ")))
            snprintf(part, sizeof part, "; đ%s %s", v + strlen("Đ"), o);
        else if (strncmp(v, "Đ", strlen("Đ")) != 0)
            snprintf(part, sizeof part, "; %c%s %s", v[0] | 0x20, v + 1, o);
        else
            snprintf(part, sizeof part, ", %s", q);
        /* Every verb starts with an ASCII capital or with Đ. */
        size_t pl = strlen(part);
        if (len + pl + 2 >= cap) break;
        memcpy(out + len, part, pl + 1);
        len += pl;
        clause++;
        if (clause > 8) break;
    }
    /* Cut at the last word that keeps the text within target + 10. */
    while (chars(out) > target + 10) {
        char *sp = strrchr(out, ' ');
        if (!sp) break;
        *sp = '\0';
    }
    len = strlen(out);
    while (len && (out[len - 1] == ',' || out[len - 1] == ';')) out[--len] = '\0';
    out[len++] = '.';
    out[len] = '\0';
}

static void task_title(uint32_t t, char *out, size_t cap)
{
    rng r = rng_for(t, 3);
    snprintf(out, cap, "%s %s", verbs[rnd(&r, ARRAY_LEN(verbs))],
             objects[rnd(&r, ARRAY_LEN(objects))]);
}

static void task_id(const plan *p, uint32_t t, const char *tag, char *out, size_t cap)
{
    const task *k = &p->tasks[t];
    if (k->duty < 0)
        snprintf(out, cap, "II.%u%s%s", k->seq, *tag ? "/" : "", tag);
    else
        snprintf(out, cap, "III.%d.%u%s%s", k->duty + 1, k->seq, *tag ? "/" : "", tag);
}

/* ---- the YAML ---- */

static void put_date(FILE *f, int32_t z, int fmt)
{
    int y, m, d;
    to_ymd(z, &y, &m, &d);
    if (fmt)
        fprintf(f, "%d/%d/%d", d, m, y);
    else
        fprintf(f, "%04d-%02d-%02d", y, m, d);
}

/* A folded block scalar, wrapped at about 90 columns. */
static void put_folded(FILE *f, const char *text, int indent)
{
    fprintf(f, ">-\n");
    const char *p = text;
    while (*p) {
        const char *line = p, *cut = NULL;
        size_t col = 0;
        const char *q = p;
        while (*q && col < 88) {
            if (*q == ' ') cut = q;
            if (((unsigned char)*q & 0xc0) != 0x80) col++;
            q++;
        }
        if (!*q) cut = q;
        if (!cut) cut = q;
        fprintf(f, "%*s%.*s\n", indent, "", (int)(cut - line), line);
        p = *cut ? cut + 1 : cut;
    }
}

static void put_units(FILE *f, const plan *p, const uint16_t *u, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%s", i ? ", " : "", p->units[u[i]].id);
    fputc(']', f);
}

static void put_task(FILE *f, const plan *p, uint32_t t, int in, double *text_chars)
{
    const task *k = &p->tasks[t];
    char buf[1024], id[48];
    task_id(p, t, "", id, sizeof id);
    fprintf(f, "%*s- id: %s\n", in, "", id);
    in += 2;
    /* Two tasks in three have a short title; the others are listed by their text. */
    if (k->titled) {
        task_title(t, buf, sizeof buf);
        fprintf(f, "%*stitle: %s\n", in, "", buf);
    }
    task_text(t, buf, sizeof buf);
    *text_chars += (double)chars(buf);
    fprintf(f, "%*stext: ", in, "");
    put_folded(f, buf, in + 2);
    if (k->ncites) {
        fprintf(f, "%*scites:\n", in, "");
        rng r = rng_for(t, 4);
        size_t first = rnd(&r, ARRAY_LEN(cites_pool));
        for (size_t i = 0; i < k->ncites; i++)
            fprintf(f, "%*s- %s\n", in + 2, "", cites_pool[(first + i) % ARRAY_LEN(cites_pool)]);
    }
    if (k->lead != UINT16_MAX) {
        fprintf(f, "%*slead: ", in, "");
        put_units(f, p, &k->lead, 1);
        fputc('\n', f);
    }
    if (k->nsup) {
        fprintf(f, "%*ssupport: ", in, "");
        put_units(f, p, k->sup, k->nsup);
        fputc('\n', f);
    }
    fprintf(f, "%*sdeadline: ", in, "");
    switch (k->dl) {
    case DL_DATE: put_date(f, k->due, k->date_fmt); break;
    case DL_CONTINUOUS: fputs("continuous", f); break;
    case DL_PERIOD_END: fputs("end-of-period", f); break;
    default: {
        static const char *const names[] = {"month", "quarter", "half-year", "nine-months", "year"};
        int n = 0;
        fputs("{every: ", f);
        if (occurrences(k->every) > 4 || __builtin_popcount(k->every) > 1) fputc('[', f);
        for (int e = 0; e < 5; e++)
            if (k->every & (1 << e)) fprintf(f, "%s%s", n++ ? ", " : "", names[e]);
        if (occurrences(k->every) > 4 || __builtin_popcount(k->every) > 1) fputc(']', f);
        if (k->day) fprintf(f, ", day: %d", k->day);
        fputc('}', f);
    }
    }
    fputc('\n', f);
    if (k->dl == DL_DATE && k->dl_text) {
        fprintf(f, "%*sdeadline_text: trước ngày ", in, "");
        put_date(f, k->due, 1);
        fputc('\n', f);
    }
}

static void write_plan(FILE *f, const plan *p, size_t nrows, double *text_chars)
{
    fprintf(f,
            "# A generated plan for kehoach's benchmarks (bench/gen_plan.c): %zu tasks.\n"
            "kehoach: 1\n\n"
            "plan:\n"
            "  id: bench-%zu\n"
            "  title: Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023 trên địa bàn phường "
            "Trương Quang Trọng (bản thử %zu nhiệm vụ)\n"
            "  issuer: UBND phường Trương Quang Trọng\n"
            "  place: phường Trương Quang Trọng, thành phố Quảng Ngãi, tỉnh Quảng Ngãi\n"
            "  period: {from: 2023-01-01, to: 2023-12-31}\n"
            "  preamble: >-\n"
            "    Thực hiện Kế hoạch số 52/KH-UBND ngày 14/3/2023 của UBND thành phố Quảng Ngãi "
            "về\n"
            "    thực hiện Quy chế dân chủ ở cơ sở năm 2023, UBND phường xây dựng Kế hoạch cụ "
            "thể như sau:\n"
            "  implements:\n"
            "    - number: 52/KH-UBND\n"
            "      kind: Kế hoạch\n"
            "      date: 2023-03-14\n"
            "      issuer: UBND thành phố Quảng Ngãi\n"
            "      title: về thực hiện Quy chế dân chủ ở cơ sở năm 2023\n"
            "  signer: {role: Chủ tịch, name: Trương Thanh Thảo}\n"
            "  recipients:\n"
            "    - TT Đảng ủy phường\n"
            "    - TT HĐND phường\n"
            "    - \"Lưu: VT\"\n"
            "  closing: >-\n"
            "    Yêu cầu các tổ chức, cá nhân có liên quan nghiêm túc triển khai thực hiện./.\n\n"
            "units:\n",
            nrows, nrows, nrows);
    for (size_t i = 0; i < p->nunits; i++)
        fprintf(f, "  - id: %s\n    name: %s\n    short: %s\n", p->units[i].id, p->units[i].name,
                p->units[i].short_name);
    fprintf(f, "\naims:\n"
               "  - >-\n"
               "    Nhằm nâng cao nhận thức cho cán bộ, công chức trong mối quan hệ, giải quyết "
               "công việc với\n"
               "    nhân dân trên địa bàn phường.\n\n"
               "contents:\n");
    uint32_t t = 0;
    for (; t < p->ntasks && p->tasks[t].duty < 0; t++) put_task(f, p, t, 2, text_chars);
    fprintf(f, "\norganization:\n"
               "  intro: Căn cứ nội dung Kế hoạch, đề nghị các bộ phận, đơn vị thực hiện.\n"
               "  duties:\n");
    for (size_t d = 0; d < p->nduties; d++) {
        fprintf(f, "    - unit: %s\n      heading: %zu. %s\n", p->units[d].id, d + 1,
                p->units[d].name);
        /* Every fifth duty names three section II items it carries out. */
        if (d % 5 == 0 && p->nsection2 >= 3) {
            uint32_t a = 1 + (uint32_t)(d * 7919 % p->nsection2);
            uint32_t b = 1 + (a + 1) % p->nsection2, c = 1 + (a + 2) % p->nsection2;
            fprintf(f, "      items: [II.%u, II.%u, II.%u]\n", a, b, c);
        }
        if (t < p->ntasks && p->tasks[t].duty == (int32_t)d) {
            fprintf(f, "      tasks:\n");
            for (; t < p->ntasks && p->tasks[t].duty == (int32_t)d; t++)
                put_task(f, p, t, 8, text_chars);
        }
    }
}

/* ---- the state ---- */

static void iso_date(int32_t z, char out[11])
{
    int y, m, d;
    to_ymd(z, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static void utc(int64_t secs, char out[32])
{
    int32_t day = (int32_t)(secs / 86400);
    int s = (int)(secs % 86400);
    int y, m, d;
    to_ymd(day, &y, &m, &d);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, s / 3600, s / 60 % 60, s % 60);
}

static const char *const status_codes[] = {"todo", "doing", "blocked", "done"};

typedef struct {
    bool has;
    int status, progress, version, nnotes;
    int32_t completed; /* 0: none */
    int64_t at;
    const char *by;
} state;

static state state_of(const plan *p, size_t i)
{
    state s = {0};
    rng r = rng_for(i, 5);
    if (rnd(&r, 100) >= 60) return s;
    s.has = true;
    int32_t today = ymd(YEAR, 1, 1) + TODAY_OFFSET;
    uint32_t k = rnd(&r, 100);
    s.status = k < 35 ? 3 : k < 70 ? 1 : k < 80 ? 2 : 0;
    s.progress = s.status == 3 ? 100 : s.status == 0 ? 0 : 5 * (1 + (int)rnd(&r, 19));
    if (s.status == 3) {
        int32_t c = p->rows[i].due - 20 + (int32_t)rnd(&r, 30);
        if (c > today) c = today - (int32_t)rnd(&r, 30);
        s.completed = c;
    }
    s.version = 1 + (int)rnd(&r, 4);
    s.at = ((int64_t)ymd(YEAR, 1, 2) + rnd(&r, TODAY_OFFSET - 2)) * 86400 + 7200 + rnd(&r, 36000);
    s.by = users[rnd(&r, ARRAY_LEN(users))];
    s.nnotes = rnd(&r, 4) == 0 ? 1 + (int)rnd(&r, 3) : 0;
    return s;
}

static void check_sql(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    fprintf(stderr, "gen_plan: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void write_state(const char *path, const plan *p, size_t nrows)
{
    sqlite3 *db;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr,
                "gen_plan: %s: %s (create it first with kehoach set, so the schema comes "
                "from the real migrations)\n",
                path, strerror(errno));
        exit(1);
    }
    check_sql(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), path);
    check_sql(db, sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL), "begin");
    char plan_id[32];
    snprintf(plan_id, sizeof plan_id, "bench-%zu", nrows);
    sqlite3_stmt *st_state, *st_note, *st_hist;
    check_sql(db,
              sqlite3_prepare_v2(db,
                                 "INSERT OR REPLACE INTO task_state (plan_id, task_id, status, "
                                 "progress, completed, updated_at, updated_by, version) VALUES "
                                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 -1, &st_state, NULL),
              "task_state");
    check_sql(db,
              sqlite3_prepare_v2(db,
                                 "INSERT INTO note (plan_id, task_id, body, author, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)",
                                 -1, &st_note, NULL),
              "note");
    check_sql(db,
              sqlite3_prepare_v2(db,
                                 "INSERT INTO history (plan_id, task_id, field, old_value, "
                                 "new_value, user, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 -1, &st_hist, NULL),
              "history");
    size_t nstate = 0, nnotes = 0, nhist = 0;
    for (size_t i = 0; i < nrows; i++) {
        state s = state_of(p, i);
        if (!s.has) continue;
        char id[48], at[32], done[11];
        task_id(p, p->rows[i].task, p->rows[i].tag, id, sizeof id);
        utc(s.at, at);
        if (s.completed) iso_date(s.completed, done);
        sqlite3_bind_text(st_state, 1, plan_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st_state, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st_state, 3, status_codes[s.status], -1, SQLITE_STATIC);
        sqlite3_bind_int(st_state, 4, s.progress);
        if (s.completed)
            sqlite3_bind_text(st_state, 5, done, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st_state, 5);
        sqlite3_bind_text(st_state, 6, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st_state, 7, s.by, -1, SQLITE_STATIC);
        sqlite3_bind_int(st_state, 8, s.version);
        check_sql(db, sqlite3_step(st_state), "task_state");
        sqlite3_reset(st_state);
        nstate++;
        /* A history row per change: the walk from todo to where it is. */
        static const char *const walk[] = {"todo", "doing", "blocked", "doing", "done"};
        for (int v = 0; v < s.version; v++) {
            char old_p[16], new_p[16];
            const char *field = v % 2 ? "progress" : "status";
            const char *ov = v % 2 ? old_p : walk[v % 5];
            const char *nv = v % 2 ? new_p : walk[(v + 1) % 5];
            if (v + 1 == s.version && !(v % 2)) nv = status_codes[s.status];
            snprintf(old_p, sizeof old_p, "%d", v * 10);
            snprintf(new_p, sizeof new_p, "%d", v + 1 == s.version ? s.progress : v * 10 + 10);
            sqlite3_bind_text(st_hist, 1, plan_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 2, id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 3, field, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 4, ov, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 5, nv, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 6, s.by, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 7, at, -1, SQLITE_STATIC);
            check_sql(db, sqlite3_step(st_hist), "history");
            sqlite3_reset(st_hist);
            nhist++;
        }
        for (int n = 0; n < s.nnotes; n++) {
            char body[256];
            snprintf(body, sizeof body, "%s (lần %d).", note_pool[(i + (size_t)n) % 8], n + 1);
            sqlite3_bind_text(st_note, 1, plan_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_note, 2, id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_note, 3, body, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_note, 4, s.by, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_note, 5, at, -1, SQLITE_STATIC);
            check_sql(db, sqlite3_step(st_note), "note");
            sqlite3_reset(st_note);
            sqlite3_bind_text(st_hist, 1, plan_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 2, id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 3, "note", -1, SQLITE_STATIC);
            sqlite3_bind_null(st_hist, 4);
            sqlite3_bind_text(st_hist, 5, body, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 6, s.by, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_hist, 7, at, -1, SQLITE_STATIC);
            check_sql(db, sqlite3_step(st_hist), "history");
            sqlite3_reset(st_hist);
            nnotes++;
            nhist++;
        }
    }
    sqlite3_finalize(st_state);
    sqlite3_finalize(st_note);
    sqlite3_finalize(st_hist);
    check_sql(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
    check_sql(db, sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
              "checkpoint");
    sqlite3_close(db);
    fprintf(stderr, "gen_plan: %s: %zu states, %zu notes, %zu history rows\n", path, nstate, nnotes,
            nhist);
}

/* ---- the peers ---- */

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen_plan: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

typedef struct {
    int prio;
    bool done;
    char *text;
} todo;

/* calcurse's todo_cmp: open before done, then by priority, then strcmp. */
static int cmp_todo(const void *a, const void *b)
{
    const todo *x = a, *y = b;
    if (x->done != y->done) return x->done ? 1 : -1;
    if (x->prio != y->prio) return x->prio < y->prio ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* calcurse: one line per task, "[PRIORITY] text" ("[-P]" when done), saved
 * in the order calcurse itself saves (sorted), so its load is linear. */
static void write_calcurse(const char *dir, const plan *p, size_t nrows)
{
    todo *v = calloc(nrows, sizeof *v);
    for (size_t i = 0; i < nrows; i++) {
        char text[1024], id[48];
        state s = state_of(p, i);
        task_text(p->rows[i].task, text, sizeof text);
        task_id(p, p->rows[i].task, p->rows[i].tag, id, sizeof id);
        size_t n = strlen(id) + strlen(text) + 2;
        v[i].text = malloc(n);
        snprintf(v[i].text, n, "%s %s", id, text);
        v[i].done = s.has && s.status == 3;
        v[i].prio = 1 + (int)(mix(i) % 9);
    }
    qsort(v, nrows, sizeof *v, cmp_todo);
    FILE *f = open_in(dir, "todo");
    for (size_t i = 0; i < nrows; i++) {
        fprintf(f, "[%s%d] %s\n", v[i].done ? "-" : "", v[i].prio, v[i].text);
        free(v[i].text);
    }
    fclose(f);
    free(v);
    fclose(open_in(dir, "apts"));
    f = open_in(dir, "conf");
    fprintf(f, "general.confirmquit=no\ngeneral.autosave=no\ngeneral.autogc=no\n");
    fclose(f);
}

/* taskwarrior 2.x: pending.data and completed.data, one [...] line a task. */
static void put_tw_string(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"')
            fputs("&dquot;", f);
        else if (*s == '[')
            fputs("&open;", f);
        else if (*s == ']')
            fputs("&close;", f);
        else
            fputc(*s, f);
    }
}

static void write_taskwarrior(const char *dir, const plan *p, size_t nrows)
{
    FILE *pending = open_in(dir, "pending.data");
    FILE *completed = open_in(dir, "completed.data");
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &p->rows[i];
        const task *k = &p->tasks[r->task];
        state s = state_of(p, i);
        bool done = s.has && s.status == 3;
        FILE *f = done ? completed : pending;
        char text[1024], id[48];
        task_text(r->task, text, sizeof text);
        task_id(p, r->task, r->tag, id, sizeof id);
        uint64_t u1 = mix(i * 2 + 1), u2 = mix(i * 2 + 2);
        int64_t entry = (int64_t)ymd(YEAR, 1, 1) * 86400 + (int64_t)(i % 86400);
        uint16_t lead = k->lead != UINT16_MAX ? k->lead : (uint16_t)(k->duty < 0 ? 0 : k->duty);
        fputc('[', f);
        if (s.nnotes)
            for (int n = 0; n < s.nnotes; n++) {
                fprintf(f, "annotation_%lld:\"", (long long)(s.at + n));
                put_tw_string(f, note_pool[(i + (size_t)n) % 8]);
                fputs("\" ", f);
            }
        fputs("description:\"", f);
        put_tw_string(f, id);
        fputc(' ', f);
        put_tw_string(f, text);
        fputs("\" ", f);
        if (k->dl != DL_CONTINUOUS) fprintf(f, "due:\"%lld\" ", (long long)r->due * 86400);
        if (done) fprintf(f, "end:\"%lld\" ", (long long)s.at);
        fprintf(f, "entry:\"%lld\" modified:\"%lld\" project:\"%s\" status:\"%s\" ",
                (long long)entry, (long long)(s.has ? s.at : entry), p->units[lead].id,
                done ? "completed" : "pending");
        fprintf(f, "uuid:\"%08x-%04x-4%03x-8%03x-%012llx\"]\n", (unsigned)(u1 >> 32),
                (unsigned)(u1 >> 16) & 0xffff, (unsigned)u1 & 0xfff, (unsigned)(u2 >> 52),
                (unsigned long long)(u2 & 0xffffffffffffull));
    }
    fclose(pending);
    fclose(completed);
    FILE *rc = open_in(dir, "taskrc");
    fprintf(rc, "data.location=%s\nconfirmation=off\ngc=off\nhooks=off\nnews.version=2.6.0\n", dir);
    fclose(rc);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"calcurse", required_argument, NULL, 'c'},
        {"taskwarrior", required_argument, NULL, 't'},
        {"stats", no_argument, NULL, 's'},
        {0, 0, 0, 0},
    };
    size_t n = 1000;
    const char *out = NULL, *db = NULL, *calcurse = NULL, *tw = NULL;
    bool stats = false;
    int c;
    while ((c = getopt_long(argc, argv, "n:o:", opts, NULL)) != -1) {
        switch (c) {
        case 'n': n = strtoul(optarg, NULL, 10); break;
        case 'o': out = optarg; break;
        case 'd': db = optarg; break;
        case 'c': calcurse = optarg; break;
        case 't': tw = optarg; break;
        case 's': stats = true; break;
        default:
            fprintf(stderr, "usage: gen_plan -n TASKS [-o PLAN.yaml] [--db DB] [--calcurse DIR] "
                            "[--taskwarrior DIR] [--stats]\n");
            return 2;
        }
    }
    if (n < 1 || n > 1000000) {
        fprintf(stderr, "gen_plan: -n must be 1 to 1,000,000\n");
        return 2;
    }
    plan p;
    make_plan(&p, n);
    if (out) {
        FILE *f = fopen(out, "w");
        if (!f) {
            fprintf(stderr, "gen_plan: %s: %s\n", out, strerror(errno));
            return 1;
        }
        double text_chars = 0;
        write_plan(f, &p, n, &text_chars);
        long bytes = ftell(f);
        if (fclose(f) != 0) {
            fprintf(stderr, "gen_plan: %s: %s\n", out, strerror(errno));
            return 1;
        }
        if (stats) {
            size_t kinds[4] = {0};
            for (size_t i = 0; i < p.ntasks; i++) kinds[p.tasks[i].dl]++;
            fprintf(stderr,
                    "gen_plan: %s: %zu tasks (%zu written: %zu dated, %zu continuous, %zu "
                    "end-of-period, %zu periodic), %zu units, %ld bytes (%.0f a task), text "
                    "%.1f characters a task on average\n",
                    out, p.nrows, p.ntasks, kinds[DL_DATE], kinds[DL_CONTINUOUS],
                    kinds[DL_PERIOD_END], kinds[DL_PERIODIC], p.nunits, bytes,
                    (double)bytes / (double)n, text_chars / (double)p.ntasks);
        }
    }
    if (db) write_state(db, &p, n);
    if (calcurse) write_calcurse(calcurse, &p, n);
    if (tw) write_taskwarrior(tw, &p, n);
    free(p.units);
    free(p.tasks);
    free(p.rows);
    free(p.duty_seq);
    return 0;
}
