package compat

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a file, located by a path into the document in the file's own
// field names (`static_resources.listeners[0].name`; for YAML with several documents the path
// starts with the document's index, `[1].spec.url`).
type Problem struct {
	Path string
	Msg  string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Problems is a list of problems; its Error lists them one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil for no problems, else the list as an error.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// problems accumulates Problems while walking a document.
type problems struct{ list Problems }

func (ps *problems) add(path, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// sorted returns the problems in path order with exact duplicates removed (two validators may
// report the same thing).
func (ps *problems) sorted() Problems {
	out := append(Problems(nil), ps.list...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	w := 0
	for i, p := range out {
		if i > 0 && p == out[w-1] {
			continue
		}
		out[w] = p
		w++
	}
	return out[:w]
}

// join appends a field name or an index to a path.
func join(path, field string) string {
	switch {
	case path == "":
		return field
	case strings.HasPrefix(field, "["):
		return path + field
	default:
		return path + "." + field
	}
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
