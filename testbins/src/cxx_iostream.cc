// iostreams: formatted output (width, fill, precision, hex/oct, showbase, fixed/scientific),
// std::cin parsing numbers and words from stdin, stringstreams both ways, getline, std::cerr
// unit-buffering, and endl flushing mixed with C stdio (sync_with_stdio default).
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

int main() {
    std::cout << "width:[" << std::setw(8) << 42 << "] fill:[" << std::setfill('*') << std::setw(6) << std::left << 7 << "]"
              << std::setfill(' ') << std::right << '\n';
    std::cout << std::hex << std::showbase << 255 << ' ' << std::oct << 8 << ' ' << std::dec << std::noshowbase << 99 << '\n';
    std::cout << std::fixed << std::setprecision(3) << 3.14159265 << ' ' << std::scientific << 12345.678 << '\n';
    std::cout.unsetf(std::ios::floatfield);
    std::cout << std::setprecision(6) << 0.1 + 0.2 << ' ' << 1e300 * 10 << ' ' << -0.0 << std::endl;
    std::printf("printf between streams\n");
    std::cout << std::boolalpha << true << ' ' << false << '\n';

    std::ostringstream os;
    os << "pi~" << std::setprecision(4) << 3.14159 << ";n=" << 12;
    std::cout << os.str() << " (" << os.str().size() << " chars)\n";
    std::istringstream is("10 20 thirty 40");
    int a, b, c = -1;
    std::string word;
    is >> a >> b >> word >> c;
    std::cout << "parsed " << a + b << ' ' << word << ' ' << c << " fail=" << is.fail() << '\n';
    std::istringstream bad("12x");
    int n; char ch;
    bad >> n >> ch;
    std::cout << "n=" << n << " ch=" << ch << '\n';

    // stdin: lines of "word count"; totals per word in sorted order
    std::map<std::string, long> totals;
    std::string line;
    int lines = 0;
    while (std::getline(std::cin, line)) {
        lines++;
        std::istringstream ls(line);
        std::string w; long k;
        if (ls >> w >> k) totals[w] += k;
    }
    std::cout << lines << " lines\n";
    for (auto& [w, k] : totals) std::cout << std::setw(6) << w << " " << std::setw(5) << k << '\n';
    std::cerr << "to stderr\n";
    return 0;
}
