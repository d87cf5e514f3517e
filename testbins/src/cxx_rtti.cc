// RTTI: typeid names (mangled and demangled through the ABI), dynamic_cast up/down/cross casts in
// a hierarchy with virtual and multiple inheritance, bad_cast from a reference cast, and virtual
// dispatch through base pointers.
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

struct Shape { virtual ~Shape() = default; virtual double area() const = 0; virtual const char* kind() const { return "shape"; } };
struct Named { virtual ~Named() = default; virtual const char* label() const { return "named"; } };
struct Circle : Shape { double r; explicit Circle(double r) : r(r) {} double area() const override { return 3.0 * r * r; } const char* kind() const override { return "circle"; } };
struct Square : Shape, Named { double s; explicit Square(double s) : s(s) {} double area() const override { return s * s; } const char* label() const override { return "square!"; } };
struct Base0 { virtual ~Base0() = default; int b0 = 1; };
struct Left : virtual Base0 { int l = 2; };
struct Right : virtual Base0 { int r = 3; };
struct Diamond : Left, Right { int d = 4; };
template <typename T> struct Box { T value; };

static std::string demangle(const char* name) {
    int status = 0;
    char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string s = status == 0 ? d : name;
    std::free(d);
    return s;
}

int main() {
    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.emplace_back(new Circle(2));
    shapes.emplace_back(new Square(3));
    shapes.emplace_back(new Circle(1));
    for (auto& s : shapes) {
        std::printf("%-8s %-7s area=%.1f", demangle(typeid(*s).name()).c_str(), s->kind(), s->area());
        if (auto* n = dynamic_cast<Named*>(s.get())) std::printf(" cross-cast label=%s", n->label());
        if (dynamic_cast<Circle*>(s.get())) std::printf(" is-circle");
        std::printf("\n");
    }
    Diamond dm;
    Base0* b = static_cast<Left*>(&dm);
    Diamond* back = dynamic_cast<Diamond*>(b);
    Right* right = dynamic_cast<Right*>(b);
    std::printf("diamond: back=%d right.r=%d base.b0=%d sum=%d\n", back == &dm, right ? right->r : -1, b->b0,
                back->b0 + back->l + back->r + back->d);
    std::printf("typeid equal: %d %d\n", typeid(*shapes[0]) == typeid(*shapes[2]), typeid(*shapes[0]) == typeid(*shapes[1]));
    std::printf("names: %s | %s | %s\n", typeid(Box<std::vector<int>>).name(), demangle(typeid(Box<const char*>).name()).c_str(),
                demangle(typeid(int (*)(double, Shape&)).name()).c_str());
    try {
        Shape& s = *shapes[0];
        Square& sq = dynamic_cast<Square&>(s);
        std::printf("unexpected %f\n", sq.s);
    } catch (const std::bad_cast& e) { std::printf("bad_cast caught\n"); }
    try {
        Shape* null_shape = nullptr;
        (void)typeid(*null_shape);
    } catch (const std::bad_typeid&) { std::printf("bad_typeid caught\n"); }
    return 0;
}
