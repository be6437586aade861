package policies

import "time"

// throttledLog remembers when a kind of event was last logged and how many were not.
type throttledLog struct {
	last       int64 // Unix ns of the last line
	suppressed int
}

// globalLogInterval is the least time between two log lines of one kind (fallbacks, unknown
// rules): the metric counts every occurrence, the log says how many were not logged.
const globalLogInterval = 60 * time.Second
