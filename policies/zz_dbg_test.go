package policies
import "testing"
func BenchmarkTmpFeat(b *testing.B){ s:=tmpInputs[0]; b.ReportAllocs(); for i:=0;i<b.N;i++{ cmdiFeatures(s) } }
