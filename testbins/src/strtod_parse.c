// Number conversions in libc: strtod/strtof/strtold with hex floats, infinities, NaN, subnormals
// and overflow (ERANGE), strtol/strtoul bases and overflow clamping, endptr positions, and
// printf %a/%g/%e round trips (exact shortest representations through %.17g).
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void d(const char* s) {
    char* end; errno = 0;
    double v = strtod(s, &end);
    printf("strtod(\"%s\") = %.17g (%a) used=%td erange=%d\n", s, v, v, end - s, errno == ERANGE);
}
static void l(const char* s, int base) {
    char* end; errno = 0;
    long v = strtol(s, &end, base);
    printf("strtol(\"%s\", %d) = %ld used=%td erange=%d\n", s, base, v, end - s, errno == ERANGE);
}

int main(void) {
    const char* ds[] = {"3.14159", "  -0.0", "1e308", "1e309", "-1e-320", "4.9e-324", "1e-400", "0x1.8p3", "0x1p-1074",
                        "inf", "-Infinity", "nan", "NAN(123)", "12abc", "abc", ".5e", "1.7976931348623157e308", NULL};
    for (int i = 0; ds[i]; i++) d(ds[i]);
    char* end;
    float f = strtof("3.4028236e38", &end);
    printf("strtof overflow: %g isinf=%d\n", f, isinf(f));
    printf("strtof(0.1) = %.9g\n", strtof("0.1", NULL));
    long double ld = strtold("1.00000000000000000001", NULL);
    printf("strtold > 1: %d\n", ld > 1.0L);
    l("2147483648", 10); l("-9223372036854775808", 10); l("9223372036854775808", 10); l("0x7fffffff", 0);
    l("0777", 0); l("z", 36); l("  +12 rest", 10); l("101012", 2);
    errno = 0;
    unsigned long u = strtoul("-1", NULL, 10);
    printf("strtoul(-1) = %lu erange=%d\n", u, errno == ERANGE);
    printf("strtoull max: %llu\n", strtoull("18446744073709551615", NULL, 10));
    printf("strtoimax: %" PRIdMAX "\n", strtoimax("-123456789012", NULL, 10));
    double vals[] = {0.1, 1.0 / 3, 2.5e-310, 123456789.125, DBL_MAX, DBL_MIN, -0.0};
    for (int i = 0; i < 7; i++) {
        char buf[64]; snprintf(buf, sizeof buf, "%.17g", vals[i]);
        double back = strtod(buf, NULL);
        printf("%%g=%g %%e=%.3e %%a=%a roundtrip=%d\n", vals[i], vals[i], vals[i], memcmp(&back, &vals[i], sizeof back) == 0);
    }
    printf("atoi/atol: %d %ld\n", atoi("  42xyz"), atol("-77"));
    return 0;
}
