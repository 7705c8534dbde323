package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"subsidy/calc/msg"
	"subsidy/calc/roster"
)

// The catalogue of the command line's help: every command's one-line usage
// and description and every flag's help, in Chinese and English, in one
// place (issue 13). Messages are msg.Text at their source; the help is
// built in the language of the invocation (helpLang, from --lang), so that
// `subsidy run --help` is Chinese and `subsidy run --help --lang en`
// English. TestChineseThroughout fails on English prose in a Chinese run.

// helpLang is the language of this invocation's help and of the messages
// printed before a command has read its flags: "zh" unless --lang en.
var helpLang = "zh"

// langFromArgs finds --lang in the arguments before they are parsed:
// "en" for --lang en or --lang=en, else "zh".
func langFromArgs(args []string) string {
	for i, a := range args {
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) && args[i+1] == "en" {
				return "en"
			}
		case a == "--lang=en" || a == "-lang=en":
			return "en"
		}
	}
	return "zh"
}

// h is a text in helpLang.
func h(zh, en string) string { return msg.T(zh, en).In(helpLang) }

// commandText is the usage line and description of one command.
type commandText struct{ usage, description msg.Text }

// commandTexts are the commands' texts by their path.
var commandTexts = map[string]commandText{
	"": {msg.T("计算苏州市知识产权资助（苏府办〔2021〕136号、苏府〔2021〕81号）并写出发放明细",
		"compute Suzhou IP subsidies (苏府办〔2021〕136号, 苏府〔2021〕81号) and write disbursement ledgers"),
		msg.T("读取月度名册（CSV，UTF-8 或 GB18030；或 XLSX），按政策文件计算，写出明细、拒绝清单和核对摘要。示例：\n\n"+
			"   subsidy run --period 2022-06 --in fixtures/example-2022-06 --out ledger-2022-06.csv\n\n"+
			"各命令的说明：subsidy 命令 --help；英文：加 --lang en。",
			"Reads monthly rosters (CSV in UTF-8 or GB18030, or XLSX), applies the policy file, and writes a ledger,\n"+
				"the rejected rows and a reconciled summary. Example:\n\n"+
				"   subsidy run --period 2022-06 --in fixtures/example-2022-06 --out ledger-2022-06.csv\n\n"+
				"Help of a command: subsidy COMMAND --help; in Chinese: without --lang en.")},
	"run": {msg.T("计算一个批次，写出明细、拒绝清单和摘要", "compute one batch and write the ledger, rejections and summary"),
		msg.T("示例：\n   subsidy run --period 2022-06 --in fixtures/example-2022-06 --prior ledgers/ --out ledger-2022-06.xlsx\n\n"+
			"退出码：0 成功（含拒绝行，--strict 除外）；1 核对未通过；2 用法错误或输入无法读取；130 被中断。",
			"Example:\n   subsidy run --period 2022-06 --in fixtures/example-2022-06 --prior ledgers/ --out ledger-2022-06.xlsx\n\n"+
				"Exit codes: 0 success (rejections included unless --strict); 1 a control failed; 2 usage or unreadable input; 130 interrupted.")},
	"validate": {msg.T("只读取并检查输入：与 run 相同的拒绝行，不写明细", "read and check the inputs only: the same rejections as run, no ledger"),
		msg.T("示例：\n   subsidy validate --period 2022-06 --in fixtures/example-2022-06 --rejections -\n\n"+
			"退出码：0 输入可读（拒绝行已列出）；1 --strict 时有数据类拒绝；2 输入无法读取。",
			"Example:\n   subsidy validate --period 2022-06 --in fixtures/example-2022-06 --rejections -\n\n"+
				"Exit codes: 0 inputs readable (rejections printed); 1 with --strict when a data-class row is listed; 2 unreadable input.")},
	"explain": {msg.T("逐项说明一个受款主体或一条明细的计算过程", "print the full derivation of the lines for one recipient or line_id"),
		msg.T("与 run 完全相同地计算本批次（参数相同，不写任何文件），说明给定受款主体（统一社会信用代码或身份证号）的每条明细或给定的一条明细：\n"+
			"来源行、参数及其政策依据、带数字的公式、限额及上期已用，以及该主体其他行被拒绝的原因。示例：\n"+
			"   subsidy explain --period 2022-06 --in fixtures/example-2022-06 91320583MA1AAAAA0W",
			"Runs the batch exactly as run does (same flags, nothing written) and explains every line of the\n"+
				"recipient (USCC or ID number) or the one line_id given: source row, parameters with their policy\n"+
				"references, the formula with numbers, the cap and what prior ledgers had used; then why the\n"+
				"recipient's other rows were rejected. Example:\n"+
				"   subsidy explain --period 2022-06 --in fixtures/example-2022-06 91320583MA1AAAAA0W")},
	"verify": {msg.T("运行 DIR（默认 fixtures/）下每个样例并与其预期输出比对", "run every fixture case under DIR (default fixtures/) and compare with its expected outputs"),
		msg.T("每个样例文件夹有名册、可选的 policy.yaml 和 prior/ 文件夹、case.yaml（批次与手算金额）和 expected/（ledger.csv、rejections.csv）。示例：\n"+
			"   subsidy verify fixtures\n   subsidy verify --update fixtures/litigation-fx\n\n退出码：0 全部一致；3 有样例不一致；2 样例无法读取。",
			"Each case folder holds rosters, an optional policy.yaml and prior/ folder, case.yaml (period and the\n"+
				"hand-derived amounts) and expected/ (ledger.csv, rejections.csv). Example:\n   subsidy verify fixtures\n   subsidy verify --update fixtures/litigation-fx\n\n"+
				"Exit codes: 0 all cases match; 3 a case differs; 2 a case cannot be read.")},
	"policy": {msg.T("显示、导出或检查政策文件", "show, export or check a policy file"), msg.Text{}},
	"policy show": {msg.T("显示生效的政策（默认：内置政策），标出示例值", "print the effective policy (default: the embedded one), marking example values"),
		msg.T("示例：\n   subsidy policy show\n   subsidy policy show kunshan-2022.yaml", "Example:\n   subsidy policy show\n   subsidy policy show --lang en kunshan-2022.yaml")},
	"policy default": {msg.T("输出内置的默认政策文件（YAML），作为区县或新年度政策的起点", "print the embedded default policy file (YAML), the starting point of a district's or a new year's policy"),
		msg.T("示例：\n   subsidy policy default > kunshan-2022.yaml\n   （修改数值后）subsidy policy check kunshan-2022.yaml",
			"Example:\n   subsidy policy default > kunshan-2022.yaml\n   (edit the values, then) subsidy policy check kunshan-2022.yaml")},
	"policy schema": {msg.T("输出政策文件的 JSON Schema，放在导出的政策文件旁供编辑器补全", "print the policy file's JSON Schema, for editor completion beside an exported policy"),
		msg.T("示例：\n   subsidy policy default > kunshan-2022.yaml\n   subsidy policy schema > policy.schema.json   （导出文件的 $schema 行指向它）",
			"Example:\n   subsidy policy default > kunshan-2022.yaml\n   subsidy policy schema > policy.schema.json   (the $schema line of the exported file names it)")},
	"policy check": {msg.T("按 schemas/policy.schema.json 和原文上限检查政策文件", "validate a policy file against schemas/policy.schema.json and the seed ceilings"),
		msg.T("每个问题一行：文件:行: 路径: 说明。示例：\n   subsidy policy check kunshan-2022.yaml\n\n退出码：0 有效；2 有问题或无法读取。",
			"Prints one line per problem, file:line: path: message. Example:\n   subsidy policy check kunshan-2022.yaml\n\nExit codes: 0 valid; 2 problems found or unreadable.")},
	"diff": {msg.T("按明细编号比较两份明细：新增、删除、金额变化及合计", "compare two ledgers by line_id: added, removed, changed amounts, totals"),
		msg.T("A、B 为明细（.csv 或 .jsonl，可混用；文件夹代表其中的明细）。仅 B 有的明细为新增，仅 A 有的为删除，应付金额、计算金额或状态不同的为变更；\n"+
			"然后是按项目和按出资方的应付合计。示例：\n   subsidy diff ledger-2022-06.csv rerun/ledger-2022-06.jsonl\n   subsidy diff --format csv old.csv new.csv > changes.csv\n\n"+
			"退出码：0 应付、计算金额和状态完全一致；3 有差异；2 用法错误或明细无法读取。",
			"A and B are ledgers (.csv or .jsonl, in any mix; a folder stands for the ledgers in it).\n"+
				"A line is added when only B has it, removed when only A has it, changed when its payable,\n"+
				"computed amount or status differ. Then the payable totals per program and per funder. Example:\n"+
				"   subsidy diff ledger-2022-06.csv rerun/ledger-2022-06.jsonl\n"+
				"   subsidy diff --format csv --lang en old.csv new.csv > changes.csv\n\n"+
				"Exit codes: 0 identical in payable, computed and status; 3 they differ; 2 usage or unreadable ledger.")},
	"eligibility": {msg.T("判断名册中每家企业的项目申报条件", "evaluate program eligibility for every enterprise in a roster"),
		msg.T("示例：\n   subsidy eligibility dengfeng --enterprises enterprises.csv --as-of 2022-06-30\n\n退出码：0 已判断（坏行在标准错误中列出并跳过）；2 用法错误或输入无法读取。",
			"Example:\n   subsidy eligibility dengfeng --enterprises enterprises.csv --as-of 2022-06-30\n\n"+
				"Exit codes: 0 evaluated (bad rows are reported on stderr and skipped); 2 usage or unreadable input.")},
	"eligibility dengfeng": {msg.T("判断名册中每家企业的登峰申报条件（81 三）", "evaluate 登峰 eligibility (81 三) for every enterprise in a roster"),
		msg.T("每家企业的结论：符合、待复核（可放宽）、不符合或资料不全（条件所需的数量为空），所用路径（一般条件或人才创业企业），\n"+
			"每项条件的满足与否及数字，以及优先情形。示例：\n   subsidy eligibility dengfeng --in fixtures/example-2022-06 --as-of 2022-06-30 --out dengfeng.csv\n\n"+
			"退出码：0 已判断（坏行在标准错误中列出并跳过）；2 用法错误或输入无法读取。",
			"For each enterprise: eligible, review (a relaxation ground applies), not_eligible, or incomplete\n"+
				"(a count the conditions read is blank), the route judged (general or talent), every condition met\n"+
				"and failed with its numbers, and the priority marks. Example:\n"+
				"   subsidy eligibility dengfeng --in fixtures/example-2022-06 --as-of 2022-06-30 --out dengfeng.csv\n\n"+
				"Exit codes: 0 evaluated (bad rows are reported on stderr and skipped); 2 usage or unreadable input.")},
	"verify-run": {msg.T("复核一次运行的清单所列输入、政策、上期明细和输出是否未被改动", "re-check that the inputs, policy, prior ledgers and outputs named in a run's manifest are unchanged"),
		msg.T("示例：\n   subsidy verify-run ledger-2022-06.csv.manifest.json\n\n"+
			"重新计算清单所列每个文件的 SHA-256 并比对；读回明细各行并比对其规范摘要；内置政策与本程序的比对。\n每个文件一行：一致、已变更或缺失。\n\n"+
			"退出码：0 全部一致；3 有文件被改动或缺失（列出）；2 运行清单无法读取。",
			"Example:\n   subsidy verify-run ledger-2022-06.csv.manifest.json\n\n"+
				"Every file the manifest names is hashed again (SHA-256) and compared; the ledger's lines are read\n"+
				"back and their canonical hash compared too. The embedded policy is compared with this binary's.\n"+
				"One line per file on stdout: ok, changed or missing.\n\n"+
				"Exit codes: 0 every file matches; 3 a file changed or is missing (named); 2 the manifest is unreadable.")},
	"notice": {msg.T("写出公示名单：拟支付的受款单位或个人（个人姓名打码）、所属地区、金额和政策依据", "write the public notice: the recipients to be paid (persons' names masked), district, amount and clause"),
		msg.T("LEDGER 为一份或多份明细（.xlsx、.csv 或 .jsonl，文件夹代表其中的明细；同一明细的副本只计一次）。只列出状态为已付或限额扣减且金额大于零的明细；\n"+
			"不列身份证号、统一社会信用代码、限额键和说明。工作簿每个项目一个工作表（A4 纵向，可直接打印）；CSV 为一张表。示例：\n"+
			"   subsidy notice ledger-2022-06.xlsx\n   subsidy notice --out notice-2022-06.csv ledgers/\n\n退出码：0 已写出；2 用法错误或明细无法读取。",
			"LEDGER is one or more ledgers (.xlsx, .csv or .jsonl; a folder stands for its ledgers; copies of one ledger count once). Only lines paid or\n"+
				"capped with an amount above zero are listed; no ID number, credit code, cap key or note is shown. A workbook has one sheet per program\n"+
				"(A4 portrait, ready to print); a CSV one table. Example:\n   subsidy notice ledger-2022-06.xlsx\n   subsidy notice --out notice-2022-06.csv ledgers/\n\n"+
				"Exit codes: 0 written; 2 usage or unreadable ledger.")},
	"payout": {msg.T("写出各出资方的拨付审批表：按项目分组小计、合计金额及人民币大写、签字栏", "write each funder's payment approval sheet: lines by program with subtotals, the total in figures and in capital numerals, signature rows"),
		msg.T("LEDGER 同 notice。每个出资方（市级、各市区）一个工作表（A4 纵向，可直接打印），只含拟支付的明细。示例：\n"+
			"   subsidy payout ledger-2022-06.xlsx\n\n退出码：0 已写出；2 用法错误或明细无法读取。",
			"LEDGER as for notice. One sheet per funder (the city, each district; A4 portrait, ready to print), with the lines to pay only. Example:\n"+
				"   subsidy payout ledger-2022-06.xlsx\n\nExit codes: 0 written; 2 usage or unreadable ledger.")},
	"report": {msg.T("写出专项资金的年度报告：按月按项目、按出资方和地区的支付，最大受款主体，拒绝原因，附图表", "write the fund's year report: paid by month and program, by funder and district, the largest recipients, the rejections by reason, with charts"),
		msg.T("读取 --prior 文件夹中批次月份在 --year 年度内的明细（同一明细的副本只计一次）及各次运行清单所列的拒绝清单，写出带原生图表的工作簿（A4 横向）。示例：\n"+
			"   subsidy report --prior ledgers/ --year 2022\n\n退出码：0 已写出；2 用法错误或明细无法读取。",
			"Reads the ledgers of the --prior folder whose batch month is in --year (copies of one ledger count once) and the rejections files\n"+
				"its run manifests list, and writes a workbook with native charts (A4 landscape). Example:\n"+
				"   subsidy report --prior ledgers/ --year 2022\n\nExit codes: 0 written; 2 usage or unreadable ledger.")},
	"template": {msg.T("写出空白名册模板：带批注、下拉列表和格式的 XLSX，或 CSV", "write a blank roster template: XLSX with notes, dropdowns and formats, or CSV"),
		msg.F("KIND 为：%[1]s。\n格式由 --out 决定：.xlsx（默认 KIND.xlsx）为中文列名、批注中写英文列名和填写说明，每个枚举列有下拉列表，标识列为文本格式，日期列为日期格式；\n"+
			".csv（UTF-8 带 BOM）的表头写作 中文(english)；- 把 CSV 写到标准输出。选项写在 KIND 之前。示例：\n   subsidy template grants\n   subsidy template --out 2022-06/grants.csv 授权清单\n\n"+
			"退出码：0 已写出；2 用法错误（未知的 KIND、文件已存在且未加 --force）。",
			"KIND is one of: %[1]s.\n"+
				"The format follows --out: .xlsx (default KIND.xlsx) has the Chinese column names with the English\n"+
				"name and what goes there in a note, dropdowns for every enumeration, text format for identifiers\n"+
				"and date format for dates; .csv (UTF-8 with BOM) has headers written 中文(english); - writes CSV\n"+
				"to stdout. Options go before KIND. Examples:\n   subsidy template grants\n   subsidy template --out 2022-06/grants.csv 授权清单\n\n"+
				"Exit codes: 0 written; 2 usage (unknown KIND, an existing file without --force).", templateKinds())},
}

// templateKinds lists the roster kinds with their Chinese names.
func templateKinds() string {
	var kinds []string
	for _, k := range roster.Kinds {
		kinds = append(kinds, fmt.Sprintf("%s (%s)", k, roster.Lookup(k).Zh))
	}
	return strings.Join(kinds, ", ")
}

// flagTexts are the flags' help by "command/flag", or by flag alone for
// every command that has it. A word in backquotes names the value.
var flagTexts = map[string]msg.Text{
	"period": msg.T("批次月份 `YYYY-MM`（必填）；事件日期晚于该月最后一天的行列为 future_dated，例如 --period 2022-06",
		"batch month `YYYY-MM` (required); rows dated after its last day are rejected future_dated, e.g. --period 2022-06"),
	"in": msg.T("存放名册的文件夹 `DIR`：文件按名称（enterprises、grants…或 企业名册、授权清单…，也可带月份等，如 授权清单(2023年1月).csv）或表头识别，.csv 或 .xlsx，例如 --in fixtures/example-2022-06",
		"folder `DIR` of rosters, known by name (enterprises, grants, … or 企业名册, 授权清单, …, also within a longer name such as 授权清单(2023年1月).csv) or by header, .csv or .xlsx, e.g. --in fixtures/example-2022-06"),
	"skip": msg.T("有意不读 --in 中的文件 `FILE`（可重复；运行清单会记录），例如 --skip 许可交易-副本.csv",
		"leave the file `FILE` of --in out on purpose (repeatable; the manifest records it), e.g. --skip 许可交易-副本.csv"),
	"prior": msg.T("已发放的明细 `PATH`（文件或文件夹，可重复）：其中的事项不再支付，并计入各项限额，例如 --prior ledgers/",
		"ledger `PATH` (file or folder) already disbursed; repeatable; its lines are not paid again and count toward caps, e.g. --prior ledgers/"),
	"policy": msg.T("用政策文件 `FILE`（YAML）代替内置默认政策，例如 --policy kunshan-2022.yaml",
		"policy `FILE` (YAML) instead of the embedded default, e.g. --policy kunshan-2022.yaml"),
	"allow-policy-change": msg.T("接受按其他政策编号编制的上期明细", "accept prior ledgers written under another policy id"),
	"accept-possible-duplicates": msg.T("支付编号不同、但受款主体、项目、日期和金额与上期明细相同的行（否则列为 possible_duplicate），并标记 review:possible_duplicate",
		"pay rows that equal a prior line in recipient, program, date and amount under another number (listed possible_duplicate without it), flagged review:possible_duplicate"),
	"lang": msg.T("提示、帮助、摘要和说明的语言 `zh|en`，例如 --lang en", "language `zh|en` of messages, help, summary and notes, e.g. --lang en"),
	"sheet": msg.T("XLSX 名册的工作表 `NAME`（默认第一个可见工作表），或 KIND=NAME 指定某个名册；可重复，例如 --sheet 2022年6月 或 --sheet grants=Sheet2",
		"worksheet `NAME` of XLSX rosters (default: the first visible sheet), or KIND=NAME for one roster; repeatable, e.g. --sheet 2022年6月 or --sheet grants=Sheet2"),
	"quiet":                            msg.T("标准错误上不显示进度和摘要", "no progress and no summary on stderr"),
	"run/out":                          msg.T("明细 `PATH`（.xlsx 工作簿、.csv 或 .jsonl；- 为输出 CSV 到标准输出）；默认 ledger-YYYY-MM.xlsx，例如 --out ledger-2022-06.csv", "ledger `PATH` (.xlsx workbook, .csv or .jsonl, or - for CSV on stdout); default ledger-YYYY-MM.xlsx, e.g. --out ledger-2022-06.csv"),
	"run/format":                       msg.T("--out 的扩展名不能说明格式时的明细格式 `xlsx|csv|jsonl`，例如 --format jsonl", "ledger format `xlsx|csv|jsonl` when --out has no telling extension, e.g. --format jsonl"),
	"run/rejections":                   msg.T("拒绝清单 CSV `PATH`；默认在明细旁的 rejections-YYYY-MM.csv，例如 --rejections rej.csv", "rejections CSV `PATH`; default rejections-YYYY-MM.csv beside the ledger, e.g. --rejections rej.csv"),
	"run/strict":                       msg.T("有任何数据类拒绝行即失败（退出码 1，不写明细）；没有运行清单的上期明细不予使用", "fail (exit 1, no ledger) when any row is listed with a data-class code; refuse a prior ledger without its run manifest"),
	"run/force":                        msg.T("允许覆盖已存在的输出文件", "overwrite existing output files"),
	"validate/rejections":              msg.T("把拒绝清单 CSV 写到 `PATH`（- 为标准输出）；默认不写，只显示摘要", "write the rejections CSV to `PATH` (- for stdout); default: none, the summary only"),
	"validate/strict":                  msg.T("有任何数据类拒绝行时退出码为 1", "exit 1 when any row is listed with a data-class code"),
	"validate/force":                   msg.T("允许覆盖已存在的拒绝清单", "overwrite an existing rejections file"),
	"verify/update":                    msg.T("按当前输出改写 expected/（仍核对 case.yaml 中的手算金额）", "rewrite expected/ from the current outputs (the hand-derived amounts in case.yaml are still checked)"),
	"verify/lang":                      msg.T("预期输出中提示和说明的语言，例如 --lang zh", "language of the expected outputs' messages and notes, e.g. --lang zh"),
	"diff/format":                      msg.T("输出 `text|csv`：可读文本，或每条差异一行 CSV（change,line_id,program,funder,recipient_id,payable_a,payable_b,delta），例如 --format csv", "output `text|csv`: readable text, or one CSV row per differing line (change,line_id,program,funder,recipient_id,payable_a,payable_b,delta), e.g. --format csv"),
	"eligibility dengfeng/enterprises": msg.T("企业名册 `FILE`（.csv，或 - 读标准输入），优先于 --in，例如 --enterprises enterprises.csv", "the enterprise roster (企业名册) `FILE` (.csv, or - for stdin); overrides --in, e.g. --enterprises enterprises.csv"),
	"eligibility dengfeng/in":          msg.T("存放 enterprises.csv 或 企业名册.csv 的文件夹 `DIR`，例如 --in fixtures/example-2022-06", "folder `DIR` holding enterprises.csv or 企业名册.csv, e.g. --in fixtures/example-2022-06"),
	"eligibility dengfeng/sheet":       msg.T("XLSX 企业名册的工作表 `NAME`（默认第一个可见工作表），或 enterprises=NAME，例如 --sheet 2022年6月", "worksheet `NAME` of an XLSX enterprise roster (default: the first visible sheet), or enterprises=NAME, e.g. --sheet 2022年6月"),
	"eligibility dengfeng/as-of":       msg.T("判断日 `YYYY-MM-DD`（立项决定日）；默认今天，例如 --as-of 2022-06-30", "judge as of `YYYY-MM-DD` (the approval's decision date); default today, e.g. --as-of 2022-06-30"),
	"eligibility dengfeng/out":         msg.T("另把结果写成 CSV 到 `PATH`（带 BOM），例如 --out dengfeng-2022.csv", "also write the results as CSV to `PATH` (with BOM), e.g. --out dengfeng-2022.csv"),
	"eligibility dengfeng/force":       msg.T("允许覆盖已存在的 --out 文件", "overwrite an existing --out file, e.g. --out dengfeng.csv --force"),
	"notice/out":                       msg.T("公示名单 `PATH`（.xlsx 或 .csv）；默认 notice-YYYY-MM.xlsx", "notice `PATH` (.xlsx or .csv); default notice-YYYY-MM.xlsx"),
	"payout/out":                       msg.T("拨付审批表 `PATH`（.xlsx）；默认 payout-YYYY-MM.xlsx", "payout sheets `PATH` (.xlsx); default payout-YYYY-MM.xlsx"),
	"report/out":                       msg.T("年度报告 `PATH`（.xlsx）；默认 report-YYYY.xlsx", "year report `PATH` (.xlsx); default report-YYYY.xlsx"),
	"report/prior":                     msg.T("明细文件夹 `DIR`（各月的明细、运行清单和拒绝清单）", "the ledger folder `DIR` (each month's ledger, run manifest and rejections)"),
	"report/year":                      msg.T("年度 `YYYY`", "the year `YYYY`"),
	"template/out":                     msg.T("模板 `PATH`（.xlsx 或 .csv，- 为输出 CSV 到标准输出）；默认 KIND.xlsx，例如 --out grants.csv", "template `PATH` (.xlsx or .csv, or - for CSV on stdout); default KIND.xlsx, e.g. --out grants.csv"),
	"template/policy":                  msg.T("用政策文件 `FILE` 中的项目和区县填充下拉列表，代替内置默认政策", "policy `FILE` whose programs and districts fill the dropdowns instead of the embedded default"),
	"template/force":                   msg.T("允许覆盖已存在的文件", "overwrite an existing file"),
}

// rosterFlagText is the help of a roster's own flag (--grants FILE, …).
func rosterFlagText(k roster.Kind) string {
	s := roster.Lookup(k)
	return msg.F("名册 %[1]s（%[2]s）文件 `FILE`（.csv 或 .xlsx，- 为从标准输入读 CSV），优先于 --in，例如 --%[1]s %[1]s.csv",
		"the %[1]s roster (%[2]s) `FILE` (.csv or .xlsx, or - for CSV on stdin); overrides --in, e.g. --%[1]s %[1]s.csv", string(k), s.Zh).In(helpLang)
}

// cmdUsage is the one-line usage of the command at path, in helpLang.
func cmdUsage(path string) string { return commandTexts[path].usage.In(helpLang) }

// cmdDescription is the description of the command at path, in helpLang.
func cmdDescription(path string) string { return commandTexts[path].description.In(helpLang) }

// flagText is the help of flag name of the command at path, in helpLang.
func flagText(path, name string) string {
	if t, ok := flagTexts[path+"/"+name]; ok {
		return t.In(helpLang)
	}
	return flagTexts[name].In(helpLang)
}

// useHelpLanguage sets urfave/cli's help layout and help flag in helpLang.
func useHelpLanguage() {
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: h("显示帮助", "show help")}
	cli.FlagStringer = flagString
	if helpLang == "en" {
		cli.AppHelpTemplate, cli.CommandHelpTemplate, cli.SubcommandHelpTemplate = enAppHelp, enCommandHelp, enSubcommandHelp
		return
	}
	cli.AppHelpTemplate, cli.CommandHelpTemplate, cli.SubcommandHelpTemplate = zhAppHelp, zhCommandHelp, zhSubcommandHelp
}

// The English layouts are urfave/cli's own.
var enAppHelp, enCommandHelp, enSubcommandHelp = cli.AppHelpTemplate, cli.CommandHelpTemplate, cli.SubcommandHelpTemplate

const zhUsage = `{{if .UsageText}}{{wrap .UsageText 3}}{{else}}{{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}`

var zhAppHelp = `名称：
   {{.Name}}{{if .Usage}} - {{.Usage}}{{end}}

用法：
   {{.HelpName}} 命令 [选项]{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleCommands}}

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}{{end}}{{if .VisibleFlags}}

全局选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`

var zhCommandHelp = `名称：
   {{.HelpName}}{{if .Usage}} - {{.Usage}}{{end}}

用法：
   ` + zhUsage + `{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`

var zhSubcommandHelp = `名称：
   {{.HelpName}}{{if .Usage}} - {{.Usage}}{{end}}

用法：
   {{.HelpName}} 命令 [选项]{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleCommands}}

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`

// flagString renders a flag in the help: its names, the value it takes
// (the word in backquotes of its help), its help and its default in
// helpLang.
func flagString(f cli.Flag) string {
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return ""
	}
	usage := df.GetUsage()
	placeholder := ""
	if i := strings.IndexByte(usage, '`'); i >= 0 {
		if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
			placeholder = usage[i+1 : i+1+j]
			usage = usage[:i] + placeholder + usage[i+2+j:]
		}
	}
	if df.TakesValue() && placeholder == "" {
		placeholder = "VALUE"
	}
	var names []string
	for _, n := range df.Names() {
		prefix := "--"
		if len(n) == 1 {
			prefix = "-"
		}
		s := prefix + n
		if placeholder != "" {
			s += " " + placeholder
		}
		names = append(names, s)
	}
	if _, isBool := f.(*cli.BoolFlag); !isBool {
		if d := strings.Trim(df.GetDefaultText(), `"`); d != "" {
			usage += h("（默认 "+d+"）", " (default: "+d+")")
		}
	}
	return strings.Join(names, ", ") + "\t" + usage
}
