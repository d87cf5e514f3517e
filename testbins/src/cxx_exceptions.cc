// C++ exceptions: throw/catch across frames, class hierarchies, rethrow, nested try, exceptions
// from constructors (partial destruction), std::exception_ptr, noexcept terminate avoided,
// unwinding through destructors in order. Exercises the unwinder (.eh_frame, personality).
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

static std::vector<std::string> log_lines;

struct Tracer {
    std::string name;
    explicit Tracer(std::string n) : name(std::move(n)) { log_lines.push_back("+" + name); }
    ~Tracer() { log_lines.push_back("-" + name); }
};

struct BadThing : std::runtime_error {
    int code;
    BadThing(const char* what, int c) : std::runtime_error(what), code(c) {}
};

static int depth_thrower(int n) {
    Tracer t("frame" + std::to_string(n));
    if (n == 0) throw BadThing("bottom", 42);
    return depth_thrower(n - 1) + 1;
}

struct Half {
    Tracer a{"member-a"};
    Tracer b{"member-b"};
    Half() { throw std::logic_error("ctor failed"); }
};

static void print_log(const char* title) {
    std::printf("%s:", title);
    for (auto& l : log_lines) std::printf(" %s", l.c_str());
    std::printf("\n");
    log_lines.clear();
}

int main() {
    try { depth_thrower(3); } catch (const BadThing& e) {
        std::printf("caught BadThing what=%s code=%d\n", e.what(), e.code);
    }
    print_log("unwind");

    try { Half h; } catch (const std::logic_error& e) { std::printf("caught logic_error: %s\n", e.what()); }
    print_log("ctor");

    int caught_as_base = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            if (i % 3 == 0) throw std::out_of_range("oor");
            if (i % 3 == 1) throw BadThing("bt", i);
            throw i;
        } catch (const std::exception&) { caught_as_base++; } catch (int v) { caught_as_base += v == i ? 2 : 1000; }
    }
    std::printf("loop catches: %d\n", caught_as_base);

    std::exception_ptr saved;
    try {
        try { throw std::invalid_argument("inner"); } catch (...) { saved = std::current_exception(); throw; }
    } catch (const std::invalid_argument& e) { std::printf("rethrown: %s\n", e.what()); }
    try { std::rethrow_exception(saved); } catch (const std::exception& e) { std::printf("from exception_ptr: %s\n", e.what()); }

    try {
        try { throw BadThing("first", 1); } catch (BadThing& e) { throw std::runtime_error(std::string("wrapped ") + e.what()); }
    } catch (const std::runtime_error& e) { std::printf("%s\n", e.what()); }

    std::vector<int> v(3);
    try { v.at(7) = 1; } catch (const std::out_of_range&) { std::printf("vector::at threw out_of_range\n"); }
    try { std::string s; s.reserve(s.max_size() + 1); } catch (const std::length_error&) { std::printf("length_error\n"); }
    std::printf("uncaught_exceptions=%d\n", std::uncaught_exceptions());
    return 0;
}
