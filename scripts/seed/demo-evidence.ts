import { createHash } from 'node:crypto';
import type { AqtElement, EvidenceOwnerType } from '#evidence/model.ts';

/**
 * Demo archive files (创建档案) for the seeded communities: SYNTHETIC stand-ins, small PDFs whose
 * names are the kinds of documents the briefings say the archives hold (committee papers, plans,
 * risk registers, sign-in sheets, drill records, injury surveillance reports, review opinions).
 * Owners name demo records by key; the loader turns keys into ids.
 */
export interface DemoEvidence {
  readonly ownerType: EvidenceOwnerType;
  /** A community key (COMMUNITY, COMMITTEE) or a demo record key. */
  readonly ownerKey: string;
  readonly element: AqtElement;
  readonly fileName: string;
  /** ASCII summary written into the PDF body (the file name carries the Chinese title). */
  readonly summary: string;
}

const XICHENG = 'heze-mudan-xicheng';
const WUDIAN = 'heze-mudan-wudian';
const DONGCHENG = 'heze-mudan-dongcheng';
const NANTA = 'shenyang-shenhe-nanta';
const DUDIAN = 'binzhou-kfq-dudian';

export const demoEvidence: readonly DemoEvidence[] = [
  { ownerType: 'COMMITTEE', ownerKey: XICHENG, element: 'ORGANISATION', fileName: '西城街道安全社区促进委员会成立文件.pdf', summary: 'Promotion committee founding notice' },
  { ownerType: 'COMMUNITY', ownerKey: XICHENG, element: 'GOALS_AND_PLANS', fileName: '西城街道安全社区创建工作计划.pdf', summary: 'Creation work plan' },
  { ownerType: 'COMMUNITY', ownerKey: XICHENG, element: 'RISK_ASSESSMENT', fileName: '事故与伤害风险辨识评价报告.pdf', summary: 'Risk identification and assessment' },
  { ownerType: 'COMMUNITY', ownerKey: XICHENG, element: 'INJURY_RECORDS', fileName: '伤害监测月报（2009年）.pdf', summary: 'Monthly injury surveillance 2009' },
  { ownerType: 'CERTIFICATION', ownerKey: 'cert-heze-mudan-xicheng-national-2009', element: 'REVIEW_AND_IMPROVEMENT', fileName: '全国安全社区现场评审意见.pdf', summary: 'On-site review opinion' },
  { ownerType: 'COMMITTEE', ownerKey: WUDIAN, element: 'ORGANISATION', fileName: '吴店镇安全社区促进委员会职责.pdf', summary: 'Committee responsibilities' },
  { ownerType: 'PROJECT', ownerKey: 'wudian-pesticide', element: 'PROMOTION_PROJECTS', fileName: '农药存放箱发放登记表.pdf', summary: 'Pesticide storage box distribution register' },
  { ownerType: 'PROJECT', ownerKey: 'wudian-dog-bites', element: 'PROMOTION_PROJECTS', fileName: '防狗伤害项目实施方案.pdf', summary: 'Dog bite prevention plan' },
  { ownerType: 'COMMUNITY', ownerKey: WUDIAN, element: 'COMMUNICATION_AND_PARTICIPATION', fileName: '村民安全知识问卷汇总.pdf', summary: 'Resident survey summary' },
  { ownerType: 'ACTIVITY', ownerKey: 'dongcheng-fire-drill-2010-05-12', element: 'EMERGENCY_RESPONSE', fileName: '消防应急演练记录及签到表.pdf', summary: 'Fire drill record and sign-in sheet' },
  { ownerType: 'ACTIVITY', ownerKey: 'dongcheng-fire-publicity-2009', element: 'EDUCATION_AND_TRAINING', fileName: '安全宣传资料发放统计.pdf', summary: 'Publicity materials handed out' },
  { ownerType: 'COMMUNITY', ownerKey: DONGCHENG, element: 'ARCHIVES', fileName: '东城街道安全社区创建档案目录.pdf', summary: 'Archive index' },
  { ownerType: 'PROJECT', ownerKey: 'nanta-market-traffic', element: 'PROMOTION_PROJECTS', fileName: '市场周边交通安全改造前后对比.pdf', summary: 'Market traffic measures before and after' },
  { ownerType: 'COMMUNITY', ownerKey: NANTA, element: 'MONITORING', fileName: '库房消防安全检查台账.pdf', summary: 'Warehouse fire inspection ledger' },
  // 杜店 (self-assessment in progress): files in three elements only, so the suggestions show the gaps in the other nine.
  { ownerType: 'COMMITTEE', ownerKey: DUDIAN, element: 'ORGANISATION', fileName: '杜店街道安全社区促进委员会成立通知.pdf', summary: 'Promotion committee founding notice' },
  { ownerType: 'COMMUNITY', ownerKey: DUDIAN, element: 'GOALS_AND_PLANS', fileName: '杜店街道安全社区创建实施方案.pdf', summary: 'Creation implementation plan' },
  { ownerType: 'COMMUNITY', ownerKey: DUDIAN, element: 'EDUCATION_AND_TRAINING', fileName: '创建启动培训签到表.pdf', summary: 'Launch training sign-in sheet' },
];

/** A minimal, valid one-page PDF carrying the summary. */
export function demoPdf(summary: string): Uint8Array {
  const text = summary.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
