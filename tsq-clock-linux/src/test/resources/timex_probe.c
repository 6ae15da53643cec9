/*
 * Test helper for tsq-clock-linux, compiled with gcc at test time when gcc exists.
 *   timex_probe layout  -> "sizeof 208" and "<field> <offsetof>" lines for struct timex as glibc declares it
 *   timex_probe status  -> one read-only adjtimex call (modes = 0, nothing changes) and its fields
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/timex.h>

#define OFF(f) printf(#f " %zu\n", offsetof(struct timex, f))

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "layout") == 0) {
        printf("sizeof %zu\n", sizeof(struct timex));
        OFF(modes); OFF(offset); OFF(freq); OFF(maxerror); OFF(esterror); OFF(status);
        OFF(constant); OFF(precision); OFF(tolerance); OFF(time.tv_sec); OFF(time.tv_usec);
        OFF(tick); OFF(ppsfreq); OFF(jitter); OFF(shift); OFF(stabil); OFF(jitcnt);
        OFF(calcnt); OFF(errcnt); OFF(stbcnt); OFF(tai);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "status") == 0) {
        struct timex tx;
        memset(&tx, 0, sizeof tx);
        tx.modes = 0; /* read-only */
        int ret = adjtimex(&tx);
        if (ret < 0) {
            perror("adjtimex");
            return 2;
        }
        printf("return %d\n", ret);
        printf("offset %ld\nfreq %ld\nmaxerror %ld\nesterror %ld\nstatus %d\nconstant %ld\n",
               tx.offset, tx.freq, tx.maxerror, tx.esterror, tx.status, tx.constant);
        printf("tick %ld\ntai %d\n", tx.tick, tx.tai);
        return 0;
    }
    fprintf(stderr, "usage: timex_probe layout|status\n");
    return 1;
}
