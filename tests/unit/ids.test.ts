import { describe, expect, it } from 'vitest';
import { auditEntryId, auditEntryLocation, idIssue, MAX_ID_LENGTH, NODE_KINDS, type NodeKind, nameBasedUuid, newId, nodeKindOf, surveyId, taggedId } from '#core/ids.ts';
import { demoId } from '#scripts/seed/ids.ts';

const KINDS = Object.keys(NODE_KINDS) as NodeKind[];

describe('type-tagged ids', () => {
  it('give every kind its own tag, and newId a random UUID under it that the id rule takes', () => {
    // Assess: one tag per kind, one kind per tag
    expect(new Set(KINDS.map((kind) => NODE_KINDS[kind].tag)).size).toBe(KINDS.length);
    expect(new Set(KINDS.map((kind) => NODE_KINDS[kind].type)).size).toBe(KINDS.length);
    for (const kind of KINDS) {
      const id = newId(kind);
      expect(id).toMatch(new RegExp(`^${NODE_KINDS[kind].tag}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
      expect(idIssue(id)).toBeUndefined();
      expect(nodeKindOf(id)).toBe(kind);
      expect(newId(kind)).not.toBe(id);
    }
  });

  it('read no kind from an untagged id, an unknown tag or a bare tag', () => {
    for (const id of ['0b6d6a3e-8c4b-4a5e-9b1f-1c2d3e4f5a6b', 'zzz_0b6d6a3e', '_inc', 'inc', 'inc-0b6d', 'INC_0b6d', ''])
      expect(nodeKindOf(id), id).toBeUndefined();
    // The tag is what is before the first underscore; the rest is the record's own part.
    expect(nodeKindOf('inc_')).toBe('incident');
    expect(nodeKindOf('svy_com_x:2010')).toBe('survey');
  });

  it('keep a survey derived (one per community and year) and within the id rule under two tags', () => {
    const id = surveyId(newId('community'), 2010);
    expect(id).toMatch(/^svy_com_[0-9a-f-]{36}:2010$/);
    expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(idIssue(id)).toBeUndefined();
    expect(surveyId('com_a', 2010)).toBe(surveyId('com_a', 2010));
  });

  it('give demo records the UUID they had before tags, under their tag: an old README id maps by prefixing it', () => {
    // The id 南塔街道 had as demo data version 6.
    expect(demoId('community', 'shenyang-shenhe-nanta')).toBe(taggedId('community', '12babc7f-4f62-4ad9-82f8-b4b77203dbbb'));
    expect(demoId('project', 'x')).toBe(`prj_${demoId('community', 'x').slice('com_'.length)}`);
    expect(nameBasedUuid('a')).toBe(nameBasedUuid('a'));
    expect(nameBasedUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('give an audit entry an id that says where it is listed (its province\'s log, when), within the id rule', () => {
    const at = '2026-12-02T07:42:26.123Z';
    const id = auditEntryId('371702001', at);
    expect(id).toMatch(/^aud_37\.20261202074226123\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(idIssue(id)).toBeUndefined();
    expect(nodeKindOf(id)).toBe('auditEntry');
    expect(auditEntryLocation(id)).toEqual({ province: '37', at });
    expect(auditEntryId('37', at, nameBasedUuid('x'))).toBe(auditEntryId('37', at, nameBasedUuid('x')));
    // No region (a scoring sheet's publication): in no log, so not found by id; nor an id of another form.
    expect(auditEntryLocation(auditEntryId('', at))).toBeUndefined();
    for (const other of [`aud_${nameBasedUuid('x')}`, 'corrected-v000002', newId('incident'), 'aud_37.2026.x']) expect(auditEntryLocation(other), other).toBeUndefined();
  });
});
