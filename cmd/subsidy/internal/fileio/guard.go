package fileio

import (
	"bytes"
	"errors"
	"io"
)

// ErrTooLong is returned by a guard when a run exceeds its limit.
var ErrTooLong = errors.New("run too long")

// errDeclaration is returned by the XML guard on a markup declaration
// (<!DOCTYPE …>, <!ENTITY …>), which no workbook part holds.
var errDeclaration = errors.New("a markup declaration (<!DOCTYPE …>), which a workbook never holds")

// splitter finds where the runs of a guarded stream end. It keeps the
// state of the scan across calls.
type splitter interface {
	// next scans b and returns the index of the first byte in it that
	// ends a run, or -1 when none does (b is then scanned whole). An error
	// refuses the stream.
	next(b []byte) (int, error)
}

// guard passes the bytes of r through, failing with ErrTooLong as soon as
// more than max bytes pass within one run, so that the parser reading
// from it never buffers more than a run: a CSV record (csvRuns) or the
// text between two tags of an XML part (xmlRuns).
type guard struct {
	r     io.Reader
	max   int
	run   int // bytes of the current run so far
	split splitter
}

func (g *guard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	b := p[:n]
	for {
		i, serr := g.split.next(b)
		if serr != nil {
			return 0, serr
		}
		if i < 0 {
			g.run += len(b)
			break
		}
		if g.run+i > g.max {
			return 0, ErrTooLong
		}
		g.run, b = 0, b[i+1:]
	}
	if g.run > g.max {
		return 0, ErrTooLong
	}
	return n, err
}

// csvRuns ends a run at each line feed outside a quoted cell, so that a
// run is one CSV record, however many lines its quoted cells span.
type csvRuns struct {
	quoted bool
	line   int // the 1-based file line being read
	start  int // the line on which the current record began
}

func (c *csvRuns) next(b []byte) (int, error) {
	for i := 0; i < len(b); {
		if c.quoted {
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				c.line += bytes.Count(b[i:], []byte{'\n'})
				return -1, nil
			}
			c.line += bytes.Count(b[i:i+j], []byte{'\n'})
			c.quoted, i = false, i+j+1
			continue
		}
		j := bytes.IndexAny(b[i:], "\"\n")
		if j < 0 {
			return -1, nil
		}
		i += j
		if b[i] == '"' {
			c.quoted, i = true, i+1
			continue
		}
		c.line++
		c.start = c.line
		return i, nil
	}
	return -1, nil
}

// The states of xmlRuns.
const (
	xmlText    = iota // text or inside a tag
	xmlLT             // after '<'
	xmlBang           // after "<!"
	xmlOpen           // matching "--" or "[CDATA[" after "<!"
	xmlComment        // inside <!-- … -->
	xmlCDATA          // inside <![CDATA[ … ]]>
	xmlPI             // inside <? … ?>
)

// xmlRuns ends a run at each '<' that opens a start or end tag. A comment,
// a CDATA section or a processing instruction, whose body the XML decoder
// buffers whole and which may contain '<', belongs to the run around it.
// A markup declaration is refused (errDeclaration).
type xmlRuns struct {
	state  int
	open   string // the rest of "--" or "[CDATA[" to match in xmlOpen
	prev   [2]byte
	target int // xmlComment or xmlCDATA: the state once open is matched
}

func (x *xmlRuns) next(b []byte) (int, error) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch x.state {
		case xmlText:
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				return -1, nil
			}
			i += j
			x.state = xmlLT
		case xmlLT:
			switch c {
			case '!':
				x.state = xmlBang
			case '?':
				x.state, x.prev = xmlPI, [2]byte{}
			default:
				x.state = xmlText
				return i, nil
			}
		case xmlBang:
			switch c {
			case '-':
				x.state, x.open, x.target = xmlOpen, "-", xmlComment
			case '[':
				x.state, x.open, x.target = xmlOpen, "CDATA[", xmlCDATA
			default:
				return 0, errDeclaration
			}
		case xmlOpen:
			if c != x.open[0] {
				return 0, errDeclaration
			}
			if x.open = x.open[1:]; x.open == "" {
				x.state, x.prev = x.target, [2]byte{}
			}
		default: // inside a comment, CDATA section or processing instruction
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				x.remember(b[i:])
				return -1, nil
			}
			x.remember(b[i : i+j])
			i += j
			if x.state == xmlComment && x.prev == [2]byte{'-', '-'} ||
				x.state == xmlCDATA && x.prev == [2]byte{']', ']'} ||
				x.state == xmlPI && x.prev[1] == '?' {
				x.state = xmlText
			}
			x.remember(b[i : i+1])
		}
	}
	return -1, nil
}

// remember keeps the last two bytes seen inside a comment, CDATA section
// or processing instruction.
func (x *xmlRuns) remember(b []byte) {
	switch len(b) {
	case 0:
	case 1:
		x.prev = [2]byte{x.prev[1], b[0]}
	default:
		x.prev = [2]byte{b[len(b)-2], b[len(b)-1]}
	}
}
