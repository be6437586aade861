package injection

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

func TestHeapAfterStart(t *testing.T) {
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	e := wafEngine(t)
	// one request of each kind to trigger lazy compiles
	for _, d := range []string{"1' or 1=1--", "<script>alert(1)</script>", ";cat /etc/passwd", "../../etc/passwd", "plain"} {
		_ = d
	}
	runtime.GC()
	runtime.ReadMemStats(&b)
	t.Logf("before engine: heap %d KB, %d objects; after: heap %d KB, %d objects", a.HeapAlloc>>10, a.HeapObjects, b.HeapAlloc>>10, b.HeapObjects)
	f, _ := os.Create("/tmp/heap.out")
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
	runtime.KeepAlive(e)
}
