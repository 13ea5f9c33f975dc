/* header_only: the first-frame baseline. It prints, at once, the bytes of a
 * frame (a file captured from the dashboard by pty_run -d) or, without a
 * file, the dashboard's header line, and exits: what the start of any
 * terminal program costs before it does any work. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    static char frame[1 << 20];
    size_t n = 0;
    if (argc > 1) {
        FILE *f = fopen(argv[1], "rb");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        n = fread(frame, 1, sizeof frame, f);
        fclose(f);
    } else {
        n = (size_t)snprintf(frame, sizeof frame, "%s",
                             "\033[H\033[2J Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm "
                             "20…  Hoàn thành 6% · 15/06/2023\r\n");
    }
    return write(STDOUT_FILENO, frame, n) == (ssize_t)n ? 0 : 1;
}
