/* floor: what the libraries under kehoach cost alone, as whole processes.
 *
 *   floor yaml PLAN.yaml   read the file and pull every libyaml event
 *   floor sqlite DB        read every saved state row and the note counts,
 *                          as store_load's two queries do
 *   floor nfc PLAN.yaml    NFC-normalise the whole file once (utf8proc)
 *
 * Prints what it counted on stdout, so the work cannot be skipped. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static int yaml_floor(const char *path)
{
    size_t len;
    char *buf = slurp(path, &len);
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    size_t events = 0, scalar_bytes = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "floor: %s: %s\n", path, p.problem ? p.problem : "?");
            return 1;
        }
        events++;
        if (ev.type == YAML_SCALAR_EVENT) scalar_bytes += ev.data.scalar.length;
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done) break;
    }
    yaml_parser_delete(&p);
    free(buf);
    printf("events=%zu scalar_bytes=%zu\n", events, scalar_bytes);
    return 0;
}

static int sqlite_floor(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "floor: %s: %s\n", path, sqlite3_errmsg(db));
        return 1;
    }
    static const char *const q[] = {
        "SELECT task_id, status, progress, completed, updated_at, updated_by, version"
        " FROM task_state",
        "SELECT task_id, count(*) FROM note GROUP BY task_id",
    };
    size_t rows = 0, bytes = 0;
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, q[i], -1, &st, NULL) != SQLITE_OK) {
            fprintf(stderr, "floor: %s: %s\n", path, sqlite3_errmsg(db));
            return 1;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            rows++;
            const unsigned char *id = sqlite3_column_text(st, 0);
            bytes += id ? strlen((const char *)id) : 0;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    printf("rows=%zu id_bytes=%zu\n", rows, bytes);
    return 0;
}

static int nfc_floor(const char *path)
{
    size_t len;
    char *buf = slurp(path, &len);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) return 1;
    printf("nfc_bytes=%zd same=%d\n", n, (size_t)n == len && !memcmp(out, buf, len));
    free(out);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "yaml")) return yaml_floor(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "sqlite")) return sqlite_floor(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "nfc")) return nfc_floor(argv[2]);
    fprintf(stderr, "usage: floor yaml|sqlite|nfc FILE\n");
    return 2;
}
