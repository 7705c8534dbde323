package schemas

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSchemasCompile compiles every embedded schema as draft 2020-12.
func TestSchemasCompile(t *testing.T) {
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no schema embedded")
	}
	for _, name := range names {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(File(name)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		url := "https://subsidy.local/schemas/" + name
		if err := c.AddResource(url, doc); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := c.Compile(url); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPolicy checks the policy schema is embedded.
func TestPolicy(t *testing.T) {
	if len(Policy()) == 0 {
		t.Fatal("policy schema not embedded")
	}
	if File("nope.json") != nil {
		t.Fatal("File of a missing name must be nil")
	}
}
