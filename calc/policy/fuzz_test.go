package policy

import (
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic (the
// loader's recover turns a panic into an "internal error" problem, which
// fails the target too), and whatever it accepts must satisfy the model's
// invariants.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(base))
	f.Add(DefaultYAML())
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(data, "fuzz.yaml")
		ps := Check(data, "fuzz.yaml")
		if (err == nil) != (len(ps) == 0) {
			t.Fatalf("Load error %v but Check %d problems", err, len(ps))
		}
		for _, pr := range ps {
			if strings.HasPrefix(pr.Message.En, "internal error") {
				t.Fatal(pr.Message.En)
			}
		}
		if err != nil {
			return
		}
		for _, id := range p.ProgramIDs() {
			prog := p.Programs[id]
			for i, v := range prog.Versions {
				if v.To < v.From || (i > 0 && v.From <= prog.Versions[i-1].To) {
					t.Fatalf("%s: bad versions", id)
				}
				for name, par := range v.Params {
					if par.Unit == "" || par.Reference.Document == "" || par.Reference.Clause == "" {
						t.Fatalf("%s.%s lacks unit or reference", id, name)
					}
				}
			}
		}
		_ = Show(p, "zh")
		_ = Show(p, "en")
	})
}
