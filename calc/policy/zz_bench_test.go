package policy

import "testing"

func BenchmarkLoadDefault(b *testing.B) {
	data := DefaultYAML()
	for i := 0; i < b.N; i++ {
		if _, err := Load(data, "d.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
