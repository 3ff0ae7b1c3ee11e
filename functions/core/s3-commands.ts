/**
 * The S3 commands the platform sends, for core/lazy-clients.ts to import on first use: a module of
 * named exports, so the bundle keeps these commands and not every one of the SDK's (an `import()`
 * of the package itself keeps its whole namespace).
 */
export { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
