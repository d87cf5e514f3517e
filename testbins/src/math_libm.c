// libm through the translated FPU: elementary functions at edge inputs (exact IEEE results
// printed with %a), fenv rounding modes with rint/nearbyint, frexp/ldexp/modf/fmod/remquo,
// fma vs separate multiply-add, hypot, and classification of special values.
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    double xs[] = {0.0, -0.0, 0.5, 1.0, 2.0, 10.0, 1e-300, 700.0, -745.2, INFINITY, -INFINITY, NAN};
    for (int i = 0; i < 12; i++) {
        double x = xs[i];
        printf("x=%-8g exp=%a log=%a sqrt=%a sin=%a atan=%a cbrt=%a\n", x, exp(x), log(x), sqrt(x), sin(x), atan(x), cbrt(x));
    }
    printf("pow: %a %a %a %a %a\n", pow(2, 0.5), pow(-8, 1.0 / 3), pow(0, -1), pow(-1, INFINITY), pow(1.0000001, 1e7));
    printf("trig big: sin(1e22)=%a cos(1e22)=%a tan(pi/4)=%a\n", sin(1e22), cos(1e22), tan(M_PI / 4));
    printf("atan2: %a %a %a %a\n", atan2(0.0, -0.0), atan2(-0.0, -1), atan2(1, 0), atan2(INFINITY, INFINITY));
    printf("hyperbolic: %a %a %a\n", sinh(1), tanh(20), acosh(1e10));
    printf("erf/tgamma/lgamma: %a %a %a %a\n", erf(0.5), tgamma(5), tgamma(0.5), lgamma(100));
    int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    const char* mn[] = {"nearest", "down", "up", "zero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double third = 1.0, three = 3.0;
        printf("round %-7s rint(2.5)=%g rint(-2.5)=%g nearbyint(-1.5)=%g 1/3=%a lrint(7.5)=%ld\n", mn[m], rint(2.5), rint(-2.5),
               nearbyint(-1.5), third / three, lrint(7.5));
    }
    fesetround(FE_TONEAREST);
    int e; double fr = frexp(48.0, &e);
    double ip, fp = modf(-3.75, &ip);
    int q; double rq = remquo(29.0, 3.0, &q);
    printf("frexp(48)=%g*2^%d ldexp=%g modf=%g,%g fmod(-7,3)=%g remainder(7,2)=%g remquo=%g q=%d\n", fr, e, ldexp(0.75, 6), ip, fp,
           fmod(-7, 3), remainder(7, 2), rq, q & 7);
    volatile double a = 1.0 + DBL_EPSILON, b = 1.0 - DBL_EPSILON, c = -1.0;
    printf("fma exact=%a separate=%a\n", fma(a, b, c), a * b + c);
    printf("hypot=%a %a\n", hypot(3e200, 4e200), hypot(INFINITY, NAN));
    double specials[] = {0.0, DBL_MIN / 4, 1.0, INFINITY, NAN};
    for (int i = 0; i < 5; i++)
        printf("fpclassify=%d isnormal=%d signbit(-x)=%d\n", fpclassify(specials[i]), isnormal(specials[i]), signbit(-specials[i]) != 0);
    float f = 16777217.0f;
    printf("float: %a sqrtf(2)=%a expf(88.7)=%a logf(1e-45)=%a\n", f, sqrtf(2.0f), expf(88.7f), logf(1e-45f));
    return 0;
}
