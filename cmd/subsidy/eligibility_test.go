package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"subsidy/calc/value"
)

const eligibilityRoster = "uscc,name,district,entity_type,founded,tier,national_title,talent_startup,valid_invention_patents,overseas_invention_applications,overseas_invention_grants,registered_trademarks,standards,provincial_rd_center,ip_certified,relaxation\n" +
	"91320583MA1AAAAA0W,昆山甲科技有限公司,昆山市,enterprise,2010-05-01,advantage,demonstration,否,60,6,0,3,2,是,否,\n" +
	"91320585MA1BBBBB15,太仓乙人才科技有限公司,320585,enterprise,2015-01-01,,,是,12,0,1,1,0,否,yes,\n" +
	"91320505MA1CCCCC2L,高新丙科技有限公司,320505,enterprise,2012-01-01,,,否,30,1,1,1,1,是,否,little_giant\n" +
	"91320583MA1DDDDD1Q,昆山丁科技有限公司,昆山市,enterprise,2012-01-01,,,否,25,1,3,0,1,是,否,\n" +
	"91320585MA1EEEEE1X,太仓戊科技有限公司,320585,enterprise,2012-01-01,,,否,55,6,0,2,,是,否,\n" +
	"91320583MA1AAAAA00,坏代码公司,昆山市,enterprise,2012-01-01,,,否,1,1,1,1,1,否,否,\n"

func TestEligibilityAsOf(t *testing.T) {
	now := time.Date(2022, 7, 5, 23, 0, 0, 0, time.Local)
	if d, err := eligibilityAsOf("", now); err != nil || d != value.NewDate(2022, 7, 5) {
		t.Errorf("default: %v %v", d, err)
	}
	if d, err := eligibilityAsOf("2022-06-30", now); err != nil || d.String() != "2022-06-30" {
		t.Errorf("given: %v %v", d, err)
	}
	for _, s := range []string{"2022/06/30", "2022-02-30", "30.06.2022"} {
		if _, err := eligibilityAsOf(s, now); err == nil {
			t.Errorf("%s accepted", s)
		}
	}
}

func TestEligibilityDengfeng(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	if err := os.WriteFile(filepath.Join(in, "企业名册.csv"), []byte(eligibilityRoster), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	var stdout, stderr bytes.Buffer
	code := run([]string{"subsidy", "eligibility", "dengfeng", "--in", in, "--as-of", "2022-06-30", "--out", out, "--lang", "en"}, nil, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "row 7") || !strings.Contains(stderr.String(), "skipped 1 ") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "total 5 — eligible 2, review (relaxation) 1, not eligible 1, incomplete 1") {
		t.Errorf("stdout: %s", stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Errorf("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(eligibilityColumns, ",") {
		t.Errorf("header %v", recs[0])
	}
	want := map[string][2]string{
		"91320583MA1AAAAA0W": {"eligible", "general"},
		"91320585MA1BBBBB15": {"eligible", "talent"},
		"91320505MA1CCCCC2L": {"review", "general"},
		"91320583MA1DDDDD1Q": {"not_eligible", "general"},
		"91320585MA1EEEEE1X": {"incomplete", "general"},
	}
	if len(recs) != 1+len(want) {
		t.Fatalf("%d rows", len(recs)-1)
	}
	for _, r := range recs[1:] {
		w, ok := want[r[0]]
		if !ok || r[2] != w[0] || r[3] != w[1] {
			t.Errorf("row %v, want %v", r, w)
		}
		switch r[0] {
		case "91320583MA1AAAAA0W":
			if r[5] != "" || r[7] != "tier:advantage;national:demonstration" {
				t.Errorf("general row %v", r)
			}
		case "91320583MA1DDDDD1Q":
			if r[5] != "0 registered trademarks (needs ≥1)" {
				t.Errorf("failed %q", r[5])
			}
		case "91320585MA1EEEEE1X":
			if r[6] != "standards" {
				t.Errorf("missing %q", r[6])
			}
		case "91320585MA1BBBBB15":
			if !strings.Contains(r[4], "founded 2015-01-01") || r[5] != "" {
				t.Errorf("talent row %v", r)
			}
		}
	}

	// an existing --out is refused without --force, untouched
	stdout.Reset()
	stderr.Reset()
	code = run([]string{"subsidy", "eligibility", "dengfeng", "--enterprises", filepath.Join(in, "企业名册.csv"), "--as-of", "2022-06-30", "--out", out}, nil, &stdout, &stderr)
	if code != exitUsage || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q", code, stdout.String())
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, data) {
		t.Errorf("--out changed")
	}
}

func TestEligibilityUsageErrors(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "enterprises.csv")
	os.WriteFile(roster, []byte(eligibilityRoster), 0o644)
	pol := filepath.Join(dir, "nopolicy.yaml")
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"--as-of", "2022-06-30"}, "--enterprises FILE"},
		{[]string{"--enterprises", roster, "--as-of", "2024-01-01"}, "no dengfeng.approval policy version is in force on 2024-01-01"},
		{[]string{"--enterprises", roster, "--as-of", "20220630"}, "YYYY-MM-DD"},
		{[]string{"--in", dir + "/none", "--as-of", "2022-06-30"}, "none"},
		{[]string{"--enterprises", roster, "--as-of", "2022-06-30", "--policy", pol}, "nopolicy.yaml"},
		{[]string{"--enterprises", roster, "--lang", "de"}, "--lang"},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"subsidy", "eligibility", "dengfeng", "--lang", "en"}, c.args...)
		if code := run(args, nil, &stdout, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if !strings.Contains(stderr.String(), c.err) {
			t.Errorf("%v: stderr %q lacks %q", c.args, stderr.String(), c.err)
		}
	}
}
