export type {
  ExecaMethod,
  ExecaNodeMethod,
  ExecaScriptMethod,
  Message,
  Options,
  Result,
  ResultPromise,
  StdinOption,
  StdoutStderrOption,
  Subprocess,
  TemplateExpression,
  VerboseObject,
} from 'execa';
// What does not start a subprocess comes straight from execa, so existing code changes one import.
export {
  ExecaError,
  ExecaSyncError,
  getCancelSignal,
  getEachMessage,
  getOneMessage,
  parseCommandString,
  sendMessage,
} from 'execa';
export { createExeca, type TrackedExeca } from './create';
export { $, execa, execaCommand, execaNode } from './default';
