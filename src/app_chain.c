/* The history's hash chain in words, for check --db, history and the
 * dashboard's history page. */
#include "kehoach/app.h"

void app_chain_words(kh_lang lang, const char *db_path, const kh_chain_report *r, strbuf *out)
{
    long long row = (long long)r->row_id, seq = (long long)r->seq;
    switch (r->problem) {
    case CHAIN_OK:
    case CHAIN_NONE: break;
    case CHAIN_CHANGED:
        sb_printf(out,
                  TR(lang,
                     "%s: bản ghi %s %lld (liên kết #%lld) đã bị sửa: các cột của nó không còn cho "
                     "mã băm đã ghi",
                     "%s: the record %s %lld (link #%lld) was changed: its columns no longer give "
                     "the hash written for it"),
                  db_path, r->kind, row, seq);
        break;
    case CHAIN_DELETED:
        sb_printf(out,
                  TR(lang, "%s: bản ghi %s %lld (liên kết #%lld) đã bị xóa",
                     "%s: the record %s %lld (link #%lld) was deleted"),
                  db_path, r->kind, row, seq);
        break;
    case CHAIN_GAP:
        sb_printf(out,
                  TR(lang, "%s: thiếu liên kết #%lld (trước bản ghi %s %lld): liên kết đã bị xóa",
                     "%s: link #%lld is missing (before the record %s %lld): links were deleted"),
                  db_path, seq, r->kind, row);
        break;
    case CHAIN_UNLINKED:
        sb_printf(
            out,
            TR(lang,
               "%s: bản ghi %s %lld không có liên kết trong chuỗi: được thêm vào ngoài kehoach",
               "%s: the record %s %lld has no link in the chain: it was added past kehoach"),
            db_path, r->kind, row);
        break;
    case CHAIN_OLDER:
        sb_printf(out,
                  TR(lang,
                     "%s: không chứa đầu chuỗi đã lưu bên cạnh (#%lld %s trong %s-head): đây là "
                     "một bản cũ được chép lại, hoặc lịch sử đã bị viết lại",
                     "%s: does not hold the head kept beside it (#%lld %s in %s-head): an older "
                     "copy was put back, or the history was rewritten"),
                  db_path, (long long)r->kept_seq, r->kept_hash, db_path);
        break;
    }
}

bool app_chain_broken(const kh_app *app, strbuf *why)
{
    if (!app->store) return false;
    kh_chain_report r;
    kh_error err = {0};
    if (store_chain_verify(app->store, &r, &err)) return false;
    if (r.problem == CHAIN_OK || r.problem == CHAIN_NONE) return false;
    sb_printf(why, "%s: ", kh_strerror(KH_E_CHAIN, app->lang));
    app_chain_words(app->lang, app->db_path, &r, why);
    return true;
}
