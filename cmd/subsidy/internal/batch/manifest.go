package batch

import (
	"path/filepath"
	"runtime/debug"

	"subsidy/calc/ledger"
	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/input"
	"subsidy/cmd/subsidy/internal/output"
)

// programVersion is the version recorded in run manifests: the module
// version of the build, with the VCS revision (and "+dirty") when the build
// recorded one.
func programVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		v += " " + rev
		if dirty {
			v += "+dirty"
		}
	}
	return v
}

// snapshots are the hashes of a run's input files taken before it read
// them (see snapshotInputs), by absolute path.
type snapshots map[string]output.Snapshot

// snapshotInputs hashes, before anything is read, every file the run may
// read: the policy file, the rosters and the prior ledgers (in a --prior
// folder, every file that could be one). A file that cannot be hashed now
// is left to its reader to refuse.
func snapshotInputs(o Options) snapshots {
	var paths []string
	if o.PolicyFile != "" {
		paths = append(paths, o.PolicyFile)
	}
	for _, k := range roster.Kinds {
		if p, ok := o.Rosters[k]; ok && p != "-" {
			paths = append(paths, p)
		}
	}
	for _, p := range o.Prior {
		paths = append(paths, output.PriorCandidates(p)...)
	}
	snaps := snapshots{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if s, err := output.TakeSnapshot(p); err == nil {
			snaps[abs] = s
		}
	}
	return snaps
}

// entry is the manifest entry of an input file: from its snapshot, refused
// when the file changed since (output.Snapshot.Unchanged); hashed now when
// there is no snapshot (the file appeared after the run started).
func (s snapshots) entry(mp, role, path string) (output.ManifestFile, error) {
	if abs, err := filepath.Abs(path); err == nil && path != "-" {
		if snap, ok := s[abs]; ok {
			return snap.Entry(mp, role)
		}
	}
	return output.FileEntry(mp, role, path)
}

// writeManifest adds the run's manifest (spec §8) to set: the SHA-256 of
// each roster read, the policy and each prior ledger, as taken before the
// run read them (snaps; a file changed since is refused), of each output
// written to set so far (call it after every other output), and of the
// number and canonical hash of the ledger lines (see output.LinesHash).
// ledgerPath is the ledger's path in set. counted are the year counts the
// run leaves for the next batch (engine.Result.YearCounts), kept in the
// manifest's counted section.
func writeManifest(set *output.Set, o Options, ld *Loaded, snaps snapshots, lines int, linesHash, ledgerPath, rejPath string, counted []ledger.YearCount) error {
	mp := output.ManifestPath(ledgerPath)
	m := &output.Manifest{Format: output.ManifestFormat, ProgramVersion: programVersion(), Period: o.Period,
		PolicyID: ld.In.Policy.ID, Inputs: []output.ManifestFile{}, Prior: []output.ManifestFile{}, Outputs: []output.ManifestFile{},
		LedgerLines: lines, LedgerLinesSHA256: linesHash, Counted: output.ManifestCounts(counted)}
	if o.PolicyFile == "" {
		b := policy.DefaultYAML()
		m.Policy = output.ManifestFile{Role: "policy", Path: output.EmbeddedPolicy, SHA256: output.HashBytes(b), Bytes: int64(len(b))}
	} else {
		e, err := snaps.entry(mp, "policy", o.PolicyFile)
		if err != nil {
			return err
		}
		m.Policy = e
	}
	for _, k := range roster.Kinds {
		if p, ok := o.Rosters[k]; ok {
			e, err := snaps.entry(mp, string(k), p)
			if err != nil {
				return err
			}
			m.Inputs = append(m.Inputs, e)
		}
	}
	for _, f := range o.Files {
		if f.How == input.Skipped { // left out on purpose: recorded, so an audit sees it
			e, err := snaps.entry(mp, "skipped", f.Path)
			if err != nil {
				return err
			}
			m.Inputs = append(m.Inputs, e)
		}
	}
	for _, p := range ld.Priors {
		e, err := snaps.entry(mp, "prior", p)
		if err != nil {
			return err
		}
		m.Prior = append(m.Prior, e)
	}
	sums, err := set.Sums()
	if err != nil {
		return err
	}
	for _, s := range sums {
		role := "output"
		switch {
		case samePath(s.Path, ledgerPath):
			role = "ledger"
		case samePath(s.Path, rejPath):
			role = "rejections"
		}
		m.Outputs = append(m.Outputs, output.ManifestFile{Role: role, Path: output.ManifestRel(mp, s.Path), SHA256: s.SHA256, Bytes: s.Bytes})
	}
	w, err := set.Create(mp)
	if err != nil {
		return err
	}
	return output.WriteManifest(w, m)
}

// samePath reports whether two paths name the same file location.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// debrisWarning is the warning for an output left by an interrupted run.
func debrisWarning(path string) msg.Text {
	return msg.F("%s 是一次未完成运行留下的文件（旁边没有明细），本次将替换它",
		"%s was left by a run that did not complete (no ledger beside it); this run replaces it", path)
}

// staleWarning is the warning for a temporary file removed.
func staleWarning(path string) msg.Text {
	return msg.F("已删除一次中断运行留下的临时文件 %s", "removed the temporary file %s of an interrupted run", path)
}
