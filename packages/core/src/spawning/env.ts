import { OWNER_ENV, PARENT_FD, PARENT_FD_ENV, TAG_ENV } from '../protocol/owner-child';

/**
 * The environment of a managed child: ours, the caller's overrides, then the owner tags
 * LIFELINE_OWNER and LIFELINE_TAG (which nobody can override). Built as an object whose prototype is process.env rather than a copy:
 * node's spawn reads inherited keys too (for…in) and skips undefined values, so an override of
 * `undefined` unsets a variable, and we avoid a second walk over process.env per spawn
 * (measured ~0.1 ms a child). Read at spawn time, so later changes to process.env still apply.
 */
export function childEnv(
  overrides: NodeJS.ProcessEnv | undefined,
  ownerId: string,
  watchParent: boolean,
  tag?: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.create(process.env);
  if (overrides) for (const key of Object.keys(overrides)) env[key] = overrides[key];
  env[OWNER_ENV] = ownerId;
  // The child's own trail (owner prefix + child key): never an inherited or overridden one.
  env[TAG_ENV] = tag;
  // Never pass on a parent-fd marker we inherited ourselves: fd 3 means something else in the child.
  env[PARENT_FD_ENV] = watchParent ? String(PARENT_FD) : undefined;
  return env;
}
