// Static construction and destruction: namespace-scope objects with constructors (in
// .init_array order within a file), function-local statics built on first use (guarded),
// atexit handlers interleaved with static destructors in reverse order, and
// __attribute__((constructor/destructor)) with priorities.
#include <cstdio>
#include <cstdlib>
#include <string>

static int order = 0;
struct Announce {
    const char* name;
    int built_at;
    explicit Announce(const char* n) : name(n), built_at(++order) { std::printf("construct %s (#%d)\n", name, built_at); }
    ~Announce() { std::printf("destroy %s\n", name); }
};

__attribute__((constructor(200))) static void early() { std::printf("constructor(200) order=%d\n", order); }
__attribute__((constructor(300))) static void later() { std::printf("constructor(300) order=%d\n", order); }
__attribute__((destructor)) static void finale() { std::printf("destructor attribute\n"); }

Announce first("first");
Announce second("second");
static const std::string greeting = std::string("hello, ") + "static world";

static Announce& lazy() {
    static Announce instance("lazy");
    return instance;
}

static void at_exit_1() { std::printf("atexit 1\n"); }
static void at_exit_2() { std::printf("atexit 2\n"); }

struct Counter { int n = 0; Counter() { n = 100; } };
static Counter counter_instance;

int main() {
    std::printf("main: order=%d greeting=%s counter=%d\n", order, greeting.c_str(), counter_instance.n);
    std::atexit(at_exit_1);
    std::printf("lazy built at #%d\n", lazy().built_at);
    std::printf("lazy again #%d\n", lazy().built_at);
    std::atexit(at_exit_2);
    return 3;
}
