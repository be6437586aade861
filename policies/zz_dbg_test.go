package policies
import "testing"
func BenchmarkTmpFeat(b *testing.B){ s:=tmpInputs[0]; for i:=0;i<b.N;i++{ cmdiFeatures(s) } }
func BenchmarkTmpLower(b *testing.B){ s:=tmpInputs[0]; for i:=0;i<b.N;i++{ detectCmdi(s, true) } }
