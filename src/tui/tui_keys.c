/* The dashboard's key map, and what each action does in words (the help
 * page is built from these). */
#include "tui.h"

const tui_key tui_keys[] = {
    {true, KEY_UP, ACT_UP, "↑"},
    {false, 'k', ACT_UP, "k"},
    {true, KEY_DOWN, ACT_DOWN, "↓"},
    {false, 'j', ACT_DOWN, "j"},
    {true, KEY_PPAGE, ACT_PGUP, "PgUp"},
    {true, KEY_NPAGE, ACT_PGDN, "PgDn"},
    {false, ' ', ACT_PGDN, "Space"},
    {true, KEY_HOME, ACT_HOME, "Home"},
    {false, 'g', ACT_HOME, "g"},
    {true, KEY_END, ACT_END, "End"},
    {false, 'G', ACT_END, "G"},
    {false, '\t', ACT_NEXT_PANE, "Tab"},
    {true, KEY_RIGHT, ACT_NEXT_PANE, "→"},
    {true, KEY_BTAB, ACT_PREV_PANE, "Shift-Tab"},
    {true, KEY_LEFT, ACT_PREV_PANE, "←"},
    {false, '1', ACT_PANE_LIST, "1"},
    {false, '2', ACT_PANE_UNITS, "2"},
    {false, '3', ACT_PANE_DEADLINES, "3"},
    {false, '4', ACT_PANE_PLANS, "4"},
    {false, '5', ACT_PANE_WARDS, "5"},
    {false, '\n', ACT_ENTER, "Enter"},
    {false, '\r', ACT_ENTER, ""},
    {true, KEY_ENTER, ACT_ENTER, ""},
    {false, 's', ACT_STATUS, "s"},
    {false, 'p', ACT_PROGRESS, "p"},
    {false, 'n', ACT_NOTE, "n"},
    {false, 'u', ACT_UNDO, "u"},
    {false, 'N', ACT_NOTE_KIND, "N"},
    {false, 'c', ACT_CONFIRM, "c"},
    {false, 'R', ACT_RESULT, "R"},
    {false, 'e', ACT_EXTEND, "e"},
    {false, 'A', ACT_AMEND, "A"},
    {false, '/', ACT_SEARCH, "/"},
    {false, 'f', ACT_FILTER, "f"},
    {false, 27, ACT_ESCAPE, "Esc"},
    {false, 'o', ACT_SORT, "o"},
    {false, 'O', ACT_SORT_REVERSE, "O"},
    {false, 'a', ACT_ABOUT, "a"},
    {false, 't', ACT_TARGETS, "t"},
    {false, 'h', ACT_HISTORY, "h"},
    {false, 'r', ACT_REPORT, "r"},
    {false, '?', ACT_HELP, "?"},
    {true, KEY_F(1), ACT_HELP, "F1"},
    {false, 12, ACT_REDRAW, "Ctrl-L"},
    {false, 'K', ACT_DETAIL_UP, "K"},
    {false, 'J', ACT_DETAIL_DOWN, "J"},
    {false, 'W', ACT_KEPT, "W"},
    {false, 'q', ACT_QUIT, "q"},
    {true, KEY_F(10), ACT_QUIT, "F10"},
    {false, 0, ACT_NONE, NULL},
};

const char *tui_action_words(tui_action a, kh_lang lang)
{
    switch (a) {
    case ACT_UP: return TR(lang, "lên một dòng", "up one row");
    case ACT_DOWN: return TR(lang, "xuống một dòng", "down one row");
    case ACT_PGUP: return TR(lang, "lên một trang", "up one page");
    case ACT_PGDN: return TR(lang, "xuống một trang", "down one page");
    case ACT_HOME: return TR(lang, "về dòng đầu", "to the first row");
    case ACT_END: return TR(lang, "đến dòng cuối", "to the last row");
    case ACT_NEXT_PANE: return TR(lang, "sang khung sau", "next pane");
    case ACT_PREV_PANE: return TR(lang, "về khung trước", "previous pane");
    case ACT_PANE_LIST: return TR(lang, "khung Nhiệm vụ", "the Tasks pane");
    case ACT_PANE_UNITS: return TR(lang, "khung Đơn vị", "the Units pane");
    case ACT_PANE_DEADLINES: return TR(lang, "khung Thời hạn", "the Deadlines pane");
    case ACT_PANE_PLANS:
        return TR(lang, "khung Kế hoạch (không gian làm việc): Enter chỉ xem một kế hoạch",
                  "the Plans pane (a workspace): Enter shows one plan only");
    case ACT_PANE_WARDS:
        return TR(lang,
                  "khung Phường/Xã (không gian làm việc của tỉnh): xếp hạng; Enter xem việc của "
                  "phường, xã (chỉ xem)",
                  "the Wards pane (a province's workspace): the ranking; Enter shows the ward's "
                  "tasks (read-only)");
    case ACT_ENTER:
        return TR(lang, "mở/đóng chi tiết; ở khung Đơn vị: lọc theo đơn vị",
                  "open/close the detail; in Units: filter by the unit");
    case ACT_STATUS:
        return TR(lang,
                  "đổi trạng thái (chọn bằng ↑↓ rồi Enter, hoặc bấm 1–5); Đã hoàn thành hỏi "
                  "ngày hoàn thành, Dừng thực hiện hỏi văn bản",
                  "set the status (↑↓ then Enter, or 1–5 at once); Done asks the day it was "
                  "done, Withdrawn the document");
    case ACT_PROGRESS: return TR(lang, "đặt tiến độ (0–100)", "set the progress (0–100)");
    case ACT_NOTE: return TR(lang, "thêm ghi chú", "add a note");
    case ACT_UNDO:
        return TR(lang,
                  "hoàn tác thay đổi gần nhất của bạn (hỏi lại trước; bấm lần nữa: thay đổi trước "
                  "đó)",
                  "undo your last change (asks first; again: the change before)");
    case ACT_NOTE_KIND:
        return TR(lang, "thêm khó khăn, vướng mắc hoặc đề xuất, kiến nghị (chọn loại rồi viết)",
                  "add a difficulty or a proposal (pick the kind, then write)");
    case ACT_CONFIRM:
        return TR(lang, "xác nhận hoàn thành, hoặc trả lại kèm lý do (thành viên đơn vị xác nhận)",
                  "confirm a completion, or reject it with a reason (the confirming unit)");
    case ACT_EXTEND:
        return TR(lang, "gia hạn nhiệm vụ theo văn bản: ngày mới, văn bản, lý do",
                  "extend a task's deadline by a document: the new day, the document, the reason");
    case ACT_RESULT:
        return TR(lang, "thêm kết quả cho nhiệm vụ đã hoàn thành: văn bản, tệp",
                  "add a result to a done task: document, file");
    case ACT_AMEND:
        return TR(lang, "điều chỉnh kế hoạch theo văn bản: bổ sung nhiệm vụ, đổi thời hạn",
                  "amend the plan by a document: add a task, change a deadline");
    case ACT_SEARCH:
        return TR(lang, "tìm (không phân biệt hoa thường, dấu); Enter giữ làm bộ lọc, Esc xóa",
                  "search (ignores case and diacritics); Enter keeps it, Esc clears it");
    case ACT_FILTER:
        return TR(lang,
                  "lọc theo đơn vị, trạng thái hoặc thời hạn; ở khung Phường/Xã: theo kế hoạch "
                  "hoặc theo một việc qua mọi phường, xã",
                  "filter by unit, status or timeliness; in Wards: by plan, or by one task "
                  "across the wards");
    case ACT_ESCAPE:
        return TR(lang, "đóng chi tiết, hoặc bỏ tìm kiếm và bộ lọc",
                  "close the detail, or clear the search and filters");
    case ACT_SORT:
        return TR(lang, "sắp xếp: thứ tự kế hoạch, thời hạn, trạng thái, đơn vị",
                  "sort: plan order, deadline, status, unit; in Wards: the next column");
    case ACT_SORT_REVERSE:
        return TR(lang, "ở khung Phường/Xã: đảo chiều sắp xếp", "in Wards: reverse the sort");
    case ACT_ABOUT:
        return TR(lang,
                  "về kế hoạch: mục đích, căn cứ, nhiệm vụ các đơn vị, người ký, nơi nhận (Tab "
                  "chọn một khoản, Enter mở nhiệm vụ đó)",
                  "about the plan: aims, basis, the units' duties, signer, recipients (Tab picks "
                  "an item, Enter opens its task)");
    case ACT_TARGETS:
        return TR(lang, "các chỉ tiêu: phải đạt, đã đạt, còn thiếu (theo mốc năm đang tính)",
                  "the targets: to reach, reached, the gap (by the horizon in effect)");
    case ACT_HISTORY:
        return TR(lang, "lịch sử thay đổi (lọc theo nhiệm vụ, người, ngày)",
                  "the history of changes (filter by task, person, date)");
    case ACT_REPORT:
        return TR(lang,
                  "ghi báo cáo (HTML) của kỳ sắp đến hạn cho các nhiệm vụ đang lọc, và cho biết "
                  "ghi vào đâu",
                  "write the report (HTML) of the period due next for the tasks filtered, and "
                  "say where");
    case ACT_HELP: return TR(lang, "trợ giúp (trang này)", "help (this page)");
    case ACT_REDRAW: return TR(lang, "vẽ lại màn hình", "redraw the screen");
    case ACT_DETAIL_UP:
        return TR(lang, "cuộn khung chi tiết lên (từ bất cứ khung nào)",
                  "scroll the detail up (from any pane)");
    case ACT_DETAIL_DOWN:
        return TR(lang, "cuộn khung chi tiết xuống (từ bất cứ khung nào)",
                  "scroll the detail down (from any pane)");
    case ACT_KEPT:
        return TR(lang, "lưu (hoặc bỏ) các thay đổi còn giữ từ lần trước, khi CSDL bận lúc thoát",
                  "save (or drop) the changes kept from last time, when the database was busy "
                  "on quitting");
    case ACT_QUIT: return TR(lang, "thoát", "quit");
    case ACT_NONE:
    case ACT_COUNT: break;
    }
    return "";
}

tui_action tui_action_of(int code, wint_t ch)
{
    for (const tui_key *k = tui_keys; k->act != ACT_NONE; k++)
        if (k->ch == ch && k->function_key == (code == KEY_CODE_YES)) return k->act;
    return ACT_NONE;
}
