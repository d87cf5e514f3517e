// Templates and modern C++: variadic templates and fold expressions, constexpr evaluation,
// CRTP static polymorphism, std::variant with std::visit, std::optional, std::any, std::function
// holding lambdas with captures, move semantics counted, and SFINAE/if constexpr selection.
#include <any>
#include <array>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

template <typename... Ts> constexpr auto sum(Ts... xs) { return (xs + ... + 0); }
template <typename... Ts> void print_all(const Ts&... xs) { ((std::printf("[%s]", std::to_string(xs).c_str())), ...); std::printf("\n"); }

constexpr unsigned long long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
constexpr auto make_squares() { std::array<int, 10> a{}; for (int i = 0; i < 10; i++) a[i] = i * i; return a; }
static_assert(fib(20) == 6765);

template <typename Derived> struct Counter {
    int calls = 0;
    int run(int x) { calls++; return static_cast<Derived*>(this)->step(x); }
};
struct Doubler : Counter<Doubler> { int step(int x) { return 2 * x; } };
struct Squarer : Counter<Squarer> { int step(int x) { return x * x; } };

template <typename T> std::string describe(const T& v) {
    if constexpr (std::is_integral_v<T>) return "int:" + std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>) return "float:" + std::to_string(v);
    else return "other:" + std::string(v);
}

struct Tracked {
    static inline int copies = 0, moves = 0;
    std::string s;
    explicit Tracked(std::string v) : s(std::move(v)) {}
    Tracked(const Tracked& o) : s(o.s) { copies++; }
    Tracked(Tracked&& o) noexcept : s(std::move(o.s)) { moves++; }
};

using Value = std::variant<int, double, std::string>;
struct Visitor {
    std::string operator()(int i) const { return "i" + std::to_string(i); }
    std::string operator()(double d) const { char b[32]; std::snprintf(b, sizeof b, "d%.2f", d); return b; }
    std::string operator()(const std::string& s) const { return "s" + s; }
};

static std::optional<int> parse_digit(char c) { if (c >= '0' && c <= '9') return c - '0'; return std::nullopt; }

int main() {
    constexpr auto fib27 = fib(27);  // evaluated by the compiler
    std::printf("sum=%d fib(27)=%llu fib(20) at run time=%llu squares[9]=%d\n", sum(1, 2, 3, 4, 5), fib27, fib(20), make_squares()[9]);
    print_all(1, 2.5, 3L);
    Doubler d; Squarer s;
    int acc = 0;
    for (int i = 1; i <= 10; i++) acc += d.run(i) + s.run(i);
    std::printf("crtp acc=%d calls=%d/%d\n", acc, d.calls, s.calls);
    std::printf("%s %s %s\n", describe(42).c_str(), describe(0.5).c_str(), describe("x").c_str());

    std::vector<Tracked> v;
    v.reserve(4);
    Tracked t("abc");
    v.push_back(t); v.push_back(std::move(t)); v.emplace_back("direct");
    std::printf("copies=%d moves=%d moved-from empty=%d\n", Tracked::copies, Tracked::moves, t.s.empty());

    std::vector<Value> vals{1, 2.5, std::string("str"), 7};
    std::string joined;
    for (auto& x : vals) joined += std::visit(Visitor{}, x) + ",";
    std::printf("variant: %s index=%zu\n", joined.c_str(), vals[2].index());

    int digits = 0, missing = 0;
    for (char c : std::string("a1b22c333")) { if (auto dv = parse_digit(c)) digits += *dv; else missing++; }
    std::printf("optional: digits=%d missing=%d\n", digits, missing);

    std::any a = 5; int from_any = std::any_cast<int>(a); a = std::string("now a string");
    std::printf("any: %d %s type-is-string=%d\n", from_any, std::any_cast<std::string&>(a).c_str(), a.type() == typeid(std::string));
    try { (void)std::any_cast<double>(a); } catch (const std::bad_any_cast&) { std::printf("bad_any_cast\n"); }

    int base = 10;
    std::vector<std::function<int(int)>> fs{[base](int x) { return x + base; }, [&base](int x) { return x * base; },
                                            [](int x) { return -x; }};
    base = 3;
    int r = 0;
    for (auto& f : fs) r += f(7);
    std::function<int(int)> fact = [&fact](int n) { return n <= 1 ? 1 : n * fact(n - 1); };
    std::printf("function: r=%d fact(10)=%d\n", r, fact(10));
    return 0;
}
