import { type EvidenceRepository, ownerKey } from '#evidence/repository.ts';
import type { AppContext } from '#graphql/context.ts';
import { demoEvidence, demoPdf, sha256Hex } from './demo-evidence.ts';
import { demoId } from './ids.ts';
import { phaseCounter, quietly, type SeedProgress } from './progress.ts';
import type { NodeKind } from '#core/ids.ts';
import type { EvidenceOwnerType } from '#evidence/model.ts';

/**
 * Uploads the demo archive the way a partner front end does: requestEvidenceUpload, then a
 * multipart POST of the file straight to the (local) S3 endpoint. The processor, fed by the
 * bucket's ObjectCreated events, checks each file and marks it AVAILABLE; this waits for that.
 */
export async function seedDemoEvidence(
  newContext: () => Promise<AppContext>,
  repository: EvidenceRepository,
  timeoutMs = 60_000,
  progress: SeedProgress = quietly,
): Promise<number> {
  const context = await newContext();
  // Two units a file: its upload, and the processor's verdict (or finding it there from an earlier load: both).
  const { tick } = phaseCounter(progress, 'archive', demoEvidence.length * 2);
  const ids: string[] = [];
  for (const demo of demoEvidence) {
    // A reload (an older demo version) finds the files it uploaded before: no second copy.
    const owner = { ownerType: demo.ownerType, ownerId: demoId(ownerKind(demo.ownerType), demo.ownerKey) };
    const [existingIds = []] = await repository.ofOwner.childIds([ownerKey(owner)]);
    const existing = await repository.evidence.getMany(existingIds);
    if (existing.some((evidence) => evidence?.fileName === demo.fileName && evidence.status === 'AVAILABLE')) {
      tick(2);
      continue;
    }
    const bytes = demoPdf(demo.summary);
    const { evidence, upload } = await context.evidence.requestUpload({
      ownerType: demo.ownerType,
      ownerId: demoId(ownerKind(demo.ownerType), demo.ownerKey),
      fileName: demo.fileName,
      contentType: 'application/pdf',
      size: bytes.byteLength,
      sha256: sha256Hex(bytes),
      element: demo.element,
    });
    const form = new FormData();
    for (const { name, value } of upload.fields) form.append(name, value);
    form.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), demo.fileName);
    const response = await fetch(upload.url, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`demo upload of ${demo.fileName} answered ${response.status}`);
    ids.push(evidence.id);
    tick();
  }
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    for (;;) {
      // A fresh context each round, as a new request: a context caches what it read.
      const status = (await (await newContext()).evidence.get(id)).status;
      if (status === 'AVAILABLE') {
        tick();
        break;
      }
      if (status !== 'PENDING_UPLOAD') throw new Error(`demo evidence ${id} ended ${status}`);
      if (Date.now() > deadline) throw new Error(`demo evidence ${id} was not processed within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return ids.length;
}

/** The kind of record a demo file belongs to, for its owner's id (a committee's files are its community's). */
function ownerKind(ownerType: EvidenceOwnerType): NodeKind {
  const kinds: Partial<Record<EvidenceOwnerType, NodeKind>> = { COMMUNITY: 'community', COMMITTEE: 'community', PROJECT: 'project', ACTIVITY: 'activity', CERTIFICATION: 'certification' };
  const kind = kinds[ownerType];
  if (!kind) throw new Error(`no demo evidence is owned by a ${ownerType}`);
  return kind;
}
