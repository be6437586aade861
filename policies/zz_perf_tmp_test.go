package policies
import ("testing";"strings";"time";"fmt")
func TestZZPerf(t *testing.T){
 inputs := map[string]string{"quote":strings.Repeat("'", 1<<20), "brack":strings.Repeat("[", 1<<20), "a":strings.Repeat("<a ", 1<<18),
  "cat":strings.Repeat(";cat ", 1<<17), "dots":strings.Repeat("../", 1<<18), "pct":strings.Repeat("%25", 1<<18)}
 for name, in := range inputs {
  l := strings.ToLower(in)
  for _, g := range []struct{n string; s gatedSet}{{"sqli",sqliExtra},{"xss",xssExtra},{"cmdi",cmdiDirect}} {
   for i, r := range g.s {
    st := time.Now(); if r.gate(l) { r.re.MatchString(l) }; d := time.Since(st)
    if d > 50*time.Millisecond { fmt.Println(name, g.n, i, d) }
   }
  }
  for _, f := range []family{famSQLi, famXSS, famNoSQL, famProto, famCmdi, famTraversal} {
   st := time.Now(); detectAll(in, LocBody, false, f); d := time.Since(st)
   if d > 50*time.Millisecond { fmt.Println(name, "family", f, d) }
  }
 }
}
