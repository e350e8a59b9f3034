/** The environment variable every process Lifeline spawns carries (`LIFELINE_OWNER=<owner id>`). */
export const OWNER_ENV = 'LIFELINE_OWNER';
