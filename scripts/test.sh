#!/usr/bin/env bash
# Runs every test: the .NET suites (unit and integration with real server processes) and the real-client suite
# (node-vault against a live coffer server). Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0

dotnet build Coffer.slnx -c Release --nologo -v quiet || exit 1

for project in tests/Coffer.*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    || status=1
done

export COFFER_BIN="dotnet $PWD/src/Coffer.Cli/bin/Release/net10.0/coffer.dll"
(cd tests/clients && npm test 2>&1) | tee "$results/node.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

passed=0
failed=0
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
node_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/node.txt")
node_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/node.txt")
passed=$((passed + ${node_pass:-0}))
failed=$((failed + ${node_fail:-0}))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo
echo "$passed passed, $failed failed"
exit $status
