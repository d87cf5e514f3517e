// thread_local objects with dynamic initialisation and destructors (run per thread at thread
// exit, through __cxa_thread_atexit), thread_local in functions and as static members, and
// the TLS of the main thread surviving other threads' exits.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

static std::atomic<int> constructed{0}, destroyed{0};
static std::mutex print_mutex;

struct PerThread {
    std::string tag;
    long work = 0;
    PerThread() : tag("t" + std::to_string(constructed.fetch_add(1))) {}
    ~PerThread() { destroyed.fetch_add(1); }
};

thread_local PerThread state;
thread_local int plain_counter = 5;
struct Registry { static thread_local std::vector<int> seen; };
thread_local std::vector<int> Registry::seen;

static int next_id() {
    thread_local int id = 0;
    return ++id;
}

int main() {
    state.work = -1;
    std::vector<std::thread> ts;
    std::vector<long> results(6);
    std::vector<int> ids(6);
    for (int t = 0; t < 6; t++)
        ts.emplace_back([t, &results, &ids] {
            for (int i = 0; i <= 1000 * (t + 1); i++) { state.work += i; plain_counter++; }
            for (int i = 0; i < t + 2; i++) Registry::seen.push_back(next_id());
            results[t] = state.work + plain_counter + (long)Registry::seen.size() * 1000000;
            ids[t] = Registry::seen.back();
        });
    for (auto& t : ts) t.join();
    for (int t = 0; t < 6; t++) std::printf("thread %d: result=%ld last id=%d\n", t, results[t], ids[t]);
    std::printf("constructed=%d destroyed=%d (main's still alive)\n", constructed.load(), destroyed.load());
    std::printf("main: work=%ld plain=%d seen=%zu next_id=%d\n", state.work, plain_counter, Registry::seen.size(), next_id());
    return 0;
}
