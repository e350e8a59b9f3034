/** The environment of a managed child: ours, the caller's overrides, then the owner tag (which nobody can override). */
export function childEnv(overrides: NodeJS.ProcessEnv | undefined, ownerId: string, watchParent: boolean) {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...overrides }))
    if (value !== undefined) env[key] = value;
  env.LIFELINE_OWNER = ownerId;
  // Never pass on a parent-fd marker we inherited ourselves: fd 3 means something else in the child.
  if (watchParent) env.LIFELINE_PARENT_FD = '3';
  else delete env.LIFELINE_PARENT_FD;
  return env;
}
