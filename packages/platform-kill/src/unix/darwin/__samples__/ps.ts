/**
 * Canned output of `LC_ALL=C /bin/ps -A -ww -o pid=,ppid=,pgid=,stat=,lstart=,command=` in the
 * format documented by ps(1) on macOS (keywords pid, ppid, pgid, stat, lstart, command; a
 * trailing `=` suppresses the header; lstart is `%a %b %e %T %Y`, the day space-padded; command
 * is the last column and keeps its spaces). Pids are made up and far above any real pid here;
 * the sample is only ever served by a fake runner.
 *
 * The world it describes:
 *   1 launchd, 70100 logd
 *   70200 node server.js           — the tree root, leads group 70200
 *     70201 sh -c 'worker'          — in group 70200
 *       70202 "a) b (c" --flag      — a command with spaces and parentheses, group 70200
 *     70203 detached helper         — called setsid: its own group/session 70203
 *       70204 helper child          — in group 70203
 *     70205 <defunct>               — a zombie child of 70200
 *   70300 unrelated bystander
 *   70400 a grep whose ARGUMENTS (not environment) name our owner tag
 */
export const PS_TABLE = `    1     0     1 Ss   Mon Jan  1 08:00:00 2024     /sbin/launchd
70100     1 70100 S    Mon Jan  1 08:00:05 2024     /usr/libexec/logd
70200     1 70200 Ss   Mon Jan 15 10:30:00 2024     node server.js --port 3000
70201 70200 70200 S    Mon Jan 15 10:30:01 2024     sh -c worker
70202 70201 70200 R+   Mon Jan 15 10:30:02 2024     a) b (c --flag
70203 70200 70203 Ss   Mon Jan 15 10:30:03 2024     node helper.js --detached
70204 70203 70203 S    Mon Jan 15 10:30:04 2024     sleep 100000
70205 70200 70200 Z    Mon Jan 15 10:30:05 2024     <defunct>
70300     1 70300 S    Tue Feb  6 09:05:07 2024     /Applications/Bystander.app/Contents/MacOS/Bystander -psn_0_1
70400     1 70400 S    Tue Feb  6 09:06:00 2024     grep LIFELINE_OWNER=ll-0123abcd
`;

/** The owner id the processes of our tree carry in PS_USER_ENV. */
export const SAMPLE_OWNER = 'll-0123abcd';

/**
 * Canned output of `LC_ALL=C /bin/ps -E -ww -U <our uid> -o pid=,ppid=,pgid=,stat=,lstart=,command=`
 * in the format macOS documents: ps(1) `-E` "Display the environment as well. This does not reflect
 * changes in the environment after process launch"; `-U` selects by real user id (ours), which is
 * also the only user whose environment ps shows (unless run as root); the command column then holds
 * the arguments and, after them, each environment entry, all joined by single spaces. The zombie
 * shows no environment (it has no memory left to read). launchd and logd belong to another user and
 * are not listed. Rows: the same processes as PS_TABLE.
 */
export const PS_USER_ENV = `70200     1 70200 Ss   Mon Jan 15 10:30:00 2024     node server.js --port 3000 PATH=/usr/bin:/bin HOME=/Users/me LIFELINE_OWNER=ll-0123abcd
70201 70200 70200 S    Mon Jan 15 10:30:01 2024     sh -c worker LIFELINE_OWNER=ll-0123abcd PATH=/usr/bin:/bin
70202 70201 70200 R+   Mon Jan 15 10:30:02 2024     a) b (c --flag TERM=xterm-256color LIFELINE_OWNER=ll-0123abcd
70203 70200 70203 Ss   Mon Jan 15 10:30:03 2024     node helper.js --detached LIFELINE_OWNER=ll-0123abcd
70204 70203 70203 S    Mon Jan 15 10:30:04 2024     sleep 100000 LIFELINE_OWNER=ll-0123abcd SHLVL=1
70205 70200 70200 Z    Mon Jan 15 10:30:05 2024     <defunct>
70300     1 70300 S    Tue Feb  6 09:05:07 2024     /Applications/Bystander.app/Contents/MacOS/Bystander -psn_0_1 LIFELINE_OWNER=ll-0123abcdX LIFELINE_OWNER_X=ll-0123abcd NOTE=LIFELINE_OWNER=ll-0123abcd
70400     1 70400 S    Tue Feb  6 09:06:00 2024     grep LIFELINE_OWNER=ll-0123abcd PATH=/usr/bin:/bin
`;

/** `ps -o rss=,time= -p <pid>` (ps(1): rss in KiB, time as [[dd-]hh:]mm:ss.cc). */
export const PS_RSS_TIME = ' 24576   0:01.50\n';
export const PS_RSS_TIME_LONG = '1048576 2-03:04:05.00\n';
