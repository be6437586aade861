#!/bin/sh
# instructions.sh TESTBINARY BENCHREGEX [N]: machine instructions per op of a Go benchmark,
# counted by valgrind's callgrind, which other jobs on a shared machine do not disturb (wall
# times do). Ir(N runs) - Ir(2 runs), over N-2: both runs execute the benchmark function twice
# (b.N = 1 first), so its setup cancels out. Run it in the package directory (benchmarks read
# testdata relative to it), e.g.
#
#   go test -c -o /tmp/inj.test ./policies/injection/ && cd policies/injection &&
#     ../../e2e/bench/instructions.sh /tmp/inj.test 'InjectionJSON4K$' 32
#
# Benchmarks whose setup is large and not deterministic (InjectionJSON64K builds its body with
# encoding/json over maps) give no usable figure.
set -eu
bin=$1; re=$2; n=${3:-50}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
ir() {
  GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" -test.run '^$' -test.bench "$re" -test.benchtime="${1}x" -test.cpu 1 2>&1 |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
a=$(ir 2); b=$(ir "$n")
[ -n "$a" ] && [ -n "$b" ] || { echo "instructions.sh: valgrind gave no count" >&2; exit 1; }
echo "$re: $(( (b - a) / (n - 2) )) instructions/op"
