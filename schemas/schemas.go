// Package schemas embeds the JSON Schemas (draft 2020-12) of the files the
// tool reads: the policy file (policy.schema.json) and the rosters. The
// same files are what the README links for editor completion; the tool
// validates with the embedded copies and never reads them from disk.
package schemas

import "embed"

// FS holds every *.json schema of this folder, by file name.
//
//go:embed *.json
var FS embed.FS

// File returns the embedded schema with the given file name (e.g.
// "policy.schema.json"), or nil when there is none.
func File(name string) []byte {
	b, err := FS.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}

// PolicyFile is the file name of the policy file's schema.
const PolicyFile = "policy.schema.json"

// Policy returns the JSON Schema of the policy file.
func Policy() []byte { return File(PolicyFile) }
