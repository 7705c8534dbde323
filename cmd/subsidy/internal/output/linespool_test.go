package output

import (
	"bytes"
	"errors"
	"io"
	"math/big"
	"reflect"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/value"
)

// genText draws a string: often one of a few (so that the dictionary is
// used), otherwise arbitrary bytes, valid UTF-8 or not.
func genText(t *rapid.T, name string) string {
	if rapid.IntRange(0, 2).Draw(t, name+"Kind") == 0 {
		return rapid.SampledFrom([]string{"", "city", "320506", "paid", "海外维权"}).Draw(t, name+"Word")
	}
	return string(rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, name))
}

// genDecimal draws a decimal with any exponent and a coefficient of up
// to 60 digits, either sign.
func genDecimal(t *rapid.T, name string) decimal.Decimal {
	exp := rapid.Int32().Draw(t, name+"Exp")
	if rapid.Bool().Draw(t, name+"Small") {
		exp = rapid.Int32Range(-20, 20).Draw(t, name+"Exp2")
	}
	if rapid.Bool().Draw(t, name+"Int64") {
		return decimal.New(rapid.Int64().Draw(t, name+"Coef"), exp)
	}
	digits := rapid.StringMatching(`[1-9][0-9]{0,59}`).Draw(t, name+"Digits")
	c, _ := new(big.Int).SetString(digits, 10)
	if rapid.Bool().Draw(t, name+"Neg") {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, exp)
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	dateType    = reflect.TypeFor[value.Date]()
	textType    = reflect.TypeFor[msg.Text]()
)

// genLine draws a line, setting every field of ledger.Line by its type;
// a field of a type the spool does not know fails the test, so that a
// field added to ledger.Line cannot be left out of the spool unnoticed.
func genLine(t *rapid.T) ledger.Line {
	var l ledger.Line
	v := reflect.ValueOf(&l).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case f.Type() == decimalType:
			f.Set(reflect.ValueOf(genDecimal(t, name)))
		case f.Type() == dateType:
			f.Set(reflect.ValueOf(value.Date(rapid.Int32().Draw(t, name))))
		case f.Type() == textType:
			f.Set(reflect.ValueOf(msg.Text{Zh: genText(t, name+"Zh"), En: genText(t, name+"En")}))
		case f.Kind() == reflect.String:
			f.SetString(genText(t, name))
		case f.Kind() == reflect.Bool:
			f.SetBool(rapid.Bool().Draw(t, name))
		case f.Type() == reflect.TypeFor[[]string]():
			var flags []string
			for j := range rapid.IntRange(0, 4).Draw(t, name+"N") {
				flags = append(flags, genText(t, name+strconv.Itoa(j)))
			}
			f.Set(reflect.ValueOf(flags))
		default:
			t.Fatalf("ledger.Line.%s has type %s, which the line spool does not encode: add it to LineSpoolWriter, LineSpoolReader and this test", name, f.Type())
		}
	}
	return l
}

// sameFields reports the first field in which two lines differ: decimals
// must have the same coefficient and exponent (not only the same value),
// an empty flag list reads back as nil.
func sameFields(a, b ledger.Line) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		fa, fb, name := va.Field(i), vb.Field(i), va.Type().Field(i).Name
		if fa.Type() == decimalType {
			da, db := fa.Interface().(decimal.Decimal), fb.Interface().(decimal.Decimal)
			if da.Exponent() != db.Exponent() || da.Coefficient().Cmp(db.Coefficient()) != 0 {
				return name + ": " + da.String() + " ≠ " + db.String()
			}
			continue
		}
		if fa.Kind() == reflect.Slice && fa.Len() == 0 && fb.Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			return name
		}
	}
	return ""
}

// Every line written to a spool reads back with every field exactly as
// written, in order, across many records sharing the dictionary.
func TestLineSpoolRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lines := rapid.SliceOfN(rapid.Custom(genLine), 0, 20).Draw(t, "lines")
		var buf bytes.Buffer
		w := NewLineSpoolWriter(&buf)
		for i := range lines {
			if err := w.Line(&lines[i]); err != nil {
				t.Fatal(err)
			}
		}
		r := NewLineSpoolReader(&buf)
		for i := range lines {
			var got ledger.Line
			if err := r.Next(&got); err != nil {
				t.Fatalf("line %d: %v", i, err)
			}
			if diff := sameFields(got, lines[i]); diff != "" {
				t.Fatalf("line %d differs in %s", i, diff)
			}
		}
		var extra ledger.Line
		if err := r.Next(&extra); err != io.EOF {
			t.Fatalf("after the last line: %v", err)
		}
	})
}

func TestRejectionSpoolRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		rejs := make([]ledger.Rejection, n)
		var buf bytes.Buffer
		w := NewRejectionSpoolWriter(&buf)
		for i := range rejs {
			rejs[i] = ledger.Rejection{File: genText(t, "file"), Row: int(rapid.Int32().Draw(t, "row")),
				Column: genText(t, "column"), Value: genText(t, "value"), Code: genText(t, "code"),
				Class: genText(t, "class"), Message: msg.Text{Zh: genText(t, "zh"), En: genText(t, "en")},
				ColumnZh: genText(t, "column_zh"), Typed: genText(t, "typed")}
			if err := w.Rejection(&rejs[i]); err != nil {
				t.Fatal(err)
			}
		}
		if w.Count() != n {
			t.Fatalf("count %d, wrote %d", w.Count(), n)
		}
		r := NewRejectionSpoolReader(&buf)
		for i := range rejs {
			var got ledger.Rejection
			if err := r.Next(&got); err != nil || got != rejs[i] {
				t.Fatalf("rejection %d: %+v %v, want %+v", i, got, err, rejs[i])
			}
		}
		var extra ledger.Rejection
		if err := r.Next(&extra); err != io.EOF {
			t.Fatalf("after the last rejection: %v", err)
		}
		if reflect.TypeFor[ledger.Rejection]().NumField() != 9 {
			t.Fatal("ledger.Rejection has a new field: add it to the rejection spool and this test")
		}
	})
}

// More distinct words than the dictionary holds are written in full.
func TestLineSpoolDictionaryFull(t *testing.T) {
	var buf bytes.Buffer
	w := NewLineSpoolWriter(&buf)
	n := spoolDictMax + 100
	for i := range n {
		l := sampleLines()[i%2]
		l.Period = strconv.Itoa(i)
		if err := w.Line(&l); err != nil {
			t.Fatal(err)
		}
	}
	r := NewLineSpoolReader(&buf)
	for i := range n {
		var l ledger.Line
		if err := r.Next(&l); err != nil || l.Period != strconv.Itoa(i) || l.LineID != sampleLines()[i%2].LineID {
			t.Fatalf("line %d: %q %v", i, l.Period, err)
		}
	}
}

// A damaged spool is an error naming the record, never a panic.
func TestLineSpoolCorrupt(t *testing.T) {
	var buf bytes.Buffer
	w := NewLineSpoolWriter(&buf)
	for _, l := range sampleLines() {
		if err := w.Line(&l); err != nil {
			t.Fatal(err)
		}
	}
	good := buf.Bytes()
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"truncated", good[:len(good)-3]},
		{"huge length", append([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, good...)},
		{"extra byte", append(append([]byte{byte(good[0] + 1)}, good[1:1+int(good[0])]...), 0)},
	} {
		r := NewLineSpoolReader(bytes.NewReader(c.data))
		var err error
		for err == nil {
			var l ledger.Line
			err = r.Next(&l)
		}
		if !errors.Is(err, errCorruptSpool) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// FuzzLineSpoolReader: any bytes read as a line or rejection spool give
// lines, io.EOF or a corrupt-record error, never a panic.
func FuzzLineSpoolReader(f *testing.F) {
	var buf bytes.Buffer
	w := NewLineSpoolWriter(&buf)
	for _, l := range sampleLines() {
		if err := w.Line(&l); err != nil {
			f.Fatal(err)
		}
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewLineSpoolReader(bytes.NewReader(data))
		for range 1000 {
			var l ledger.Line
			if err := r.Next(&l); err != nil {
				if err != io.EOF && !errors.Is(err, errCorruptSpool) {
					t.Fatalf("error %v", err)
				}
				break
			}
		}
		rr := NewRejectionSpoolReader(bytes.NewReader(data))
		for range 1000 {
			var rj ledger.Rejection
			if err := rr.Next(&rj); err != nil {
				if err != io.EOF && !errors.Is(err, errCorruptSpool) {
					t.Fatalf("error %v", err)
				}
				break
			}
		}
	})
}
