package policies

import "time"

// throttledLog remembers when a kind of event was last logged and how many were not.
type ThrottledLog struct {
	Last       int64 // Unix ns of the last line
	Suppressed int
}

// globalLogInterval is the least time between two log lines of one kind (fallbacks, unknown
// rules): the metric counts every occurrence, the log says how many were not logged.
const GlobalLogInterval = 60 * time.Second
