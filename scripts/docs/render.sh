#!/usr/bin/env bash
# Renders the pictures of the README's month end (docs/*.png) from the
# example month: the public notice, the city's payment approval sheet and
# the year report over three chained months, printed to PDF by LibreOffice
# and the first page of each turned into PNG by pdftoppm (poppler-utils).
# Run from the repository: bash scripts/docs/render.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/subsidy" ./cmd/subsidy
s="$work/subsidy"
mkdir -p "$work/ledgers"
for m in 04 05 06; do
	"$s" run --period 2022-$m --in fixtures/example-2022-06 --prior "$work/ledgers" --out "$work/ledgers/ledger-2022-$m.csv" --quiet
done
"$s" run --period 2022-06 --in fixtures/example-2022-06 --out "$work/june.csv" --quiet
"$s" notice --out "$work/notice.xlsx" "$work/june.csv"
"$s" payout --out "$work/payout.xlsx" "$work/june.csv"
"$s" report --prior "$work/ledgers" --year 2022 --out "$work/report.xlsx"
soffice --headless --convert-to pdf --outdir "$work" "$work/notice.xlsx" "$work/payout.xlsx" "$work/report.xlsx" >/dev/null
mkdir -p docs
pdftoppm -png -r 80 -f 10 -l 10 -singlefile "$work/notice.pdf" docs/notice
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/payout.pdf" docs/payout
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/report.pdf" docs/report
ls -l docs/*.png
