package policy

import (
	_ "embed"
	"sync"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultFile is the name the embedded default policy goes by in messages
// and manifests.
const DefaultFile = "default.yaml"

var (
	defaultOnce   sync.Once
	defaultPolicy *Policy
	defaultErr    error
)

// Default returns the embedded default policy (both seeds, spec §4),
// parsed once. The result is shared: callers must not modify it.
func Default() (*Policy, error) {
	defaultOnce.Do(func() {
		defaultPolicy, defaultErr = Load(defaultYAML, DefaultFile)
	})
	return defaultPolicy, defaultErr
}

// DefaultYAML returns a copy of the embedded default policy file, e.g. for
// `subsidy policy show` or as a starting point for a district's own file.
func DefaultYAML() []byte {
	out := make([]byte, len(defaultYAML))
	copy(out, defaultYAML)
	return out
}
