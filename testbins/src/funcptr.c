/* Function pointers, tables of them, callbacks, varargs, indirect tail calls. */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>

typedef long (*binop)(long, long);
static long f_add(long a, long b) { return a + b; }
static long f_sub(long a, long b) { return a - b; }
static long f_mul(long a, long b) { return a * b; }
static long f_max(long a, long b) { return a > b ? a : b; }
static long f_xor(long a, long b) { return a ^ b; }
static const struct { const char *name; binop fn; } ops[] = { { "add", f_add }, { "sub", f_sub }, { "mul", f_mul }, { "max", f_max }, { "xor", f_xor } };

__attribute__((noinline)) static long fold(binop f, const long *v, int n, long init) { for (int i = 0; i < n; i++) init = f(init, v[i]); return init; }
__attribute__((noinline)) static long sumv(int n, ...) { va_list ap; va_start(ap, n); long s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, long); va_end(ap); return s; }
__attribute__((noinline)) static double sumd(int n, ...) { va_list ap; va_start(ap, n); double s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, double); va_end(ap); return s; }

typedef int (*state_fn)(int *);
static int st_a(int *x); static int st_b(int *x); static int st_c(int *x);
static state_fn table[3] = { st_a, st_b, st_c };
static int st_a(int *x) { *x += 1; return (*x % 3 == 0) ? 1 : 2; }
static int st_b(int *x) { *x *= 2; return 2; }
static int st_c(int *x) { *x -= 3; return *x > 1000 ? -1 : 0; }

struct obj; struct vtbl { long (*area)(const struct obj *); const char *(*name)(void); };
struct obj { const struct vtbl *vt; long w, h; };
static long rect_area(const struct obj *o) { return o->w * o->h; }
static long tri_area(const struct obj *o) { return o->w * o->h / 2; }
static const char *rect_name(void) { return "rect"; }
static const char *tri_name(void) { return "tri"; }
static const struct vtbl rect_vt = { rect_area, rect_name }, tri_vt = { tri_area, tri_name };

int main(void) {
    long v[] = { 3, -7, 12, 100, -55, 9, 1 };
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) printf("%s -> %ld\n", ops[i].name, fold(ops[i].fn, v, 7, 1));
    printf("sumv=%ld sumd=%.3f\n", sumv(9, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, -100L), sumd(10, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.25));
    int x = 1, s = 0, steps = 0;
    while (s >= 0 && steps < 1000) { s = table[s](&x); steps++; }
    printf("state machine x=%d steps=%d\n", x, steps);
    struct obj objs[] = { { &rect_vt, 3, 4 }, { &tri_vt, 10, 7 }, { &rect_vt, 100, 2 }, { &tri_vt, 5, 5 } };
    long total = 0;
    for (int i = 0; i < 4; i++) { long a = objs[i].vt->area(&objs[i]); printf("%s %ld\n", objs[i].vt->name(), a); total += a; }
    printf("total=%ld\n", total);
    volatile uintptr_t p = (uintptr_t)f_mul;
    printf("via integer: %ld\n", ((binop)p)(6, 7));
    return 0;
}
