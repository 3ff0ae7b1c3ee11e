/** The Lambda command the platform sends, for core/lazy-clients.ts to import on first use (as s3-commands.ts). */
export { InvokeCommand } from '@aws-sdk/client-lambda';
