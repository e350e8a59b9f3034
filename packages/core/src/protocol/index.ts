export * from './owner-child';
