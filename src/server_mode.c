/* The office server mode: see include/kehoach/server_mode.h and README,
 * "Setting up a ward office server". The configuration is a few lines of
 * `key = value` (plan or workspace, database), read here before anything else and
 * before the locale: it is kept out of YAML so that the code trusted with
 * the group's rights first is these lines, not a YAML parser, and the
 * plan reader stays the only user of libyaml. */
#include "kehoach/server_mode.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/util.h"

static struct {
    bool active;
    gid_t group; /* the office group: the effective group the program was started with */
    char plan[4096];
    char workspace[4096];
    char db[4096];
    bool needs_rights;
} server;

bool server_active(void)
{
    return server.active;
}

const char *server_plan(void)
{
    return server.active && server.plan[0] ? server.plan : NULL;
}

const char *server_workspace(void)
{
    return server.active && server.workspace[0] ? server.workspace : NULL;
}

const char *server_db(void)
{
    return server.active ? server.db : NULL;
}

bool server_needs_rights(void)
{
    return server.active && server.needs_rights;
}

void server_drop(void)
{
    gid_t g = getgid();
    if (setresgid(g, g, g) != 0 || getegid() != g) {
        /* Never go on with the group after being asked to let it go. */
        fputs("kehoach: setresgid failed\n", stderr);
        _exit(1);
    }
    server.active = false;
}

void server_as_user(void)
{
    if (server.active && setegid(getgid()) != 0) server_drop();
}

void server_as_group(void)
{
    if (server.active && setegid(server.group) != 0) server_drop();
}

/* Is the file or folder st root's, and not writable by group or others? */
static bool root_only(const struct stat *st)
{
    return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* Check that path and its folder are root's alone; say why not in err. */
static kh_errcode check_root_only(const char *path, bool dir_too, kh_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return kh_error_set(err, KH_E_SERVER_CONF, "%s: %s", path, kh_strerrno(errno));
    if (S_ISLNK(st.st_mode) || !root_only(&st))
        return kh_error_set(err, KH_E_SERVER_CONF, "%s: %lu:%lu %04o, %s", path,
                            (unsigned long)st.st_uid, (unsigned long)st.st_gid,
                            (unsigned)(st.st_mode & 07777),
                            S_ISLNK(st.st_mode) ? "symlink" : "uid 0, go-w");
    if (!dir_too) return KH_E_OK;
    char *copy = xstrdup(path);
    kh_errcode rc = check_root_only(dirname(copy), false, err);
    free(copy);
    return rc;
}

/* Strip spaces at both ends of s, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

kh_errcode server_check_plan(const char *path, kh_error *err)
{
    return server.active ? check_root_only(path, true, err) : KH_E_OK;
}

kh_errcode server_check_program(const char *path, kh_error *err)
{
    return server.active ? check_root_only(path, true, err) : KH_E_OK;
}

/* Read the configuration at path into server.plan (or server.workspace)
 * and server.db. */
static kh_errcode read_conf(const char *path, kh_error *err)
{
    kh_errcode rc = check_root_only(path, true, err);
    if (rc) return rc;
    FILE *f = fopen(path, "re");
    if (!f) return kh_error_set(err, KH_E_SERVER_CONF, "%s: %s", path, kh_strerrno(errno));
    char line[4200];
    int n = 0;
    server.needs_rights = true;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fclose(f);
            return kh_error_set(err, KH_E_SERVER_CONF, "%s:%d: key = value", path, n);
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        char *dst = !strcmp(key, "plan")        ? server.plan
                    : !strcmp(key, "workspace") ? server.workspace
                    : !strcmp(key, "database")  ? server.db
                                                : NULL;
        if (!dst) {
            fclose(f);
            return kh_error_set(err, KH_E_SERVER_CONF, "%s:%d: %s: plan | workspace | database",
                                path, n, key);
        }
        if (value[0] != '/' || strlen(value) >= sizeof server.plan) {
            fclose(f);
            return kh_error_set(err, KH_E_SERVER_CONF, "%s:%d: %s: an absolute path", path, n, key);
        }
        snprintf(dst, sizeof server.plan, "%s", value);
    }
    fclose(f);
    if (server.plan[0] && server.workspace[0])
        return kh_error_set(err, KH_E_SERVER_CONF, "%s: plan = … | workspace = …, not both", path);
    if ((!server.plan[0] && !server.workspace[0]) || !server.db[0])
        return kh_error_set(err, KH_E_SERVER_CONF, "%s: %s", path,
                            !server.db[0] ? "database = ?" : "plan = ? | workspace = ?");
    /* Rights are a boundary only when the plans are the administrators'
     * alone: the plan file, or the workspace's folder (each plan in it is
     * checked as it is read, server_check_plan). */
    if (server.workspace[0]) return check_root_only(server.workspace, false, err);
    return check_root_only(server.plan, true, err);
}

/* Is v made only of the bytes of ok, 1 to 64 of them? */
static bool only(const char *v, const char *ok)
{
    size_t n = strlen(v);
    return n > 0 && n <= 64 && strspn(v, ok) == n;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* The environment kept in server mode, each with the characters it may
 * hold: a terminal's name (looked up in the system's terminfo only), a
 * locale's name (never a path), a zone's name (never a path). */
static const struct {
    const char *name;
    const char *ok;
} kept_vars[] = {
    {"TERM", ALNUM "._+-"},     {"LANG", ALNUM "._@-"},        {"LC_ALL", ALNUM "._@-"},
    {"LC_CTYPE", ALNUM "._@-"}, {"LC_MESSAGES", ALNUM "._@-"}, {"TZ", ALNUM "_+-/"},
    {"KEHOACH_LANG", ALNUM},    {"KEHOACH_ASCII", ALNUM},      {"NO_COLOR", ALNUM},
    {"COLUMNS", "0123456789"},  {"LINES", "0123456789"},
};

/* Replace the environment by the safe one: the kept variables whose values
 * pass, HOME from the password database, a fixed PATH, no plan cache. */
static void clean_environment(void)
{
    char *keep[KH_ARRAY_LEN(kept_vars)] = {0};
    for (size_t i = 0; i < KH_ARRAY_LEN(kept_vars); i++) {
        const char *v = getenv(kept_vars[i].name);
        if (v && only(v, kept_vars[i].ok) && v[0] != '/' && v[0] != '.' && !strstr(v, ".."))
            keep[i] = xstrdup(v);
    }
    clearenv();
    for (size_t i = 0; i < KH_ARRAY_LEN(kept_vars); i++) {
        if (keep[i]) setenv(kept_vars[i].name, keep[i], 1);
        free(keep[i]);
    }
    struct passwd pw, *res = NULL;
    char buf[4096];
    if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res && res->pw_dir &&
        res->pw_dir[0] == '/')
        setenv("HOME", res->pw_dir, 1);
    setenv("PATH", "/usr/bin:/bin", 1);
    /* The plan is root's: it is never cached (README, the plan cache). */
    setenv("KEHOACH_NO_CACHE", "1", 1);
}

kh_errcode server_init(kh_error *err)
{
    gid_t egid = getegid();
    if (egid == getgid()) return KH_E_OK;
    const char *plan = getenv("KEHOACH_PLAN"), *db = getenv("KEHOACH_DB");
    if ((plan && *plan) || (db && *db) || access(KEHOACH_SERVER_CONF, F_OK) != 0) {
        server_drop();
        return KH_E_OK;
    }
    server.group = egid;
    kh_errcode rc = read_conf(KEHOACH_SERVER_CONF, err);
    if (rc) {
        server_drop();
        return rc;
    }
    clean_environment();
    server.active = true;
    return KH_E_OK;
}
