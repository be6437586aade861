// Package features declares Edgeward's features and the order they run in at every phase (see
// package policies). Importing it (filter/ and e2e/ do, for its side effect) makes ParseConfig
// and NewEngine use them. Adding a feature adds its package and one line to the list in
// features.go.
//
// It imports the core and every feature; nothing under policies/ imports it.
package features
