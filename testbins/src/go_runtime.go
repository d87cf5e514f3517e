// A Go program (cross-compiled with GOARCH=arm64, static, no cgo): the Go runtime starts its
// threads before main, then goroutines with channels and a WaitGroup, a mutex-protected map,
// select with a buffered channel, defer/panic/recover, interfaces, maps iterated in sorted
// order, closures, sort, strings.Builder, strconv, and garbage collection under allocation.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

type shape interface{ area() float64 }
type rect struct{ w, h float64 }
type circle struct{ r float64 }

func (r rect) area() float64   { return r.w * r.h }
func (c circle) area() float64 { return 3 * c.r * c.r }

var errOdd = errors.New("odd input")

func half(n int) (int, error) {
	if n%2 != 0 {
		return 0, fmt.Errorf("half(%d): %w", n, errOdd)
	}
	return n / 2, nil
}

func safeDivide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	// goroutines summing ranges through a channel
	results := make(chan int64, 8)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var s int64
			for i := w; i < 2000000; i += 8 {
				s += int64(i % 13)
			}
			results <- s
		}(w)
	}
	wg.Wait()
	close(results)
	var total int64
	for s := range results {
		total += s
	}
	fmt.Println("goroutine total:", total)

	// a pipeline of unbuffered channels
	src := make(chan int)
	sq := make(chan int)
	go func() {
		for i := 1; i <= 100; i++ {
			src <- i
		}
		close(src)
	}()
	go func() {
		for v := range src {
			sq <- v * v
		}
		close(sq)
	}()
	sum := 0
	for v := range sq {
		sum += v
	}
	fmt.Println("pipeline sum of squares:", sum)

	// a mutex-protected map written by many goroutines
	var mu sync.Mutex
	counts := map[string]int{}
	var wg2 sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg2.Add(1)
		go func(g int) {
			defer wg2.Done()
			for i := 0; i < 1000; i++ {
				key := "k" + strconv.Itoa((g*i)%5)
				mu.Lock()
				counts[key]++
				mu.Unlock()
			}
		}(g)
	}
	wg2.Wait()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d ", k, counts[k])
	}
	fmt.Println("counts:", strings.TrimSpace(b.String()))

	// select with default and a timeout-free ready channel
	ready := make(chan string, 1)
	select {
	case m := <-ready:
		fmt.Println("unexpected", m)
	default:
		fmt.Println("select: nothing ready")
	}
	ready <- "ping"
	select {
	case m := <-ready:
		fmt.Println("select:", m)
	}

	shapes := []shape{rect{3, 4}, circle{2}, rect{1.5, 2}}
	sort.SliceStable(shapes, func(i, j int) bool { return shapes[i].area() < shapes[j].area() })
	for _, s := range shapes {
		fmt.Printf("%T %.2f\n", s, s.area())
	}

	for _, n := range []int{10, 7} {
		if h, err := half(n); err != nil {
			fmt.Println("error:", err, "is errOdd:", errors.Is(err, errOdd))
		} else {
			fmt.Println("half:", h)
		}
	}
	q, err := safeDivide(1, 0)
	fmt.Println("divide:", q, err)

	// allocation-heavy work that makes the garbage collector run
	var keep [][]byte
	for i := 0; i < 20000; i++ {
		buf := make([]byte, 1024+i%512)
		buf[0] = byte(i)
		if i%1000 == 0 {
			keep = append(keep, buf)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("kept:", len(keep), "gc ran:", ms.NumGC > 0, "GOARCH:", runtime.GOARCH)
	counter := func() func() int { c := 0; return func() int { c++; return c } }()
	counter()
	counter()
	fmt.Println("closure:", counter(), strconv.Quote("tab\there"), len(os.Args))
	os.Exit(5)
}
