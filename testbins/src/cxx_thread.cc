// std::thread, std::mutex, std::condition_variable, std::async/future, std::atomic, and a
// thread pool draining a queue: totals and orders that do not depend on scheduling.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <queue>
#include <thread>
#include <vector>

int main() {
    constexpr int N = 4;
    std::atomic<long> counter{0};
    long locked_counter = 0;
    std::mutex m;
    std::vector<std::thread> ts;
    for (int t = 0; t < N; t++)
        ts.emplace_back([&, t] {
            for (int i = 0; i < 20000; i++) {
                counter.fetch_add(1, std::memory_order_relaxed);
                std::lock_guard<std::mutex> g(m);
                locked_counter += t + 1;
            }
        });
    for (auto& t : ts) t.join();
    std::printf("atomic=%ld locked=%ld\n", counter.load(), locked_counter);

    std::vector<std::future<long>> parts;
    for (int k = 0; k < N; k++)
        parts.push_back(std::async(std::launch::async, [k] {
            long s = 0;
            for (long i = k; i < 1000000; i += N) s += i % 7;
            return s;
        }));
    long total = 0;
    for (auto& f : parts) total += f.get();
    std::printf("async sum=%ld\n", total);

    std::queue<int> work;
    for (int i = 1; i <= 500; i++) work.push(i);
    std::mutex qm;
    std::condition_variable cv;
    bool go = false;
    std::vector<long> per_worker(N, 0);
    std::vector<std::thread> pool;
    for (int w = 0; w < N; w++)
        pool.emplace_back([&, w] {
            std::unique_lock<std::mutex> lk(qm);
            cv.wait(lk, [&] { return go; });
            while (!work.empty()) {
                int item = work.front(); work.pop();
                lk.unlock();
                per_worker[w] += (long)item * item;
                lk.lock();
            }
        });
    { std::lock_guard<std::mutex> g(qm); go = true; }
    cv.notify_all();
    for (auto& t : pool) t.join();
    std::printf("pool sum of squares=%ld\n", std::accumulate(per_worker.begin(), per_worker.end(), 0L));

    std::promise<int> p;
    std::future<int> fut = p.get_future();
    std::thread setter([&p] { p.set_value(1234); });
    std::printf("promise=%d\n", fut.get());
    setter.join();
    std::thread::id main_id = std::this_thread::get_id();
    bool differs = false;
    std::thread([&] { differs = std::this_thread::get_id() != main_id; }).join();
    std::printf("thread ids differ: %d, hardware_concurrency>0: %d\n", differs, std::thread::hardware_concurrency() > 0);
    return 0;
}
