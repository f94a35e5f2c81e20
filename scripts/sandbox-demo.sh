#!/usr/bin/env bash
# Replays the incident that wsctl exists for, on the sandbox platform built
# into wsctl: a workspace whose agent session is stuck, a delete attempted
# without confirmation, the guarded delete, the restore and the audit trail.
#
# Usage: ./scripts/sandbox-demo.sh
#
# It builds wsctl from this checkout into a temporary folder and points
# WSCTL_SANDBOX_DIR at a fresh folder, so every run starts from the same seed
# and leaves nothing behind. Nothing leaves the machine: the sandbox runs
# in-process. The script exits non-zero when a step that should succeed fails
# or when the unconfirmed delete is not rejected.
set -euo pipefail

cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export WSCTL_SANDBOX_DIR="$tmp/sandbox"
# Without a terminal wsctl never prompts. WSCTL_NO_PROMPT makes that explicit,
# so the run is the same from an interactive shell, a pipe or CI.
export WSCTL_NO_PROMPT=1
unset WSCTL_PLATFORM WSCTL_PROFILE WSCTL_TOKEN

workspace="SEO Agent"

bold="" plain=""
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  bold=$'\033[1m' plain=$'\033[0m'
fi

heading() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

# quote prints its arguments as a shell would need them typed.
quote() {
  local arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=@-]+$ ]]; then
      printf ' %s' "$arg"
    else
      printf " '%s'" "${arg//\'/\'\\\'\'}"
    fi
  done
}

# wsctl echoes the command and runs the freshly built binary against the
# sandbox. Standard error is merged into standard output so the hints and
# errors appear in order.
wsctl() {
  printf '$ wsctl%s\n' "$(quote --platform sandbox "$@")"
  "$tmp/wsctl" --platform sandbox "$@" 2>&1
}

heading "Build wsctl"
# go build prints nothing while it compiles, which takes about a minute on a
# cold build cache, so print a notice before the wait.
echo "building wsctl (the first build can take a minute)…"
echo "$ go build -o $tmp/wsctl ."
go build -o "$tmp/wsctl" .

heading "List workspaces: one agent session looks stuck"
wsctl ws list

heading "Inspect it: the warning names the command that clears the session"
wsctl ws get "$workspace"

heading "Dry run: what a delete would affect, nothing is sent"
wsctl ws delete "$workspace" --dry-run

heading "Delete without confirmation: rejected before any request"
status=0
wsctl ws delete "$workspace" || status=$?
echo "exit code: $status (3 means the confirmation is missing and nothing changed)"
if [ "$status" -ne 3 ]; then
  echo "sandbox-demo: the unconfirmed delete exited with $status, want 3" >&2
  exit 1
fi

heading "Delete with the workspace name and a reason"
wsctl ws delete "$workspace" --confirm-name "$workspace" \
  --reason "Agent session stuck for days; replaying the incident in the demo"

heading "Get it again: removed, with the time left to restore it"
status=0
wsctl ws get "$workspace" || status=$?
echo "exit code: $status (6 means removed or purged)"
if [ "$status" -ne 6 ]; then
  echo "sandbox-demo: ws get after the delete exited with $status, want 6" >&2
  exit 1
fi

heading "Trash: removed workspaces, soonest purge first"
wsctl ws trash

heading "Restore it with its schedules and tokens"
wsctl ws restore "$workspace" --reason "Deleted in the demo; bringing it back"

heading "It is back"
wsctl ws get "$workspace"

heading "Audit log: the delete and the restore with their reasons (the rejected delete sent no request)"
wsctl audit list

heading "Done"
echo "The sandbox lived in $WSCTL_SANDBOX_DIR and is removed on exit."
