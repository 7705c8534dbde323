package engine

import (
	"github.com/shopspring/decimal"

	"subsidy/calc/value"
)

// fenSum is a running sum of amounts: what a cap key or a budget has used
// in the batch, and the reconciliation's totals. It adds in whole fen
// (value.Fen.Add) while every amount is a whole number of fen and the sum
// stays within ±value.MaxFen, as the amounts of lines do, and in decimal
// from the first amount that is not (a policy amount with more digits
// than the schema admits could be one): the sum is exact either way, the
// same amount as the decimal sum it replaces. The zero fenSum is zero.
type fenSum struct {
	fen     value.Fen
	dec     decimal.Decimal // the sum, once inexact
	inexact bool
}

// add adds d to the sum.
func (s *fenSum) add(d decimal.Decimal) {
	if !s.inexact {
		if f, err := value.FenFromDecimal(d); err == nil {
			if sum, err := s.fen.Add(f); err == nil {
				s.fen = sum
				return
			}
		}
		s.dec, s.inexact = s.fen.Decimal(), true
	}
	s.dec = s.dec.Add(d)
}

// sub subtracts d from the sum.
func (s *fenSum) sub(d decimal.Decimal) {
	if !s.inexact {
		if f, err := value.FenFromDecimal(d); err == nil {
			if diff, err := s.fen.Sub(f); err == nil {
				s.fen = diff
				return
			}
		}
		s.dec, s.inexact = s.fen.Decimal(), true
	}
	s.dec = s.dec.Sub(d)
}

// decimal returns the sum as a decimal (with exponent −2 while in fen).
func (s *fenSum) decimal() decimal.Decimal {
	if s.inexact {
		return s.dec
	}
	return s.fen.Decimal()
}
