#!/usr/bin/env bash
# The steps of action.yml (a composite GitHub Action), kept here so that they can be run and tested
# outside GitHub (test/package/github-action.test.ts). GitHub sets GITHUB_ACTION_PATH (this
# checkout), GITHUB_WORKSPACE (the user's repository), GITHUB_OUTPUT, GITHUB_PATH and RUNNER_TEMP;
# action.yml passes the inputs as INPUT_* variables (a composite action gets none by itself).
#   install: builds schemactl in the action's checkout (npm ci runs `prepare`, the build) and puts
#            a `schemactl` command on PATH for the job's later steps.
#   check:   runs `schemactl check` with the inputs from the repository root; with INPUT_SARIF_FILE
#            it also writes SARIF there. Exits with schemactl's exit code. A JavaScript config file
#            is refused (SCHEMACTL_JS_CONFIG=deny) unless INPUT_ALLOW_JS_CONFIG is true: loading
#            one runs its code, and the checkout may be a pull request from anyone.
set -uo pipefail

action=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of action.yml}
schemactl=("node" "$action/bin/run.js")

install() {
  if ! node -e 'const [a, b, c] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && (b > 18 || (b === 18 && c >= 1))) ? 0 : 1)' 2>/dev/null; then
    echo "::error title=schemactl::schemactl needs Node.js 20.18.1 or later (found $(node --version 2>/dev/null || echo none)): add actions/setup-node with node-version: 20 before this action"
    exit 1
  fi
  # A checkout that is already built (a self-hosted runner's cache, the tests) is used as it is.
  if [ -f "$action/dist/cli/run.js" ] && [ -d "$action/node_modules/@oclif/core" ]; then
    echo "schemactl is already built in $action"
  else
    (cd "$action" && npm ci --no-audit --no-fund --loglevel=error) || { echo "::error title=schemactl::npm ci failed in $action"; exit 1; }
  fi
  local bin="${RUNNER_TEMP:-$action}/schemactl-bin"
  mkdir -p "$bin" && ln -sf "$action/bin/run.js" "$bin/schemactl"
  [ -n "${GITHUB_PATH:-}" ] && echo "$bin" >> "$GITHUB_PATH"
  "${schemactl[@]}" --version
}

check() {
  cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}" || exit 1
  if [ "${INPUT_ALLOW_JS_CONFIG:-false}" = true ]; then export SCHEMACTL_JS_CONFIG=allow; else export SCHEMACTL_JS_CONFIG=deny; fi
  local args=(check "${INPUT_PATH:-.}" --fail-on "${INPUT_FAIL_ON:-error}")
  [ -n "${INPUT_AGAINST:-}" ] && args+=(--against "$INPUT_AGAINST")
  [ -n "${INPUT_LEVEL:-}" ] && args+=(--level "$INPUT_LEVEL")
  [ "${INPUT_LINT:-false}" = true ] && args+=(--lint)
  [ "${INPUT_CHANGED_ONLY:-false}" = true ] && args+=(--changed-only)

  local status=0
  "${schemactl[@]}" "${args[@]}" --format "${INPUT_FORMAT:-github}" || status=$?
  # SARIF of the same check for code scanning: written whatever the verdict (exit 1 or 5 still
  # print a complete report); a failure to produce it at all is the check's own error, shown above.
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
    local sarif_status=0
    "${schemactl[@]}" "${args[@]}" --format sarif > "$INPUT_SARIF_FILE" || sarif_status=$?
    if [ "$sarif_status" -le 1 ] || [ "$sarif_status" -eq 5 ]; then
      echo "SARIF written to $INPUT_SARIF_FILE"
      [ -n "${GITHUB_OUTPUT:-}" ] && echo "sarif-file=$INPUT_SARIF_FILE" >> "$GITHUB_OUTPUT"
    else
      rm -f "$INPUT_SARIF_FILE"
    fi
  fi
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "exit-code=$status" >> "$GITHUB_OUTPUT"
  exit "$status"
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
