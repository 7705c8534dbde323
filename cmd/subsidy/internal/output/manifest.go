package output

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
)

// ManifestFormat names the layout of a run manifest; ReadManifest refuses
// any other.
const ManifestFormat = "subsidy-manifest/1"

// ManifestSuffix is appended to the ledger's path to name its manifest.
const ManifestSuffix = ".manifest.json"

// EmbeddedPolicy is the path recorded for the policy embedded in the binary.
const EmbeddedPolicy = "embedded:default.yaml"

// maxManifest bounds the size of a manifest read back.
const maxManifest = 256 << 20

// ManifestFile is one file a run read or wrote: its role (a roster kind,
// "policy", "prior", "rejections", "ledger", …), its path relative to the
// manifest's folder when inside it (slash-separated), else absolute;
// "-" for standard input; EmbeddedPolicy) and the SHA-256 and size of its
// bytes. SHA256 is empty for standard input, which cannot be read again.
type ManifestFile struct {
	Role   string `json:"role"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// Manifest is the audit record of one run (spec §8), written beside the
// ledger as <ledger>.manifest.json. It holds no clock time, so the same
// run in the same place gives the same bytes.
type Manifest struct {
	Format         string         `json:"format"`
	ProgramVersion string         `json:"program_version"`
	Period         string         `json:"period"`
	PolicyID       string         `json:"policy_id"`
	Policy         ManifestFile   `json:"policy"`
	Inputs         []ManifestFile `json:"inputs"`
	Prior          []ManifestFile `json:"prior"`
	Outputs        []ManifestFile `json:"outputs"`
	// LedgerLines is the number of ledger lines and LedgerLinesSHA256 the
	// SHA-256 of their canonical form (see LinesHash): the same for the
	// CSV, JSON Lines and XLSX ledger of one run, in either language.
	LedgerLines       int    `json:"ledger_lines"`
	LedgerLinesSHA256 string `json:"ledger_lines_sha256"`
	// Counted is the trace of the year counts the run left (see
	// ManifestCount); nil in a manifest written before runs kept it.
	Counted *[]ManifestCount `json:"counted,omitempty"`
}

// ManifestPath is the manifest's path for a ledger path.
func ManifestPath(ledgerPath string) string { return ledgerPath + ManifestSuffix }

// HashBytes returns the hex SHA-256 of b.
func HashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// HashFile returns the hex SHA-256 and the size of the file at path.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// LinesHash is the SHA-256 of the canonical form of ledger lines: one
// record per line, sorted by line_id, of every column of ledger.Columns
// except note (its language is a presentation choice), text as is,
// amounts in decimal's shortest form, cap_limit and cap_used_before blank
// without a cap, cells separated by U+001F and records by U+001E. A ledger
// read back from any format gives the hash of the lines written.
func LinesHash(lines []ledger.Line) string {
	h := NewLineHasher("")
	for i := range lines {
		// without a folder nothing is spilled, so nothing can fail
		_ = h.Add(&lines[i])
	}
	sum, _ := h.Sum()
	return sum
}

// ManifestRel is the path to record for file path in a manifest written at
// manifestPath: relative to the manifest's folder for a file inside it
// (the outputs), absolute otherwise.
func ManifestRel(manifestPath, path string) string {
	if path == "-" || strings.HasPrefix(path, "embedded:") {
		return path
	}
	base, err1 := filepath.Abs(filepath.Dir(manifestPath))
	abs, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	if rel, err := filepath.Rel(base, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// Resolve returns the file system path of a path recorded in the manifest
// at manifestPath.
func Resolve(manifestPath, recorded string) string {
	p := filepath.FromSlash(recorded)
	if filepath.IsAbs(p) || recorded == "-" || strings.HasPrefix(recorded, "embedded:") {
		return p
	}
	return filepath.Join(filepath.Dir(manifestPath), p)
}

// FileEntry hashes the file at path for a manifest at manifestPath.
func FileEntry(manifestPath, role, path string) (ManifestFile, error) {
	e := ManifestFile{Role: role, Path: ManifestRel(manifestPath, path)}
	if path == "-" {
		return e, nil
	}
	sum, n, err := HashFile(path)
	if err != nil {
		return e, &Error{File: path, Msg: msg.F("无法计算文件摘要：%v", "cannot hash the file: %v", unwrapPath(err))}
	}
	e.SHA256, e.Bytes = sum, n
	return e, nil
}

// Snapshot is the SHA-256 and size of a file taken before a run reads it,
// with what the file system said of it then, so that Unchanged can tell
// whether the bytes the run read are still the bytes hashed.
type Snapshot struct {
	Path   string
	SHA256 string
	Bytes  int64
	info   os.FileInfo
}

// TakeSnapshot hashes the file at path through one open file, before the
// run reads it.
func TakeSnapshot(path string) (Snapshot, error) {
	s := Snapshot{Path: path}
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		s.info, err = f.Stat()
	}
	if err == nil {
		h := sha256.New()
		if s.Bytes, err = io.Copy(h, f); err == nil {
			s.SHA256 = hex.EncodeToString(h.Sum(nil))
		}
	}
	if err != nil {
		return s, &Error{File: path, Msg: msg.F("无法计算文件摘要：%v", "cannot hash the file: %v", unwrapPath(err))}
	}
	return s, nil
}

// Unchanged refuses, with an *Error naming the file, a file that is no
// longer the one snapshot: replaced (re-saved by a spreadsheet program),
// or written to since (another size or modification time). Then the run
// cannot tell which bytes it read, and its manifest would record a hash of
// bytes never read.
func (s Snapshot) Unchanged() error {
	now, err := os.Stat(s.Path)
	if err == nil && os.SameFile(s.info, now) && now.Size() == s.Bytes && now.Size() == s.info.Size() && now.ModTime().Equal(s.info.ModTime()) {
		return nil
	}
	return &Error{File: s.Path, Msg: msg.T(
		"文件在本次运行读取期间被修改或另存，无法确定读到的内容；请在文件不再变动时重新运行",
		"the file was changed or re-saved while this run read it, so what was read cannot be told; run again once it no longer changes")}
}

// Entry is the manifest entry of the snapshot's file, for a manifest at
// manifestPath, once Unchanged.
func (s Snapshot) Entry(manifestPath, role string) (ManifestFile, error) {
	if err := s.Unchanged(); err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{Role: role, Path: ManifestRel(manifestPath, s.Path), SHA256: s.SHA256, Bytes: s.Bytes}, nil
}

// WriteManifest writes m as indented JSON with a final newline.
func WriteManifest(w io.Writer, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadManifest reads and checks a manifest: JSON of the Manifest layout
// with no unknown key, the ManifestFormat, and a hex SHA-256 wherever a
// file was hashed. Every error is an *Error naming the file.
func ReadManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: msg.F("无法读取运行清单：%v", "cannot read the run manifest: %v", unwrapPath(err))}
	}
	defer f.Close()
	bad := func(why string) error {
		return &Error{File: path, Msg: msg.F("不是有效的运行清单（%[1]s）", "not a valid run manifest (%[1]s)", why)}
	}
	// The manifest is decoded as it is read, not read whole first: the
	// year counts' keys make it grow with the ledger (about 20 bytes a
	// line), and a 1,000,000-line ledger's manifest is over 16 MiB.
	if st, err := f.Stat(); err == nil && st.Size() > maxManifest {
		return nil, bad("too large")
	}
	dec := json.NewDecoder(bufio.NewReader(io.LimitReader(f, maxManifest)))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, bad(err.Error())
	}
	if dec.More() {
		return nil, bad("data after the manifest")
	}
	if m.Format != ManifestFormat {
		return nil, bad("format " + m.Format + ", expected " + ManifestFormat)
	}
	all := append(append(append([]ManifestFile{m.Policy}, m.Inputs...), m.Prior...), m.Outputs...)
	for _, e := range all {
		if e.Path == "" || (e.Path != "-" && !isHexSHA(e.SHA256)) {
			return nil, bad("entry " + e.Role + " " + e.Path + " has no SHA-256")
		}
	}
	if !isHexSHA(m.LedgerLinesSHA256) {
		return nil, bad("ledger_lines_sha256 is not a SHA-256")
	}
	if _, _, err := m.YearCounts(); err != nil {
		return nil, bad(err.Error())
	}
	return &m, nil
}

func isHexSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// findManifest returns the manifest that describes the ledger at path and
// its entry: <path>.manifest.json, else a *.manifest.json in the same
// folder listing a file of the same name among its outputs (the CSV and the
// XLSX of one ledger share one manifest). It returns "" when there is none.
func findManifest(path string) (string, *Manifest, *ManifestFile, error) {
	own := ManifestPath(path)
	candidates := []string{}
	if st, err := os.Stat(own); err == nil && st.Mode().IsRegular() {
		candidates = append(candidates, own)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, &Error{File: own, Msg: msg.F("无法读取运行清单：%v", "cannot read the run manifest: %v", unwrapPath(err))}
	}
	if entries, err := os.ReadDir(filepath.Dir(path)); err == nil {
		for _, e := range entries {
			p := filepath.Join(filepath.Dir(path), e.Name())
			if strings.HasSuffix(e.Name(), ManifestSuffix) && !strings.HasPrefix(e.Name(), ".") && p != own && e.Type().IsRegular() {
				candidates = append(candidates, p)
			}
		}
	}
	abs, _ := filepath.Abs(path)
	for i, mp := range candidates {
		m, err := ReadManifest(mp)
		if err != nil {
			if i == 0 && mp == own {
				return "", nil, nil, err
			}
			continue // another file's manifest that cannot be read is not this ledger's
		}
		for j := range m.Outputs {
			o := &m.Outputs[j]
			if ra, err := filepath.Abs(Resolve(mp, o.Path)); err == nil && ra == abs {
				return mp, m, o, nil
			}
		}
		if mp == own {
			for j := range m.Outputs {
				if m.Outputs[j].Role == "ledger" {
					return mp, m, &m.Outputs[j], nil
				}
			}
			return "", nil, nil, &Error{File: path, Msg: msg.F(
				"运行清单 %s 中没有这份明细", "the run manifest %s does not list this ledger", mp)}
		}
	}
	return "", nil, nil, nil
}

// PriorCheck is what CheckPriorManifest found of the run manifest of a
// prior ledger.
type PriorCheck struct {
	// Warning, when set, says the ledger has no manifest beside it: it is
	// used as it is (its lines checked one by one).
	Warning *msg.Text
	// YearCounts are the year counts the run that wrote the ledger left
	// (the manifest's counted section; the CSV and the XLSX of one ledger
	// share it, and the prior index takes the union of traces, so passing
	// both counts nothing twice). Counted is false when there is no
	// manifest, or one with no counted section: the year counts of the
	// batches before may then be incomplete.
	YearCounts []ledger.YearCount
	Counted    bool
}

// CheckPriorManifest checks a prior ledger against the manifest of the run
// that wrote it (spec §8), read once: the file's SHA-256 must be the one
// recorded and its lines must have the canonical hash recorded, so an edit
// made in Excel is refused even when the sums were recalculated; it
// returns the manifest's year counts. A ledger with no manifest beside it
// is accepted with a warning. lines is the number of lines read from the
// file at path and hash their LinesHash, asked for only when the manifest
// records the file as a ledger.
func CheckPriorManifest(path string, lines int, hash func() (string, error)) (PriorCheck, error) {
	pf := PriorFile{Path: path}
	mp, m, entry, err := findManifest(pf.Path)
	if err != nil {
		return PriorCheck{}, err
	}
	if m == nil {
		w := msg.F("已发放明细 %s 旁没有运行清单（.manifest.json）：各行的金额已逐行核对，但删去的行无法发现，会被再次支付；照常使用（--strict 时拒绝）",
			"prior ledger %s has no run manifest (.manifest.json) beside it: its lines were checked one by one, but a line removed from it cannot be seen and would be paid again; used as it is (refused with --strict)", pf.Path)
		return PriorCheck{Warning: &w}, nil
	}
	sum, _, err := HashFile(pf.Path)
	if err != nil {
		return PriorCheck{}, &Error{File: pf.Path, Msg: msg.F("无法计算文件摘要：%v", "cannot hash the file: %v", unwrapPath(err))}
	}
	if sum != entry.SHA256 {
		return PriorCheck{}, &Error{File: pf.Path, Msg: msg.F(
			"与运行清单 %[1]s 不符（SHA-256 不同）：明细在生成后被修改过（例如在 Excel 中编辑或另存），拒绝使用；请传入程序写出的原文件（如同批次的 CSV 副本）",
			"does not match its run manifest %[1]s (the SHA-256 differs): the ledger was changed after the run (e.g. edited or re-saved in Excel); refused; pass the file as the run wrote it (e.g. the batch's CSV copy)", mp)}
	}
	if entry.Role == "ledger" || strings.HasPrefix(entry.Role, "ledger") {
		h, err := hash()
		if err != nil {
			return PriorCheck{}, err
		}
		if h != m.LedgerLinesSHA256 || lines != m.LedgerLines {
			return PriorCheck{}, &Error{File: pf.Path, Msg: msg.F(
				"明细各行与运行清单 %[1]s 记录的不符，拒绝使用",
				"the ledger's lines do not match the ones its run manifest %[1]s records; refused", mp)}
		}
	}
	ycs, counted, err := m.YearCounts()
	if err != nil {
		return PriorCheck{}, &Error{File: mp, Msg: msg.F("运行清单的计数记录（counted）无效：%v", "the run manifest's counted section is not valid: %v", err)}
	}
	return PriorCheck{YearCounts: ycs, Counted: counted}, nil
}

// folderManifest is a readable run manifest found in a folder.
type folderManifest struct {
	path string
	m    *Manifest
}

// manifestsIn returns the run manifests among the entries of folder dir
// (regular files named *.manifest.json, not hidden) that read as
// manifests; one that cannot be read is left out, it proves nothing.
func manifestsIn(dir string, entries []os.DirEntry) []folderManifest {
	var out []folderManifest
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ManifestSuffix) || strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
			continue
		}
		mp := filepath.Join(dir, e.Name())
		if m, err := ReadManifest(mp); err == nil {
			out = append(out, folderManifest{mp, m})
		}
	}
	return out
}

// at is the absolute path of a file the manifest records.
func (fm folderManifest) at(f ManifestFile) string {
	p, _ := filepath.Abs(Resolve(fm.path, f.Path))
	return p
}
