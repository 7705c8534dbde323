package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"subsidy/calc/msg"
)

// Problem is one thing wrong with a policy file.
type Problem struct {
	// File is the file name given to Load or Check.
	File string
	// Line is the 1-based line of the offending value, 0 when unknown.
	Line int
	// Path locates the value, e.g. "programs.licensing_support.versions[0].params.ratio.value".
	Path string
	// Message says what is wrong, in Chinese and English.
	Message msg.Text
}

// In formats the problem as "file:line: path: message" in lang.
func (p Problem) In(lang string) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message.In(lang))
	return b.String()
}

// String formats the problem in Chinese (the default language).
func (p Problem) String() string { return p.In("zh") }

// CheckError is the error Load returns for a policy file that fails its
// checks; it holds every problem found.
type CheckError struct {
	Problems []Problem
}

// In lists the problems one per line in lang.
func (e *CheckError) In(lang string) string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.In(lang)
	}
	return strings.Join(lines, "\n")
}

// Error lists the problems one per line, "file:line: path: message", in
// English; Text has both languages.
func (e *CheckError) Error() string { return e.In("en") }

// Text lists the problems one per line, in both languages.
func (e *CheckError) Text() msg.Text { return msg.T(e.In("zh"), e.In("en")) }

// Load parses a policy file: YAML, then validation against
// schemas/policy.schema.json, then the semantic checks and the seed
// ceilings (the same as Check). Any problem makes it fail with a
// *CheckError. filename is only used in messages.
func Load(data []byte, filename string) (*Policy, error) {
	p, problems := load(data, filename)
	if len(problems) > 0 {
		return nil, &CheckError{Problems: problems}
	}
	return p, nil
}

// Check reports every problem of a policy file: YAML syntax, the schema,
// dates and overlapping versions, units and references, unknown programs,
// parameters and districts, district overrides of city-funded programs,
// and values beyond the seeds' ceilings, caps, rates and floors. It
// returns nil for a good file. Load refuses exactly what Check reports.
func Check(data []byte, filename string) []Problem {
	_, problems := load(data, filename)
	return problems
}

// load runs the single validation path shared by Load and Check.
func load(data []byte, filename string) (p *Policy, problems []Problem) {
	defer func() {
		// A bug in a check must not crash the tool on a user's file.
		if r := recover(); r != nil {
			p = nil
			problems = append(problems, Problem{File: filename, Message: msg.F(
				"内部错误，无法检查政策文件：%v", "internal error checking the policy file: %v", r)})
		}
	}()
	root, problems := parseYAML(data, filename)
	if len(problems) > 0 {
		return nil, sortProblems(problems)
	}
	conv := newConverter(filename)
	doc := conv.convert(root)
	if len(conv.problems) > 0 {
		return nil, sortProblems(conv.problems)
	}
	if problems := validateSchema(doc, conv, filename); len(problems) > 0 {
		return nil, sortProblems(problems)
	}
	b := newBuilder(filename)
	p = b.build(root)
	if len(b.problems) > 0 {
		return nil, sortProblems(b.problems)
	}
	return p, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): `)

// parserErrors are the problems libyaml's parser (not its scanner) reports.
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// parseYAML decodes data into a node tree, refusing empty input and more
// than one document.
func parseYAML(data []byte, filename string) (*yaml.Node, []Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, []Problem{{File: filename, Message: msg.T("政策文件为空", "the policy file is empty")}}
		}
		return nil, []Problem{yamlProblem(err, filename)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, []Problem{{File: filename, Line: extra.Line, Message: msg.T(
			"政策文件只能包含一个 YAML 文档", "a policy file holds exactly one YAML document")}}
	} else if !errors.Is(err, io.EOF) {
		return nil, []Problem{yamlProblem(err, filename)}
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		return root.Content[0], nil
	}
	return nil, []Problem{{File: filename, Message: msg.T("政策文件为空", "the policy file is empty")}}
}

func yamlProblem(err error, filename string) Problem {
	text := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		text = strings.TrimPrefix(text, m[0])
		// yaml.v3 reports parser errors (unlike scanner errors) with a
		// 0-based line: the start of the construct that failed.
		if parserErrors[text] {
			line++
		}
	} else {
		text = strings.TrimPrefix(text, "yaml: ")
	}
	return Problem{File: filename, Line: line, Message: msg.F("YAML 语法错误：%s", "YAML syntax error: %s", text)}
}

// sortProblems orders problems by line, then path and message, and drops
// exact duplicates.
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message.En < b.Message.En
	})
	out := ps[:0]
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// problemf builds a problem.
func problemf(file string, line int, path string, zh, en string, args ...any) Problem {
	return Problem{File: file, Line: line, Path: path, Message: msg.F(zh, en, args...)}
}

// quoteList renders a list of strings for messages.
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
