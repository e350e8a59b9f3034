import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { filterScripts, type ScriptEntry } from '../catalog/discover';
import { messageOf } from '../errors';
import type { RunTracker } from '../runs';
import { BottomPane } from './BottomPane';
import { FilterBox } from './FilterBox';
import { Header, type HeaderProps } from './Header';
import { type Focus, KeyHelp } from './KeyHelp';
import { computeLayout } from './layout';
import { ProcessPanel } from './ProcessPanel';
import { ScriptList } from './ScriptList';
import { useTick } from './use-interval';
import { useKeys } from './use-keys';
import { useRuns } from './use-runs';
import { useTerminalSize } from './use-terminal-size';

export interface AppProps {
  tracker: RunTracker;
  catalog: ScriptEntry[];
  catalogProblem: string | null;
  header: Omit<HeaderProps, 'width'>;
  /** Startup sequence lines, shown first in the messages pane. */
  initialMessages: string[];
  /** Ends every child and releases the PID file; resolves with a summary line. */
  shutdown: () => Promise<string>;
  /** Resolves when a signal asks us to quit (SIGTERM, SIGHUP). */
  interrupted: Promise<string>;
}

export function App({ tracker, catalog, catalogProblem, header, initialMessages, shutdown, interrupted }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const runs = useRuns(tracker);
  useTick(1000);
  const [query, setQuery] = useState('');
  const [focus, setFocusState] = useState<Focus>('scripts');
  // Keys read the focus from the ref, which changes at once (state only at the next render).
  const focusRef = useRef<Focus>('scripts');
  const setFocus = (next: Focus) => {
    focusRef.current = next;
    setFocusState(next);
  };
  const [scriptIndex, setScriptIndexState] = useState(0);
  // Keys read the query and the script index from refs too: a pasted "tim⏎" types and runs in
  // one chunk, before React has rendered the filtered list.
  const queryRef = useRef('');
  const scriptIndexRef = useRef(0);
  const setScriptIndex = (update: (i: number) => number) => {
    scriptIndexRef.current = update(scriptIndexRef.current);
    setScriptIndexState(scriptIndexRef.current);
  };
  const setQueryNow = (update: (q: string) => string) => {
    queryRef.current = update(queryRef.current);
    setQuery(queryRef.current);
  };
  // The selected run by id, not by row: ending a run moves it down the list, and the
  // selection must stay on it (a second `e` forces that same process).
  const [selectedRunId, setSelectedRunId] = useState<number | null>(null);
  const [outputOpen, setOutputOpen] = useState(false);
  const [messages, setMessages] = useState<string[]>(initialMessages);
  const [busy, setBusy] = useState<string | null>(null);
  const [quitting, setQuitting] = useState(false);

  const say = useCallback((line: string) => setMessages((list) => [...list.slice(-50), line]), []);
  const scripts = useMemo(() => filterScripts(catalog, query), [catalog, query]);
  const runIndex = Math.max(
    0,
    runs.findIndex((r) => r.id === selectedRunId),
  );
  const selectedRun = runs[runIndex] ?? null;

  // Outcomes (exits, crashes, failed starts) go to the messages pane as they happen.
  useEffect(() => {
    const seen = new Map<number, string | null>();
    const onChange = () => {
      for (const run of tracker.list()) {
        if (run.message && seen.get(run.id) !== run.message) say(run.message);
        seen.set(run.id, run.message);
      }
    };
    tracker.on('change', onChange);
    return () => {
      tracker.off('change', onChange);
    };
  }, [tracker, say]);

  const quittingRef = useRef(false);
  const quit = (why: string) => {
    if (quittingRef.current) {
      // Asked again while the children are being ended: do not wait out their grace.
      say(`${why} again: SIGKILL to every process still running, at once`);
      setBusy('forcing: SIGKILL sent to every process still running…');
      void tracker.endAll({ force: true }).then(say);
      return;
    }
    quittingRef.current = true;
    setQuitting(true);
    const count = tracker.active().length;
    setBusy(`${why}: ending ${count} process${count === 1 ? '' : 'es'} and releasing the PID file…`);
    shutdown().then(
      (summary) => {
        say(summary);
        exit();
      },
      (error) => {
        say(`shutdown failed: ${messageOf(error)}`);
        exit(error as Error);
      },
    );
  };
  // Subscribed once: a signal means one quit (a second signal, or Ctrl-C, then forces).
  const quitRef = useRef(quit);
  quitRef.current = quit;
  useEffect(() => {
    void interrupted.then((signal) => quitRef.current(`${signal} received`));
  }, [interrupted]);

  useKeys({
    focus: () => focusRef.current,
    quitting,
    onQuit: () => quit('quitting'),
    onTab: () => setFocus(focusRef.current === 'scripts' ? 'processes' : 'scripts'),
    scripts: {
      type: (text) => {
        setQueryNow((q) => q + text);
        setScriptIndex(() => 0);
      },
      erase: () => setQueryNow((q) => q.slice(0, -1)),
      clear: () => setQueryNow(() => ''),
      move: (delta) => setScriptIndex((i) => clamp(i + delta, scripts.length)),
      run: () => {
        const list = filterScripts(catalog, queryRef.current);
        const script = list[Math.min(scriptIndexRef.current, list.length - 1)];
        if (!script) return;
        const run = tracker.start(script);
        if (run.state !== 'failed') say(`started ${run.script} (pid ${run.pid ?? '?'}) · output in ${run.logFile}`);
        setSelectedRunId(run.id);
      },
    },
    processes: {
      move: (delta) => setSelectedRunId(runs[clamp(runIndex + delta, runs.length)]?.id ?? null),
      back: () => setFocus('scripts'),
      toggleOutput: () => setOutputOpen((open) => !open),
      end: () => {
        if (!selectedRun) return;
        setSelectedRunId(selectedRun.id);
        // The tracker says what it sent (and, on a second `e`, that it forced) in the messages;
        // a run that has already ended is only said here.
        void tracker.end(selectedRun.id).then((line) => {
          if (line.endsWith('is not running')) say(line);
        });
      },
      endAll: () => {
        setBusy('ending every process…');
        void tracker
          .endAll()
          .then(say)
          .finally(() => setBusy(null));
      },
    },
  });

  const layout = computeLayout(columns, rows, outputOpen);
  if (layout.tooSmall) return <Text color="yellow">{layout.tooSmall}</Text>;
  const { width } = layout;
  return (
    <Box flexDirection="column" width={width}>
      <Header width={width} {...header} />
      <FilterBox width={width} query={query} focused={focus === 'scripts'} />
      <ScriptList
        width={width}
        rows={layout.scriptRows}
        scripts={scripts}
        total={catalog.length}
        selected={Math.max(0, Math.min(scriptIndex, scripts.length - 1))}
        focused={focus === 'scripts'}
        problem={catalogProblem}
      />
      <ProcessPanel
        width={width}
        rows={layout.processRows}
        runs={runs}
        selected={runIndex}
        focused={focus === 'processes'}
        now={Date.now()}
      />
      <BottomPane width={width} rows={layout.paneRows} messages={messages} output={outputOpen ? selectedRun : null} />
      <KeyHelp width={width} focus={focus} busy={busy} />
    </Box>
  );
}

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(index, count - 1));
}
