// STL containers and algorithms: vector growth, deque, list splicing, map/multimap ordering,
// unordered_map with many rehashes, set operations, priority_queue, sort/stable_sort/nth_element,
// binary search, std::string operations, and a small LRU cache built from list + unordered_map.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <list>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

template <typename K, typename V> class LruCache {
    size_t cap;
    std::list<std::pair<K, V>> items;
    std::unordered_map<K, typename std::list<std::pair<K, V>>::iterator> index;
public:
    explicit LruCache(size_t c) : cap(c) {}
    void put(const K& k, const V& v) {
        if (auto it = index.find(k); it != index.end()) items.erase(it->second);
        items.emplace_front(k, v);
        index[k] = items.begin();
        if (items.size() > cap) { index.erase(items.back().first); items.pop_back(); }
    }
    const V* get(const K& k) {
        auto it = index.find(k);
        if (it == index.end()) return nullptr;
        items.splice(items.begin(), items, it->second);
        return &it->second->second;
    }
};

static unsigned lcg(unsigned& s) { s = s * 1103515245u + 12345u; return (s >> 8) & 0xffff; }

int main() {
    unsigned seed = 7;
    std::vector<int> v;
    size_t reallocs = 0; const int* last = nullptr;
    for (int i = 0; i < 10000; i++) { v.push_back((int)lcg(seed)); if (v.data() != last) { reallocs++; last = v.data(); } }
    std::vector<int> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    auto nth = v; std::nth_element(nth.begin(), nth.begin() + 5000, nth.end());
    std::printf("vector: n=%zu reallocs>10=%d min=%d median=%d max=%d sum=%ld\n", v.size(), reallocs > 10, sorted.front(),
                nth[5000] == sorted[5000] ? sorted[5000] : -1, sorted.back(), std::accumulate(v.begin(), v.end(), 0L));
    std::printf("binary_search 12345: %d, lower_bound(30000) index %td\n", std::binary_search(sorted.begin(), sorted.end(), 12345),
                std::lower_bound(sorted.begin(), sorted.end(), 30000) - sorted.begin());

    std::vector<std::pair<int, int>> recs;
    for (int i = 0; i < 20; i++) recs.push_back({(int)(lcg(seed) % 4), i});
    std::stable_sort(recs.begin(), recs.end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::printf("stable:");
    for (auto& r : recs) std::printf(" %d.%d", r.first, r.second);
    std::printf("\n");

    std::deque<int> dq;
    for (int i = 0; i < 100; i++) { if (i % 2) dq.push_front(i); else dq.push_back(i); }
    std::printf("deque: front=%d back=%d [50]=%d\n", dq.front(), dq.back(), dq[50]);

    std::list<int> a{1, 2, 3}, b{10, 20};
    a.splice(std::next(a.begin()), b);
    a.reverse(); a.remove(20);
    std::printf("list:"); for (int x : a) std::printf(" %d", x); std::printf("\n");

    std::map<std::string, int> m; std::multimap<int, std::string> by_len;
    for (const char* w : {"pear", "apple", "fig", "banana", "kiwi", "apple", "fig", "fig"}) { m[w]++; }
    for (auto& [w, c] : m) by_len.emplace((int)w.size(), w);
    std::printf("map:"); for (auto& [w, c] : m) std::printf(" %s=%d", w.c_str(), c); std::printf("\n");
    std::printf("multimap:"); for (auto& [l, w] : by_len) std::printf(" %d:%s", l, w.c_str()); std::printf("\n");

    std::unordered_map<long, long> um;
    for (long i = 0; i < 50000; i++) um[i * 7919 % 100003] += i;
    long check = 0; for (long i = 0; i < 100003; i += 1000) if (auto it = um.find(i); it != um.end()) check += it->second;
    std::printf("unordered_map: size=%zu check=%ld\n", um.size(), check);

    std::set<int> s1{1, 3, 5, 7, 9, 11}, s2{3, 6, 9, 12};
    std::vector<int> inter, uni, diff;
    std::set_intersection(s1.begin(), s1.end(), s2.begin(), s2.end(), std::back_inserter(inter));
    std::set_union(s1.begin(), s1.end(), s2.begin(), s2.end(), std::back_inserter(uni));
    std::set_difference(s1.begin(), s1.end(), s2.begin(), s2.end(), std::back_inserter(diff));
    std::printf("sets: inter=%zu union=%zu diff=%zu\n", inter.size(), uni.size(), diff.size());

    std::priority_queue<int, std::vector<int>, std::greater<int>> pq;
    for (int x : v) { pq.push(x); if (pq.size() > 5) pq.pop(); }
    std::printf("top5:"); while (!pq.empty()) { std::printf(" %d", pq.top()); pq.pop(); } std::printf("\n");

    std::string str = "The quick brown fox jumps over the lazy dog";
    std::string up = str; std::transform(up.begin(), up.end(), up.begin(), ::toupper);
    auto pos = str.find("fox"); std::string rep = str; rep.replace(pos, 3, "cat");
    std::printf("string: %s | %s | rfind(o)=%zu count(o)=%td\n", up.substr(4, 11).c_str(), rep.c_str(), str.rfind('o'),
                std::count(str.begin(), str.end(), 'o'));

    LruCache<int, std::string> cache(3);
    for (int i = 0; i < 5; i++) cache.put(i, "v" + std::to_string(i));
    cache.get(2); cache.put(9, "v9");
    std::printf("lru:"); for (int k : {0, 1, 2, 3, 4, 9}) { auto* p = cache.get(k); std::printf(" %d=%s", k, p ? p->c_str() : "-"); }
    std::printf("\n");
    return 0;
}
