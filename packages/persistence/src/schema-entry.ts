/**
 * `@lifeline/persistence/schema`: the zod schemas, the authority on what a valid record is.
 * A separate entry because importing it loads zod (40–70 ms); the main entry does not.
 */
export {
  isoDateSchema,
  MAX_PID,
  ownerInfoSchema,
  ownerRecordSchema,
  pidFileContentSchema,
  pidSchema,
  processRecordSchema,
} from './validate/schema';
