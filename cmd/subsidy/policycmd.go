package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"subsidy/calc/msg"
	"subsidy/calc/policy"
	"subsidy/cmd/subsidy/internal/batch"
	"subsidy/cmd/subsidy/internal/failure"
	"subsidy/schemas"
)

// exportedPolicy is the embedded policy file as `policy default` prints
// it: its editor hint names the schema beside the exported file
// (policy.schema.json, which `policy schema` writes), not the repository's
// folder, which a copy elsewhere cannot reach.
func exportedPolicy() []byte {
	b := policy.DefaultYAML()
	first, rest, _ := bytes.Cut(b, []byte("\n"))
	if !bytes.Contains(first, []byte("$schema=")) {
		return b
	}
	hint := "# yaml-language-server: $schema=" + schemas.PolicyFile + "\n" +
		"# 编辑器补全 / completion: subsidy policy schema > " + schemas.PolicyFile + "（与本文件放在同一文件夹 / beside this file）\n"
	return append([]byte(hint), rest...)
}

func policyCommand() *cli.Command {
	lang := &cli.StringFlag{Name: "lang", Value: "zh", Usage: flagText("", "lang")}
	return &cli.Command{
		Name:            "policy",
		Usage:           cmdUsage("policy"),
		HideHelpCommand: true,
		Subcommands: []*cli.Command{
			{
				Name:        "show",
				Usage:       cmdUsage("policy show"),
				ArgsUsage:   "[FILE]",
				Description: cmdDescription("policy show"),
				Flags:       []cli.Flag{lang},
				Action: func(c *cli.Context) error {
					p, err := batch.LoadPolicy(c.Args().First())
					if err != nil {
						return err
					}
					fmt.Fprint(c.App.Writer, policy.Show(p, c.String("lang")))
					return nil
				},
			},
			{
				Name:        "default",
				Usage:       cmdUsage("policy default"),
				Description: cmdDescription("policy default"),
				Action: func(c *cli.Context) error {
					_, err := c.App.Writer.Write(exportedPolicy())
					return err
				},
			},
			{
				Name:        "schema",
				Usage:       cmdUsage("policy schema"),
				Description: cmdDescription("policy schema"),
				Action: func(c *cli.Context) error {
					_, err := c.App.Writer.Write(schemas.Policy())
					return err
				},
			},
			{
				Name:        "check",
				Usage:       cmdUsage("policy check"),
				ArgsUsage:   "FILE",
				Description: cmdDescription("policy check"),
				Flags:       []cli.Flag{lang},
				Action: func(c *cli.Context) error {
					file := c.Args().First()
					if file == "" {
						return failure.Usage(msg.T("policy check 需要一个政策文件，例如 subsidy policy check my-policy.yaml", "policy check needs a FILE, e.g. subsidy policy check my-policy.yaml"))
					}
					data, err := os.ReadFile(file)
					if err != nil {
						return failure.UsageOf("--policy: ", err)
					}
					probs := policy.Check(data, filepath.Base(file))
					for _, p := range probs {
						fmt.Fprintln(c.App.ErrWriter, p.In(c.String("lang")))
					}
					if len(probs) > 0 {
						return failure.Usage(msg.F("%[2]s：%[1]d 个问题", "%[2]s: %[1]d problem(s)", len(probs), file))
					}
					fmt.Fprintln(c.App.Writer, msg.F("%s：有效", "%s: ok", file).In(c.String("lang")))
					return nil
				},
			},
		},
	}
}
