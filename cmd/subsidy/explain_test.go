package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplainCappedLitigation pins what explain tells an auditor about the
// capped litigation line of the example batch: the FX rate with its date,
// the 50% rate with its clause, and the case cap arithmetic (136 三(五)20).
func TestExplainCappedLitigation(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"subsidy", "explain", "--period", "2022-06", "--in", filepath.Join(fixturesDir, "example-2022-06"),
		"--lang", "en", "overseas_litigation-c54a8d14f529d746"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"USD 80,000.00 × 6.6556 (2022-06-06) = CNY 532,448.00",        // FX rate and its date
		"× 50% (136 三(五)20) = 266,224.00",                             // the rate and its clause
		"case cap 1,000,000.00 − 878,251.50 paid before → 121,748.50", // the case cap arithmetic
		"rate = 0.50 (50%) ratio — 苏府办〔2021〕136号 三(五)20",              // the parameter and its reference
		"payable: 121,748.50 (capped)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explain output lacks %q:\n%s", want, out.String())
		}
	}
}
