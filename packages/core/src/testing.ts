/**
 * `@lifeline/core/testing`: seams for tests, not part of the owner's API. The legacy match rule
 * (records without identity) and its tolerance, so tests can build records just inside or
 * outside it.
 */
export { LEGACY_START_TOLERANCE_MS, type LegacyVerdict, legacyMatch } from './sweep/legacy';

/**
 * A fresh owner tag prefix of a state directory (`<state-dir id>.<secret>.`), as an instance
 * there writes into its records and owner file: for tests and benches that write records by hand.
 */
export { newTagPrefix as ownerTagPrefix } from './sweep/owner-tag';
