package policies

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDumpSchemaRows(t *testing.T) {
	s := loadSchema(t)
	f, _ := os.Create("/tmp/schemawork/mine.txt")
	defer f.Close()
	for i, c := range schemaCases {
		v := schemaVerdict(s, c.config) == nil
		fmt.Fprintf(f, "%03d %v %s\n", i, v, c.name)
	}
}
