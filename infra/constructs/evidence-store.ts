import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { EVIDENCE_OBJECT_PREFIX, EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX } from '#core/db/keys.ts';
import type { PlatformFunction } from './platform-function.ts';

/** The variable through which functions learn the bucket's name (read by functions/core/config.ts). */
export const EVIDENCE_BUCKET_VARIABLE = 'EVIDENCE_BUCKET';

/**
 * Every evidence object's key starts with this (`evidence/<communityId>/<evidenceId>`, chosen by
 * the server); grants and the processor's notification are limited to it.
 */
export const EVIDENCE_OBJECTS_PREFIX = EVIDENCE_OBJECT_PREFIX;

/**
 * Aggregate exports (`exports/<uuid>/<file>.csv`, functions/analytics/export-service.ts): made on
 * request, read through a 5-minute link, of no use after it; a lifecycle rule deletes them.
 */
export const EXPORT_OBJECTS_PREFIX = EXPORT_OBJECT_PREFIX;

/** How long an export file is kept: long enough to follow its link, short enough to hold no archive of figures. */
export const EXPORT_RETENTION = Duration.days(1);

/**
 * Incident import uploads (`imports/<communityId>/<jobId>`, functions/incident/import-job*.ts):
 * a browser's CSV or XLSX, read by the import job. They hold the rows' personal text, and a job is
 * resumed within minutes, so a lifecycle rule deletes them after IMPORT_RETENTION.
 */
export const IMPORT_OBJECTS_PREFIX = IMPORT_OBJECT_PREFIX;
export const IMPORT_RETENTION = Duration.days(7);

/** Logical id CDK gives the stack-wide handler behind `Bucket.addEventNotification`. */
const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

export interface EvidenceStoreProps {
  /** Browser origins allowed to upload (presigned POST) and fetch evidence directly. */
  readonly partnerOrigins: readonly string[];
}

/**
 * The evidence bucket. Browsers upload straight to it with presigned POSTs and download with
 * short-lived presigned GETs; Lambda never carries the bytes. Private, TLS only, encrypted,
 * versioned, retained, with server access logs in a separate bucket.
 */
export class EvidenceStore extends Construct {
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: EvidenceStoreProps) {
    super(scope, id);
    this.accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogBucket.node.defaultChild as CfnBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the destination of the evidence bucket\'s server access logs; logging it as well would only log the log deliveries.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'evidence/',
      cors: [
        {
          allowedOrigins: [...props.partnerOrigins],
          allowedMethods: [HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        {
          // On this versioned bucket expiry adds a delete marker; the version itself goes a day later.
          id: 'expire-exports',
          prefix: EXPORT_OBJECTS_PREFIX,
          expiration: EXPORT_RETENTION,
          noncurrentVersionExpiration: EXPORT_RETENTION,
          // A review pack's job that died mid-way (its Lambda timed out) could not abort its multipart upload.
          abortIncompleteMultipartUploadAfter: EXPORT_RETENTION,
        },
        {
          id: 'expire-imports',
          prefix: IMPORT_OBJECTS_PREFIX,
          expiration: IMPORT_RETENTION,
          noncurrentVersionExpiration: IMPORT_RETENTION,
        },
        {
          // S3 refuses ExpiredObjectDeleteMarker in a rule with an expiration in days: a rule of its own
          // removes the markers the rule above leaves once their versions are gone.
          id: 'remove-expired-export-markers',
          prefix: EXPORT_OBJECTS_PREFIX,
          expiredObjectDeleteMarker: true,
        },
      ],
    });
  }

  /**
   * For a function that issues presigned POSTs (uploads) and presigned GETs (downloads): a
   * presigned request acts with the signer's permissions, so the signer needs PutObject and
   * GetObject on the evidence objects, and GetObjectVersion because a download is pinned to the
   * version the processor checked. No delete of any kind. Sets EVIDENCE_BUCKET in the same call.
   */
  connectUploader(fn: PlatformFunction): void {
    this.grantObjectActions(
      fn,
      EVIDENCE_OBJECTS_PREFIX,
      ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'],
      'signs presigned POSTs (one server-chosen key each) and presigned GETs pinned to a checked version, for evidence objects',
    );
  }

  /**
   * For a function that makes aggregate exports: it puts each CSV file under `exports/` and signs
   * a presigned GET of it (which acts with the signer's GetObject). Nothing else under that
   * prefix, and nothing of the evidence. Sets EVIDENCE_BUCKET in the same call.
   */
  connectExporter(fn: PlatformFunction): void {
    this.grantObjectActions(
      fn,
      EXPORT_OBJECTS_PREFIX,
      ['s3:PutObject', 's3:GetObject'],
      'puts each aggregate export (CSV) under a random key and signs a short GET of it',
    );
  }

  /**
   * For the evidence processor: runs `fn` on every ObjectCreated event under the evidence prefix,
   * lets it read the new object (HeadObject and GetObject, of the version the event names) to
   * check size, type and checksum, and lets it take a rejected object out of reach with
   * DeleteObject, which on this versioned bucket only adds a delete marker: it cannot destroy a
   * version (no DeleteObjectVersion). Sets EVIDENCE_BUCKET in the same call.
   */
  connectProcessor(fn: PlatformFunction): void {
    this.grantObjectActions(
      fn,
      EVIDENCE_OBJECTS_PREFIX,
      ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject'],
      'reads each newly created evidence object and puts a delete marker on a rejected one, whatever key the server chose for it',
    );
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn.function), { prefix: EVIDENCE_OBJECTS_PREFIX });
    const notificationsHandler = Stack.of(this).node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID);
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'aws-cdk-lib\'s own deploy-time handler that writes the bucket notification configuration; CDK attaches the basic execution policy to its role and offers no way to replace it.',
      });
    }
  }

  /**
   * For the review pack's job (functions/review-pack/job.ts): it reads evidence objects
   * (GetObject, GetObjectVersion: a pack is pinned to the checked versions) and writes one ZIP
   * under `exports/` through a multipart upload (CreateMultipartUpload, UploadPart and
   * CompleteMultipartUpload are all authorized as PutObject) which it aborts when a source fails
   * (AbortMultipartUpload). No delete, no listing, nothing else of the bucket. Sets EVIDENCE_BUCKET.
   */
  connectPackBuilder(fn: PlatformFunction): void {
    this.grantObjectActions(fn, EVIDENCE_OBJECTS_PREFIX, ['s3:GetObject', 's3:GetObjectVersion'], 'streams the checked version of every evidence object of a community into its review pack');
    this.grantObjectActions(fn, EXPORT_OBJECTS_PREFIX, ['s3:PutObject', 's3:AbortMultipartUpload'], 'writes each review pack (a ZIP) under a random key through a multipart upload, and aborts it when a source fails');
  }

  /**
   * For the function that requests imports (the GraphQL function): it signs presigned POSTs for
   * one server-chosen key each under `imports/`, which act with the signer's PutObject. Nothing
   * else there: it never reads an upload. Sets EVIDENCE_BUCKET in the same call.
   */
  connectImportUploader(fn: PlatformFunction): void {
    this.grantObjectActions(fn, IMPORT_OBJECTS_PREFIX, ['s3:PutObject'], 'signs presigned POSTs of incident import files (one server-chosen key each)');
  }

  /**
   * For the incident import job: runs `fn` on every ObjectCreated event under `imports/`, lets it
   * read the uploaded file (HeadObject and GetObject are both authorized as GetObject) and put the
   * rejected rows' workbook under `exports/`. No delete, no listing. Sets EVIDENCE_BUCKET.
   */
  connectImportJob(fn: PlatformFunction): void {
    this.grantObjectActions(fn, IMPORT_OBJECTS_PREFIX, ['s3:GetObject'], 'reads each uploaded incident import file, whatever key the server chose for it');
    this.grantObjectActions(fn, EXPORT_OBJECTS_PREFIX, ['s3:PutObject'], 'puts the rejected rows of each import (an XLSX) under a key named after the job');
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn.function), { prefix: IMPORT_OBJECTS_PREFIX });
  }

  private grantObjectActions(fn: PlatformFunction, prefix: string, actions: string[], purpose: string): void {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${prefix}*`)] }));
    fn.addEnvironment(EVIDENCE_BUCKET_VARIABLE, this.bucket.bucketName);
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
      reason: `The function ${purpose}; the keys are random per object, so the wildcard is limited to the ${prefix} prefix of the evidence bucket.`,
    });
  }
}
