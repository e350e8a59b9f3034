/** Help text shared by `lifeline --help` and the README: examples, exit codes, environment. */

export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    an operation failed (a process could not be ended, a pid was refused,
       owners/ could not be read)
  2    usage error (unknown command or flag, bad value, unusable state dir)
  3    unhealthy state (status, doctor: stale PID file, corrupt registry,
       orphans)
  run  passes the command's exit code through (128+n when killed by signal
       n, 127 when it could not be started)`;

export const ENV_HELP = `
Environment:
  LIFELINE_HOME   state directory (same as --state-dir)
  LIFELINE_OWNER  owner id for processes started by \`lifeline run\`
  NO_COLOR        disable colour; FORCE_COLOR=1 forces it, FORCE_COLOR=0 off`;

export const MAIN_EXAMPLES = `
Examples:
  $ lifeline ps                    what is tracked, and is it still running?
  $ lifeline ps --tree --json      the same with descendants, as JSON
  $ lifeline kill 4242 --grace 500 end one tracked tree, force after 500 ms
  $ lifeline kill web              end the one running process named web
  $ lifeline logs web -f           follow what the script web prints
  $ lifeline cleanup --dry-run     what a crash left behind, and what to do
  $ lifeline status || lifeline doctor
  $ lifeline run --name build -- npm run build`;

export const COMMAND_EXAMPLES = {
  ps: `
Examples:
  $ lifeline ps                   (also: lifeline ls, lifeline list)
  $ lifeline ps --tree
  $ lifeline ps --wide            every column, full commands
  $ lifeline ps --json | jq '.[] | select(.state == "running") | .pid'

STATE says "orphan" for a running process whose owner is gone (cleanup ends
it). Narrow terminals drop whole columns instead of wrapping rows.`,
  kill: `
Examples:
  $ lifeline kill 4242                    SIGTERM its tree, SIGKILL after 3 s
  $ lifeline kill web                     by the NAME ps shows (must be unique)
  $ lifeline kill 4242 4243 --grace 500   force after 500 ms
  $ lifeline kill --all --signal INT      end every tracked tree with SIGINT
  $ lifeline kill 5151 --force-untracked  a pid Lifeline did not start

Only tracked processes whose identity (pid + start time) still matches are
ended. A name that matches no running process, or several, ends nothing. --force-untracked also accepts pids with no record, but pid 0 and 1,
lifeline itself and its ancestors are always refused.`,
  cleanup: `
Examples:
  $ lifeline cleanup --dry-run   print what would be done, signal nothing
  $ lifeline cleanup             end orphans whose owner is gone
  $ lifeline cleanup --json`,
  status: `
Examples:
  $ lifeline status
  $ lifeline status --json
  $ lifeline status || lifeline cleanup

Exits 3 when the state is unhealthy: stale PID file, corrupt registry, or
orphans present.`,
  run: `
Examples:
  $ lifeline run -- node server.js --port 3000
  $ lifeline run --name nightly -- ./backup.sh
  $ lifeline run --no-guardian -- sleep 60
  $ lifeline run --owner ci-job-1234 -- ./integration-tests.sh
  $ lifeline run --log --name web -- node server.js   then: lifeline logs web -f

The command runs in its own process group with stdin/stdout/stderr inherited
(--log: stdout and stderr go to a new file in the state dir's logs/runs that
its record names, so \`lifeline logs NAME|PID\` shows them).
SIGINT, SIGTERM and SIGHUP are forwarded to its group; if it has not exited
after --grace ms its whole tree is killed. Ctrl-C twice kills at once. The
exit code is the command's (128+n for signal n). With the guardian on (the
default) its tree is ended even if lifeline itself is killed with SIGKILL.
Like every Lifeline instance, run first ends orphans left by crashed ones.
--owner sets the LIFELINE_OWNER tag its processes carry (default: a fresh
id); when lifeline exits it ends every process carrying that tag, so never
reuse the id of another live instance.`,
  logs: `
Examples:
  $ lifeline logs                 the latest output of each script, "name | line"
  $ lifeline logs web -f          follow one script (a name or a pid)

A running child's output is found through its record (the file the launcher
or \`run --log\` captured it to); only a regular file inside the state dir's
logs directory is read (never a symlink or FIFO). Once a run has ended and
its record is gone, its file in logs/runs is found by its name, or (by name
or pid) through the lifecycle log's \`spawned\` line for it.
  $ lifeline logs --events --since 15m
  $ lifeline logs --events --json --since 2025-01-31T10:00 | jq .event`,
  doctor: `
Examples:
  $ lifeline doctor
  $ lifeline doctor --json

Exits 3 when a finding is an error (the same conditions as status, plus an
unusable state directory).`,
} as const;
