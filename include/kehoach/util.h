/* util: allocation that aborts on failure, growable buffers, an arena. */
#ifndef KEHOACH_UTIL_H
#define KEHOACH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define KH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Grow the array ptr (n used, cap allocated) so that one more element fits. */
#define KH_GROW(ptr, n, cap)                                                                       \
    do {                                                                                           \
        if ((n) >= (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 8;                                                           \
            (ptr) = xreallocarray((ptr), (cap), sizeof *(ptr));                                    \
        }                                                                                          \
    } while (0)

/* Set the function called (to restore the terminal, say) before an abort on
 * allocation failure. */
void util_set_fatal_hook(void (*hook)(void));

/* Return n bytes of fresh memory; abort when none is left. */
void *xmalloc(size_t n);
/* Return zeroed memory for n elements of size bytes; abort when none is left. */
void *xcalloc(size_t n, size_t size);
/* Return p resized to n elements of size bytes; abort on overflow or failure. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Return a heap copy of s (NULL for NULL). */
char *xstrdup(const char *s);
/* Return a heap copy of the first n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* Return a heap string formatted as by printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write all n bytes of data to fd, again after EINTR; return false on an
 * error (errno set; EIO when the kernel took no byte). */
bool fd_write_all(int fd, const void *data, size_t n);

/* A growable NUL-terminated byte buffer. */
typedef struct {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Append n bytes of s, growing the buffer (sb_add's slow path). */
void sb_add_grow(strbuf *sb, const char *s, size_t n);
/* Append n bytes of s (inline: output is built a piece at a time, and the
 * length of a literal is known where it is written). */
static inline void sb_add(strbuf *sb, const char *s, size_t n)
{
    if (sb->cap - sb->len > n) {
        memcpy(sb->data + sb->len, s, n);
        sb->len += n;
        sb->data[sb->len] = '\0';
    } else {
        sb_add_grow(sb, s, n);
    }
}
/* Append the NUL-terminated string s. */
static inline void sb_puts(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}
/* Append one byte (inline: output is built a byte at a time). */
static inline void sb_putc(strbuf *sb, char c)
{
    if (sb->len + 1 < sb->cap) {
        sb->data[sb->len++] = c;
        sb->data[sb->len] = '\0';
    } else {
        sb_add(sb, &c, 1);
    }
}
/* Append n copies of byte c. */
void sb_repeat(strbuf *sb, char c, size_t n);
/* Append formatted text as by printf. */
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append formatted text as by vprintf. */
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Return the contents as a C string ("" when empty); valid until the next append. */
const char *sb_str(const strbuf *sb);
/* Forget the contents, keeping the allocation. */
void sb_reset(strbuf *sb);
/* Return the contents as a heap string owned by the caller and empty the buffer. */
char *sb_take(strbuf *sb);
/* Free the buffer. */
void sb_done(strbuf *sb);

/* A bump allocator: many small allocations freed at once. */
typedef struct arena_chunk arena_chunk;
typedef struct {
    arena_chunk *head;
} arena;

/* Return size bytes (aligned for any type) that live until arena_done. */
void *arena_alloc(arena *a, size_t size);
/* Return a copy of n bytes of s, NUL-terminated, in the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Return a copy of s in the arena (NULL for NULL). */
char *arena_strdup(arena *a, const char *s);
/* Free everything allocated from the arena. */
void arena_done(arena *a);

#endif
