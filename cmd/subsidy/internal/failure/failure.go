// Package failure holds the one error type that ends a command: a kind
// (which package main turns into the exit code, spec §2) and a message in
// both languages (printed in the language of the invocation).
package failure

import "subsidy/calc/msg"

// Kind is what went wrong, as far as the exit code goes.
type Kind int

// The kinds of failure, one per non-zero exit code.
const (
	// KindUsage is a usage error or an input, policy or output that
	// cannot be read or written (exit 2).
	KindUsage Kind = iota + 1
	// KindControl is a batch that ran but failed a control (exit 1).
	KindControl
	// KindDiffers is a verify or diff that found differences (exit 3).
	KindDiffers
)

// Error ends a command with its kind and message.
type Error struct {
	Kind Kind
	Text msg.Text
}

// Error is the English message.
func (e *Error) Error() string { return e.Text.En }

// Usage is a usage error with message t.
func Usage(t msg.Text) error { return &Error{Kind: KindUsage, Text: t} }

// Control is a failed control with message t.
func Control(t msg.Text) error { return &Error{Kind: KindControl, Text: t} }

// Differs is a difference found, with message t.
func Differs(t msg.Text) error { return &Error{Kind: KindDiffers, Text: t} }

// UsageOf is the usage error of err after prefix (a flag such as
// "--prior: "), in both languages (msg.ErrorIn: the wordings of an error
// with a Text method — the readers' fileio.Error, policy.CheckError,
// ledger.PriorError, the value and identifier checks — and the operating
// system's errors in Chinese).
func UsageOf(prefix string, err error) error { return UsageWith(msg.T(prefix, prefix), err) }

// UsageWith is the usage error of err after the text t.
func UsageWith(t msg.Text, err error) error {
	return Usage(msg.T(t.Zh+msg.ErrorIn(err, "zh"), t.En+msg.ErrorIn(err, "en")))
}

// Prefixed puts p before both wordings of t.
func Prefixed(p string, t msg.Text) msg.Text { return msg.T(p+t.Zh, p+t.En) }
