#include "kehoach/paths.h"

#include "kehoach/server_mode.h"

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *paths_user(void)
{
    uid_t uid = getuid();
    struct passwd pw, *res = NULL;
    char buf[4096];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res && res->pw_name && res->pw_name[0])
        return xstrdup(res->pw_name);
    return xasprintf("uid:%lu", (unsigned long)uid);
}

/* Add the name of group gid (or its number) to v unless it is there. */
static void add_group(char ***v, size_t *n, size_t *cap, gid_t gid)
{
    struct group gr, *res = NULL;
    char buf[16384];
    char *name = getgrgid_r(gid, &gr, buf, sizeof buf, &res) == 0 && res && res->gr_name
                     ? xstrdup(res->gr_name)
                     : xasprintf("%lu", (unsigned long)gid);
    for (size_t i = 0; i < *n; i++) {
        if (!strcmp((*v)[i], name)) {
            free(name);
            return;
        }
    }
    KH_GROW(*v, *n, *cap);
    (*v)[(*n)++] = name;
}

char **paths_groups(size_t *n)
{
    char **v = NULL;
    size_t len = 0, cap = 0;
    uid_t uid = getuid();
    struct passwd pw, *res = NULL;
    char buf[4096];
    add_group(&v, &len, &cap, getgid());
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res && res->pw_name) {
        int count = 16;
        gid_t *gids = NULL;
        for (int tries = 0; tries < 8; tries++) {
            gids = xreallocarray(gids, (size_t)count, sizeof *gids);
            int want = count;
            if (getgrouplist(res->pw_name, res->pw_gid, gids, &want) >= 0) {
                count = want;
                break;
            }
            count = want > count ? want : count * 2;
        }
        for (int i = 0; i < count && gids; i++) add_group(&v, &len, &cap, gids[i]);
        free(gids);
    } else {
        /* No account: the groups this process runs with. */
        int count = getgroups(0, NULL);
        gid_t *gids = xreallocarray(NULL, count > 0 ? (size_t)count : 1, sizeof *gids);
        count = count > 0 ? getgroups(count, gids) : 0;
        for (int i = 0; i < count; i++) add_group(&v, &len, &cap, gids[i]);
        free(gids);
    }
    *n = len;
    return v;
}

/* Return $HOME, or the password database's home directory, or "/". */
static const char *home_dir(char *buf, size_t n)
{
    const char *h = getenv("HOME");
    if (h && h[0] == '/') return h;
    struct passwd pw, *res = NULL;
    if (getpwuid_r(getuid(), &pw, buf, n, &res) == 0 && res && res->pw_dir) return res->pw_dir;
    return "/";
}

/* Return $var when it is an absolute path, else $HOME/fallback. */
static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/') return xstrdup(v);
    char buf[4096];
    return xasprintf("%s/%s", home_dir(buf, sizeof buf), fallback);
}

char *paths_plan(const char *explicit_path)
{
    if (server_plan()) return xstrdup(server_plan());
    /* The office server's workspace: nothing from the current folder. */
    if (server_workspace()) return xasprintf("%s/plan.yaml", server_workspace());
    if (explicit_path) return xstrdup(explicit_path);
    const char *env = getenv("KEHOACH_PLAN");
    if (env && *env) return xstrdup(env);
    if (access("plan.yaml", F_OK) == 0) return xstrdup("plan.yaml");
    char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
    char *path = xasprintf("%s/kehoach/plan.yaml", dir);
    free(dir);
    return path;
}

/* Create dir and its parents (mode 0700 for new ones). Return 0 or -1. */
static int make_dirs(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0; /* the usual case */
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0') continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) rc = -1;
        *s = c;
        if (!c) break;
    }
    free(p);
    return rc;
}

kh_errcode paths_data_dir(const char *sub, char **out, kh_error *err)
{
    *out = NULL;
    char *data = xdg_dir("XDG_DATA_HOME", ".local/share");
    char *dir = sub ? xasprintf("%s/kehoach/%s", data, sub) : xasprintf("%s/kehoach", data);
    free(data);
    /* The user's own folder: made with the user's own ids. */
    server_as_user();
    int made = make_dirs(dir);
    server_as_group();
    if (made != 0) {
        kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(errno));
        free(dir);
        return KH_E_IO;
    }
    *out = dir;
    return KH_E_OK;
}

kh_errcode paths_db(const char *explicit_path, const kh_plan *plan, char **out, kh_error *err)
{
    *out = NULL;
    if (server_db()) {
        *out = xstrdup(server_db());
        return KH_E_OK;
    }
    if (explicit_path) {
        *out = xstrdup(explicit_path);
        return KH_E_OK;
    }
    const char *env = getenv("KEHOACH_DB");
    if (env && *env) {
        *out = xstrdup(env);
        return KH_E_OK;
    }
    if (plan->database) {
        if (plan->database[0] == '/') {
            *out = xstrdup(plan->database);
        } else {
            char *copy = xstrdup(plan->path);
            *out = xasprintf("%s/%s", dirname(copy), plan->database);
            free(copy);
        }
        return KH_E_OK;
    }
    char *dir;
    if (paths_data_dir(NULL, &dir, err)) {
        if (err) err->code = KH_E_DB_OPEN;
        return KH_E_DB_OPEN;
    }
    *out = xasprintf("%s/%s.db", dir, plan->id);
    free(dir);
    return KH_E_OK;
}

bool paths_in_place(const char *path)
{
    struct stat st;
    if (!path || lstat(path, &st) != 0) return false;
    if (S_ISLNK(st.st_mode)) return true; /* written through, as the shell's > does */
    return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}
