/**
 * ink decides once, when it is first loaded, whether it runs "in CI" (CI or
 * CONTINUOUS_INTEGRATION set): then it draws nothing until it exits. A launcher whose stdin and
 * stdout are a real terminal is interactive wherever it runs (a CI job driving it through a
 * pseudo-terminal, a developer who exports CI=1), so for that one load the variables are
 * neutralised, and restored right after so children still see the caller's environment.
 * Returns the function that restores them.
 */
export function neutraliseCiForTerminal(): () => void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return () => {};
  const saved = new Map<string, string | undefined>();
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (!(key in process.env)) continue;
    saved.set(key, process.env[key]);
    process.env[key] = '0';
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
