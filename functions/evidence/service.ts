import DataLoader from 'dataloader';
import { authorizeCertificationEvidence, authorizeRecord, canReadCommunity, canSeeIncidentDetails, requirePrincipal } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '#core/errors.ts';
import { type Connection, pageInMemory, pageRequest } from '#core/pagination.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import type { ProjectService } from '#project/service.ts';
import type { IncidentService } from '#incident/service.ts';
import type { ActivityService } from '#training/service.ts';
import type { CertificationService } from '#certification/service.ts';
import type { HazardService } from '#hazard/service.ts';
import type { InspectionService } from '#hazard/inspection-service.ts';
import type { HiddenDangerService } from '#hazard/danger-service.ts';
import type { ResidentReportService } from '#hazard/report-service.ts';
import {
  type AqtElement,
  AQT_ELEMENTS,
  DOWNLOAD_URL_SECONDS,
  type Evidence,
  evidenceKey,
  type EvidenceOwnerType,
  type EvidenceStatus,
  requestEvidenceUploadInputSchema,
  UPLOAD_WINDOW_SECONDS,
  withdrawEvidenceInputSchema,
} from './model.ts';
import { type EvidenceRepository, ownerKey, type OwnerRef } from './repository.ts';
import type { EvidenceSigner, UploadForm } from './storage.ts';
import { newId } from '#core/ids.ts';

export type EvidenceConnectionModel = Connection<Evidence>;

export interface EvidenceListArgs {
  readonly status?: EvidenceStatus | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface EvidenceUploadModel {
  readonly evidence: Evidence;
  readonly upload: { readonly url: string; readonly fields: UploadForm['fields'][number][]; readonly expiresAt: string };
}

export interface EvidenceArchiveModel {
  readonly elements: { readonly element: AqtElement; readonly count: number; readonly evidence: Evidence[] }[];
  readonly missingElements: AqtElement[];
  readonly unassigned: Evidence[];
  readonly total: number;
}

/** An owner as its resolver knows it: the record and the community it belongs to. */
export interface OwnerOfCommunity extends OwnerRef {
  readonly communityId: string;
}

/** The services that know each kind of owner; their reads batch with the rest of the request. */
export interface EvidenceOwners {
  readonly communities: CommunityService;
  readonly projects: ProjectService;
  readonly incidents: IncidentService;
  readonly activities: ActivityService;
  readonly certifications: CertificationService;
  readonly hazards: HazardService;
  readonly inspections: InspectionService;
  readonly hiddenDangers: HiddenDangerService;
  readonly residentReports: ResidentReportService;
}

const OWNER_LABELS: Readonly<Record<EvidenceOwnerType, string>> = {
  COMMUNITY: 'community',
  COMMITTEE: 'community',
  PROJECT: 'promotion project',
  INTERVENTION: 'intervention',
  INCIDENT: 'incident',
  ACTIVITY: 'activity',
  CERTIFICATION: 'certification',
  GRID_CELL: 'grid cell',
  HAZARD_SOURCE: 'hazard source',
  SUPERVISED_UNIT: 'supervised unit',
  INSPECTION: 'inspection',
  HIDDEN_DANGER: 'hidden danger',
  RESIDENT_REPORT: "resident's report",
};

/**
 * Evidence use cases for one request. Evidence follows its owner's visibility (the policy's
 * record:read and record:write on the owner's community), with one narrowing: a file attached to
 * an incident may describe the victim, so it is shown only to callers who see incident details
 * (not PROVINCIAL_ANALYST), as the incident's description is.
 */
export class EvidenceService {
  private readonly evidenceById: DataLoader<string, Evidence | undefined>;
  private readonly idsOfOwner: DataLoader<string, string[]>;

  constructor(
    private readonly repository: EvidenceRepository,
    private readonly signer: EvidenceSigner,
    private readonly principal: Principal | null,
    private readonly owners: EvidenceOwners,
    private readonly origin: WriteOrigin,
  ) {
    this.evidenceById = new DataLoader((ids) => repository.evidence.getMany(ids), { maxBatchSize: 100 });
    this.idsOfOwner = new DataLoader((keys) => repository.ofOwner.childIds(keys), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<Evidence> {
    const evidence = await this.evidenceById.load(id);
    const community = evidence && (await this.owners.communities.find(evidence.communityId));
    if (!evidence || !community) throw new NotFoundError('evidence', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'evidence', id });
    if (!this.shows(evidence, community)) throw new ForbiddenError(`${this.principal?.role} may not see the evidence of an incident`);
    return evidence;
  }

  /** An owner's evidence, newest first (the owner's resolver has authorized the owner). */
  async ofOwner(owner: OwnerOfCommunity & { readonly ownerType: Exclude<EvidenceOwnerType, 'INCIDENT'> }, args: EvidenceListArgs): Promise<EvidenceConnectionModel> {
    return this.list(owner, await this.readableCommunity(owner.communityId), args);
  }

  /** An incident's evidence; null for callers who do not see incident details (the files may describe the victim). */
  async ofIncident(incident: { readonly id: string; readonly communityId: string }, args: EvidenceListArgs): Promise<EvidenceConnectionModel | null> {
    const community = await this.readableCommunity(incident.communityId);
    if (!canSeeIncidentDetails(this.principal, community)) return null;
    return this.list({ ownerType: 'INCIDENT', ownerId: incident.id }, community, args);
  }

  private async readableCommunity(communityId: string): Promise<Community> {
    const community = await this.owners.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeRecord(this.principal, 'record:read', community);
    return community;
  }

  private async list(owner: OwnerRef, community: Community, args: EvidenceListArgs): Promise<EvidenceConnectionModel> {
    const page = pageRequest(args.first, args.after);
    const loaded = await this.evidenceById.loadMany(await this.idsOfOwner.load(ownerKey(owner)));
    const matching = loaded.filter(
      (evidence): evidence is Evidence =>
        evidence !== undefined && !(evidence instanceof Error) && evidence.communityId === community.id && (!args.status || evidence.status === args.status),
    );
    return pageInMemory(matching.map((node) => ({ position: newestFirst(node), node })), page);
  }

  /** The community's archive: its AVAILABLE evidence by AQ/T 9001 element (one Query per 100 items). */
  async archive(community: Community): Promise<EvidenceArchiveModel> {
    authorizeRecord(this.principal, 'record:read', community);
    const available = (await this.repository.archiveOf(community.id)).filter((evidence) => this.shows(evidence, community));
    for (const evidence of available) this.evidenceById.prime(evidence.id, evidence);
    const elements = AQT_ELEMENTS.map((element) => {
      const evidence = available.filter((item) => item.element === element);
      return { element, count: evidence.length, evidence };
    });
    return {
      elements,
      missingElements: elements.filter(({ count }) => count === 0).map(({ element }) => element),
      unassigned: available.filter((item) => item.element === undefined),
      total: available.length,
    };
  }

  /**
   * Registers the file and returns a presigned POST for it. Input first (an unallowed type or
   * size never gets a URL), then the owner, which the caller must be allowed to write.
   */
  async requestUpload(rawInput: unknown): Promise<EvidenceUploadModel> {
    const caller = requirePrincipal(this.principal);
    const input = parseInput(requestEvidenceUploadInputSchema, rawInput, { nullMeansAbsent: true });
    const owner = await this.writableOwner(input.ownerType, input.ownerId);
    const communityId = owner.id;
    const id = newId('evidence');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + UPLOAD_WINDOW_SECONDS * 1000).toISOString();
    const evidence: Evidence = {
      id,
      communityId,
      regionCode: owner.regionCode,
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      key: evidenceKey(communityId, id),
      fileName: input.fileName,
      contentType: input.contentType,
      size: input.size,
      sha256: input.sha256,
      ...(input.element ? { element: input.element } : {}),
      status: 'PENDING_UPLOAD',
      uploadedBy: caller.subject,
      uploadedAt: now.toISOString(),
      uploadExpiresAt: expiresAt,
      version: 1,
      updatedAt: now.toISOString(),
    };
    // The record exists before its URL does: an object can never arrive for a key nobody issued.
    await this.repository.create(evidence, owner.regionCode, this.origin);
    this.idsOfOwner.clear(ownerKey(evidence));
    this.evidenceById.prime(id, evidence);
    const form = await this.signer.presignUpload({
      key: evidence.key,
      contentType: evidence.contentType,
      size: evidence.size,
      expiresInSeconds: UPLOAD_WINDOW_SECONDS,
    });
    return { evidence, upload: { url: form.url, fields: [...form.fields], expiresAt } };
  }

  /** Withdrawal keeps everything: the record (WITHDRAWN, out of the archive) and the object's versions. */
  async withdraw(rawInput: unknown): Promise<Evidence> {
    const caller = requirePrincipal(this.principal);
    const { id, version, reason } = parseInput(withdrawEvidenceInputSchema, rawInput);
    const current = await this.evidenceById.load(id);
    const community = current && (await this.owners.communities.find(current.communityId));
    if (!current || !community) throw new NotFoundError('evidence', id);
    if (current.ownerType === 'CERTIFICATION') {
      const certification = await this.owners.certifications.get(current.ownerId);
      authorizeCertificationEvidence(caller, community, certification.level, { label: 'evidence', id });
    } else {
      authorizeRecord(caller, 'record:write', community, { label: 'evidence', id });
    }
    this.repository.evidence.assertVersion(current, version);
    if (current.status !== 'AVAILABLE' && current.status !== 'PENDING_UPLOAD') {
      throw BadUserInputError.field('input.id', `evidence ${id} is ${current.status}; only AVAILABLE or PENDING_UPLOAD evidence is withdrawn`);
    }
    const now = new Date().toISOString();
    const next: Evidence = {
      ...current,
      status: 'WITHDRAWN',
      withdrawnAt: now,
      withdrawnBy: caller.subject,
      withdrawalReason: reason,
      version: current.version + 1,
      updatedAt: now,
    };
    await this.repository.replace(current, next, 'EVIDENCE_WITHDRAWN', community.regionCode, this.origin);
    this.evidenceById.clear(id).prime(id, next);
    return next;
  }

  /** A fresh presigned GET of the checked version, for callers who may read it; null unless AVAILABLE. */
  async downloadUrl(evidence: Evidence): Promise<string | null> {
    if (evidence.status !== 'AVAILABLE' || !this.principal) return null;
    const community = await this.owners.communities.find(evidence.communityId);
    if (!community || !canReadCommunity(this.principal, community) || !this.shows(evidence, community)) return null;
    return this.signer.presignDownload({
      key: evidence.key,
      ...(evidence.objectVersionId ? { versionId: evidence.objectVersionId } : {}),
      fileName: evidence.fileName,
      contentType: evidence.contentType,
      expiresInSeconds: DOWNLOAD_URL_SECONDS,
    });
  }

  /** The community of an owner the caller may write to: NOT_FOUND when not visible, FORBIDDEN when visible but read-only. */
  private async writableOwner(ownerType: EvidenceOwnerType, ownerId: string): Promise<Community> {
    if (ownerType === 'CERTIFICATION') {
      // The review team writes the evidence of a certification it reviews (its opinion, photos of the visit), and nothing else of the community.
      const certification = await this.owners.certifications.get(ownerId);
      const community = await this.owners.communities.require(certification.communityId);
      authorizeCertificationEvidence(this.principal, community, certification.level, { label: OWNER_LABELS[ownerType], id: ownerId });
      return community;
    }
    const communityId = await this.ownerCommunityId(ownerType, ownerId);
    const community = await this.owners.communities.require(communityId);
    authorizeRecord(this.principal, 'record:write', community, { label: OWNER_LABELS[ownerType], id: ownerId });
    return community;
  }

  /** Reads the owner through its own service (which answers NOT_FOUND for what the caller may not read). */
  private async ownerCommunityId(ownerType: EvidenceOwnerType, ownerId: string): Promise<string> {
    switch (ownerType) {
      case 'COMMUNITY':
      case 'COMMITTEE':
        return ownerId;
      case 'PROJECT':
        return (await this.owners.projects.get(ownerId)).communityId;
      case 'INTERVENTION':
        return (await this.owners.projects.getIntervention(ownerId)).communityId;
      case 'INCIDENT':
        return (await this.owners.incidents.get(ownerId)).communityId;
      case 'ACTIVITY':
        return (await this.owners.activities.get(ownerId)).communityId;
      case 'CERTIFICATION':
        return (await this.owners.certifications.get(ownerId)).communityId;
      case 'GRID_CELL':
        return (await this.owners.hazards.getCell(ownerId)).communityId;
      case 'HAZARD_SOURCE':
        return (await this.owners.hazards.getSource(ownerId)).communityId;
      case 'SUPERVISED_UNIT':
        return (await this.owners.hazards.getUnit(ownerId)).communityId;
      case 'INSPECTION':
        return (await this.owners.inspections.get(ownerId)).communityId;
      case 'HIDDEN_DANGER':
        return (await this.owners.hiddenDangers.get(ownerId)).communityId;
      case 'RESIDENT_REPORT':
        return (await this.owners.residentReports.get(ownerId)).communityId;
    }
  }

  private shows(evidence: Evidence, community: Community): boolean {
    return evidence.ownerType !== 'INCIDENT' || canSeeIncidentDetails(this.principal, community);
  }
}

/** A sort position that orders newest first (pageInMemory sorts ascending); ends with the id. */
function newestFirst(evidence: Evidence): string {
  const inverted = 8.64e15 - Date.parse(evidence.uploadedAt);
  return `${String(inverted).padStart(16, '0')}#${evidence.id}`;
}
