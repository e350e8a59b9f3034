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
  const [scriptIndex, setScriptIndex] = useState(0);
  const [runIndex, setRunIndex] = useState(0);
  const [outputOpen, setOutputOpen] = useState(false);
  const [messages, setMessages] = useState<string[]>(initialMessages);
  const [busy, setBusy] = useState<string | null>(null);
  const [quitting, setQuitting] = useState(false);

  const say = useCallback((line: string) => setMessages((list) => [...list.slice(-50), line]), []);
  const scripts = useMemo(() => filterScripts(catalog, query), [catalog, query]);
  const selectedScript = scripts[Math.min(scriptIndex, scripts.length - 1)];
  const selectedRun = runs[Math.min(runIndex, runs.length - 1)] ?? null;

  // Outcomes (exits, crashes, failed starts) go to the messages pane as they happen.
  useEffect(() => {
    const seen = new Map<number, string | null>();
    const onChange = () => {
      for (const run of tracker.list()) {
        if (run.message && seen.get(run.id) !== run.message && !run.message.startsWith('ending')) say(run.message);
        seen.set(run.id, run.message);
      }
    };
    tracker.on('change', onChange);
    return () => {
      tracker.off('change', onChange);
    };
  }, [tracker, say]);

  const quit = (why: string) => {
    if (quitting) return;
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
  useEffect(() => {
    void interrupted.then((signal) => quit(`${signal} received`));
  });

  useKeys({
    focus: () => focusRef.current,
    quitting,
    onQuit: () => quit('quitting'),
    onTab: () => setFocus(focusRef.current === 'scripts' ? 'processes' : 'scripts'),
    scripts: {
      type: (text) => {
        setQuery((q) => q + text);
        setScriptIndex(0);
      },
      erase: () => setQuery((q) => q.slice(0, -1)),
      clear: () => setQuery(''),
      move: (delta) => setScriptIndex((i) => clamp(i + delta, scripts.length)),
      run: () => {
        if (!selectedScript) return;
        const run = tracker.start(selectedScript);
        if (run.state !== 'failed') say(`started ${run.script} (pid ${run.pid ?? '?'}) · output in ${run.logFile}`);
        setRunIndex(0);
      },
    },
    processes: {
      move: (delta) => setRunIndex((i) => clamp(i + delta, runs.length)),
      back: () => setFocus('scripts'),
      toggleOutput: () => setOutputOpen((open) => !open),
      end: () => {
        if (!selectedRun) return;
        setBusy(`ending ${selectedRun.script} (pid ${selectedRun.pid}): SIGTERM, then SIGKILL if it ignores it…`);
        void tracker.end(selectedRun.id).finally(() => setBusy(null));
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
        selected={Math.max(0, Math.min(runIndex, runs.length - 1))}
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
