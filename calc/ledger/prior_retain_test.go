package ledger

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// TestPriorKeepsNoRecordText: the prior index copies every string it
// keeps. A reader hands it lines whose fields are slices of one record's
// text (encoding/csv makes one string a record); a field kept uncopied
// holds the whole record — note, source and all — for the run: the first
// line_id of each cap key's chain did, 55 MB of CSV records at 307,000
// prior lines.
func TestPriorKeepsNoRecordText(t *testing.T) {
	l := testLine()
	var rec strings.Builder
	fields := []*string{&l.LineID, &l.Period, &l.Program, &l.ProgramName, &l.Clause, &l.PolicyVersion, &l.Funder,
		&l.RecipientID, &l.RecipientName, &l.District, &l.Source, &l.CapKey, &l.Status}
	for _, f := range fields {
		rec.WriteString(*f + ",")
	}
	text := rec.String()
	at := 0
	for _, f := range fields { // each field now a slice of text
		n := len(*f)
		*f = text[at : at+n]
		at += n + 1
	}
	b := NewPriorBuilder()
	if err := b.Add(0, "a.csv", &l); err != nil {
		t.Fatal(err)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			if s := v.String(); len(s) > 0 {
				if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= lo && p < hi {
					t.Errorf("%s = %q is a slice of the record's text", path, s)
				}
			}
		case reflect.Pointer:
			if !v.IsNil() && !seen[v.Pointer()] {
				seen[v.Pointer()] = true
				walk(v.Elem(), path)
			}
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), path+"[]")
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), path+"{key}")
				walk(it.Value(), path+"{}")
			}
		}
	}
	walk(reflect.ValueOf(b), "PriorBuilder")
}
