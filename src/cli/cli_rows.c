/* Many rows of output, made on two threads where the machine has two CPUs:
 * the rows are cut into blocks, the main thread makes the even blocks and
 * a worker the odd ones, and the main thread writes them in order. A block
 * is written as soon as it is made, so at most three blocks are held. */
#include <pthread.h>
#include <stdio.h>

#include "cli.h"
#include "kehoach/parallel.h"

enum {
    ROWS_BLOCK = 1024,     /* rows a block */
    ROWS_FLUSH = 64 * 1024 /* one thread: write every 64 KiB */
};

typedef struct {
    size_t n, nblocks;
    cli_row_fn fn;
    const void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    strbuf buf[2];  /* the worker's blocks, by the parity of their round */
    size_t made;    /* rounds the worker has finished */
    size_t written; /* of those, written by the main thread */
} rows_job;

static void make_block(const rows_job *j, size_t block, strbuf *out, cli_scratch *tmp)
{
    size_t lo = block * ROWS_BLOCK, hi = lo + ROWS_BLOCK < j->n ? lo + ROWS_BLOCK : j->n;
    for (size_t k = lo; k < hi; k++) j->fn(j->ctx, k, out, tmp);
}

static void *worker(void *arg)
{
    rows_job *j = arg;
    cli_scratch tmp = {STRBUF_INIT, STRBUF_INIT};
    for (size_t round = 0; 2 * round + 1 < j->nblocks; round++) {
        /* The buffer of this round's parity is free once round - 2 is written. */
        pthread_mutex_lock(&j->lock);
        while (round >= j->written + 2) pthread_cond_wait(&j->changed, &j->lock);
        pthread_mutex_unlock(&j->lock);
        strbuf *out = &j->buf[round % 2];
        sb_reset(out);
        make_block(j, 2 * round + 1, out, &tmp);
        pthread_mutex_lock(&j->lock);
        j->made = round + 1;
        pthread_cond_broadcast(&j->changed);
        pthread_mutex_unlock(&j->lock);
    }
    sb_done(&tmp.a);
    sb_done(&tmp.b);
    return NULL;
}

static void write_sb(FILE *out, strbuf *sb)
{
    if (sb->len) fwrite(sb->data, 1, sb->len, out);
    sb_reset(sb);
}

static void rows_one_thread(FILE *out, size_t n, cli_row_fn fn, const void *ctx)
{
    strbuf rows = STRBUF_INIT;
    cli_scratch tmp = {STRBUF_INIT, STRBUF_INIT};
    for (size_t k = 0; k < n; k++) {
        fn(ctx, k, &rows, &tmp);
        if (rows.len >= ROWS_FLUSH) write_sb(out, &rows);
    }
    write_sb(out, &rows);
    sb_done(&rows);
    sb_done(&tmp.a);
    sb_done(&tmp.b);
}

void cli_rows_write(FILE *out, size_t n, cli_row_fn fn, const void *ctx)
{
    if (n < CLI_ROWS_THREADED || !parallel_two_cpus()) {
        rows_one_thread(out, n, fn, ctx);
        return;
    }
    rows_job j = {.n = n, .nblocks = (n + ROWS_BLOCK - 1) / ROWS_BLOCK, .fn = fn, .ctx = ctx};
    j.buf[0] = (strbuf)STRBUF_INIT;
    j.buf[1] = (strbuf)STRBUF_INIT;
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.changed, NULL);
    pthread_t tid;
    if (pthread_create(&tid, NULL, worker, &j) != 0) {
        pthread_cond_destroy(&j.changed);
        pthread_mutex_destroy(&j.lock);
        rows_one_thread(out, n, fn, ctx);
        return;
    }
    strbuf mine = STRBUF_INIT;
    cli_scratch tmp = {STRBUF_INIT, STRBUF_INIT};
    for (size_t round = 0; 2 * round < j.nblocks; round++) {
        make_block(&j, 2 * round, &mine, &tmp);
        write_sb(out, &mine);
        if (2 * round + 1 >= j.nblocks) break;
        pthread_mutex_lock(&j.lock);
        while (j.made <= round) pthread_cond_wait(&j.changed, &j.lock);
        pthread_mutex_unlock(&j.lock);
        write_sb(out, &j.buf[round % 2]);
        pthread_mutex_lock(&j.lock);
        j.written = round + 1;
        pthread_cond_broadcast(&j.changed);
        pthread_mutex_unlock(&j.lock);
    }
    pthread_join(tid, NULL);
    pthread_cond_destroy(&j.changed);
    pthread_mutex_destroy(&j.lock);
    sb_done(&mine);
    sb_done(&tmp.a);
    sb_done(&tmp.b);
    sb_done(&j.buf[0]);
    sb_done(&j.buf[1]);
}
