package injection

import ("testing"; "os")

func BenchmarkValueOne(b *testing.B) {
	v := os.Getenv("VB")
	for i := 0; i < b.N; i++ {
		detectAll(v, LocBody, false, famAll, 2)
	}
}
