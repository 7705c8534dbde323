package batch

import (
	"os"
	"path/filepath"
	"strings"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/cmd/subsidy/internal/output"
)

// refuseInputsAsOutputs refuses (a usage error, even with --force) a run
// whose outputs — the ledger, the rejections file, the manifest — would
// replace one of its own inputs: a roster, a prior ledger or the policy
// file, compared by resolved path and by file identity (a hard link or a
// symbolic link is the same file), or would sit in the --in folder under a
// roster's name, where the next run would read it as a roster. Replacing
// an input loses the payment record it holds: a ledger replaced by the
// month that read it as prior lets the next month pay it all again.
func RefuseInputsAsOutputs(o Options, outputs []string) error {
	type input struct {
		role msg.Text
		path string
	}
	var inputs []input
	for _, k := range roster.Kinds {
		if p, ok := o.Rosters[k]; ok && p != "-" {
			inputs = append(inputs, input{msg.F("名册 %s", "the %s roster", string(k)), p})
		}
	}
	for _, p := range o.Prior {
		for _, f := range output.PriorCandidates(p) {
			inputs = append(inputs, input{msg.T("已发放明细（--prior）", "a prior ledger (--prior)"), f})
		}
	}
	if o.PolicyFile != "" {
		inputs = append(inputs, input{msg.T("政策文件（--policy）", "the policy file (--policy)"), o.PolicyFile})
	}
	var problems []msg.Text
	for _, out := range outputs {
		if out == "" || out == "-" {
			continue
		}
		for _, in := range inputs {
			if samePath(out, in.path) || sameFile(out, in.path) {
				problems = append(problems, msg.F("输出 %[1]s 就是本次运行读取的%[2]s：写出会覆盖它（--force 也不允许），请换一个输出文件名",
					"output %[1]s is %[3]s this run reads: writing it would replace it (not even with --force); choose another output name",
					out, in.role.Zh, in.role.En))
				break
			}
		}
		if o.InDir != "" && samePath(filepath.Dir(out), o.InDir) {
			base := filepath.Base(out)
			if _, ok := roster.KindByFileStem(strings.TrimSuffix(base, filepath.Ext(base))); ok {
				problems = append(problems, msg.F("输出 %[1]s 位于名册文件夹 %[2]s 中且使用名册的文件名：以后的运行会把它当作名册读取，请换一个文件名或文件夹",
					"output %[1]s is in the roster folder %[2]s under a roster's name: later runs would read it as a roster; choose another name or folder",
					out, o.InDir))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return failure.Usage(msg.Join(problems, "\n", "\n"))
}

// sameFile reports whether a and b both exist and are the same file (after
// symbolic links; hard links included).
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
