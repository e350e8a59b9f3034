/**
 * `@lifeline/persistence/schema`: the schemas that are the authority on what a valid record is
 * (zod, bundled into this package: no zod install is needed and none is used). A separate entry
 * because importing it loads the schema library (one file, ~180 KB); the main entry does not.
 */
import type { OwnerInfo, OwnerRecord, PidFileContent, ProcessRecord, RecordOutput } from './types';
import * as schemas from './validate/schema';

export { MAX_PID } from './validate/fast';

/** What a schema says about a value: the valid value (a fresh object), or the issues found. */
export type SchemaResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };

/** The part of a schema this package promises: a verdict, or the value (throws when invalid). */
export interface Schema<T> {
  safeParse(value: unknown): SchemaResult<T>;
  parse(value: unknown): T;
}

export const processRecordSchema: Schema<ProcessRecord> =
  schemas.processRecordSchema as unknown as Schema<ProcessRecord>;
export const ownerRecordSchema: Schema<OwnerRecord> = schemas.ownerRecordSchema as unknown as Schema<OwnerRecord>;
export const recordOutputSchema: Schema<RecordOutput> = schemas.recordOutputSchema as unknown as Schema<RecordOutput>;
export const ownerInfoSchema: Schema<OwnerInfo> = schemas.ownerInfoSchema as unknown as Schema<OwnerInfo>;
export const pidFileContentSchema: Schema<PidFileContent> =
  schemas.pidFileContentSchema as unknown as Schema<PidFileContent>;
export const pidSchema: Schema<number> = schemas.pidSchema;
export const isoDateSchema: Schema<string> = schemas.isoDateSchema;
