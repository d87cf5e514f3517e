/* printf/strtod of doubles: %f %e %g %a with negative, large, tiny, inf, nan. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <float.h>

int main(void) {
    volatile double zero = 0.0;
    double vals[] = { 0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 3.14159265358979, 2.5, 3.5, -2.5, 1e10, 1.5e300, -1.7976931348623157e308,
                      1e-5, 1.2345678e-300, 4.9406564584124654e-324, 2.2250738585072014e-308, 123456789.125, 0.000123456,
                      1.0 / zero, -1.0 / zero, zero / zero, 1.0 / 3.0, 2.0 / 3.0, 100.0, 1e15, 1e16, 1e17, 9.999999 };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%%f=[%f] %%.2f=[%.2f] %%e=[%e] %%.3E=[%.3E] %%g=[%g] %%.10g=[%.10g] %%a=[%a] %%12.4f=[%12.4f] %%-+12.1e=[%-+12.1e] %%#.0f=[%#.0f]\n",
               v, v, v, v, v, v, v, v, v, v);
    }
    float f = 1.1f; printf("float %f %.9g %a\n", f, f, f);
    printf("%.20f\n%.17g\n%.0f\n%.0f\n%.0f\n", 0.1, 0.1, 0.5, 1.5, 2.5);
    printf("%f\n", 1e22);
    printf("%.30e\n", 1.0 / 7.0);
    printf("[%010.3f] [%+.3e] [% g] [%G] [%G]\n", -3.14159, 12345.6789, 0.0001, 1e-10, 1e100);
    printf("DBL_MAX=%g DBL_MIN=%g DBL_EPSILON=%g FLT_MAX=%g\n", DBL_MAX, DBL_MIN, DBL_EPSILON, (double)FLT_MAX);
    const char *strs[] = { "3.25", "-1e-3", "0x1.8p3", "inf", "-nan", "1e400", "4.9e-324", "  12.5abc", "0.1", "123456789012345678901234567890" };
    for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++) { char *end; double d = strtod(strs[i], &end); printf("strtod(%s)=%.17g rest=[%s] signbit=%d\n", strs[i], d, end, signbit(d) != 0); }
    printf("atof=%g strtof=%.9g strtold=%.21Lg\n", atof("2.75e2"), (double)strtof("0.3", NULL), strtold("0.1", NULL));
    printf("long double %Lf %Le %La\n", 1.0L / 3.0L, -123.456L, 1.0L);
    double acc = 0; char buf[64];
    for (int i = 1; i < 2000; i++) { snprintf(buf, sizeof buf, "%.6e", i * 1.37e-3 - 1.0); acc += strtod(buf, NULL); }
    printf("roundtrip acc=%.9f\n", acc);
    return 0;
}
