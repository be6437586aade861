package policies_test

// The core's own tests run the engine with every feature, in the declared order.
import _ "github.com/edgeward/edgeward/policies/features"
