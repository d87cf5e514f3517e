// Time: clock_gettime for every common clock (monotonic never goes back, resolution sane),
// nanosleep/clock_nanosleep durations, gettimeofday vs time(), timer via setitimer+SIGALRM,
// CPU time advancing under work, and gmtime/strftime/timegm/mktime with TZ=UTC.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double secs(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }
static volatile sig_atomic_t alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
    clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID,
                          CLOCK_THREAD_CPUTIME_ID, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE};
    const char* names[] = {"realtime", "monotonic", "monotonic_raw", "boottime", "process_cpu", "thread_cpu", "realtime_coarse", "monotonic_coarse"};
    for (unsigned i = 0; i < sizeof clocks / sizeof *clocks; i++) {
        struct timespec a, b, res;
        int ok = clock_gettime(clocks[i], &a) == 0 && clock_gettime(clocks[i], &b) == 0 && clock_getres(clocks[i], &res) == 0;
        printf("%-16s ok=%d ordered=%d res<=10ms=%d\n", names[i], ok, secs(b) >= secs(a), res.tv_sec == 0 && res.tv_nsec <= 10000000);
    }
    struct timespec t0, t1, d = {0, 30 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("nanosleep 30ms: slept>=30ms %d <2s %d\n", secs(t1) - secs(t0) >= 0.030, secs(t1) - secs(t0) < 2);
    struct timespec until = t1; until.tv_nsec += 20 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    printf("clock_nanosleep abstime rc=%d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    printf("reached deadline %d\n", secs(t0) >= secs(until));
    struct timeval tv; gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("gettimeofday ~ time(): %d, after 2020: %d\n", labs((long)(tv.tv_sec - now)) <= 1, now > 1577836800);

    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (alarms < 5) pause();
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("interval timer fired >=5 times: %d\n", alarms >= 5);

    struct timespec c0, c1; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile double x = 0; for (int i = 0; i < 3000000; i++) x += i * 0.5;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("cpu time advanced: %d\n", secs(c1) > secs(c0));

    time_t fixed = 1700000000;
    struct tm tm; gmtime_r(&fixed, &tm);
    char s[80]; strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S %A %j", &tm);
    printf("gmtime: %s\n", s);
    struct tm leap = {0}; leap.tm_year = 124; leap.tm_mon = 1; leap.tm_mday = 29; leap.tm_hour = 12;
    printf("timegm(2024-02-29 12:00) = %lld\n", (long long)timegm(&leap));
    leap.tm_mday = 30; leap.tm_isdst = 0;
    time_t norm = mktime(&leap);
    strftime(s, sizeof s, "%F", &leap);
    printf("mktime normalises Feb 30 to %s (%lld)\n", s, (long long)norm);
    return 0;
}
