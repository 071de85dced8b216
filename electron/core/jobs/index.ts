export { type ItemState, type JobItem, type JobProgress, JobStore, REPRINT_PRIORITY } from './job-store.ts';
