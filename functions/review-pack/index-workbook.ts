import ExcelJS from 'exceljs';
import type { Community } from '#community/model.ts';
import { AQT_ELEMENT_NAMES, AQT_ELEMENTS, type Evidence, type EvidenceOwnerType } from '#evidence/model.ts';
import type { Assessment } from '#review/assessment-model.ts';
import { scoreItems } from '#review/assessment-model.ts';
import type { ScoringSheet, SheetPart } from '#review/sheet.ts';

/**
 * The pack's index (评审资料索引), an XLSX workbook first in the archive:
 *   概览 Overview        the community, when the pack was made, files per element, elements without any
 *   文件索引 Files        every file: its path in the pack, name as uploaded, owner, element, uploaded by
 *                        and at, size, SHA-256 (the processor checked it; the job checked it again)
 *   自评 Self-assessment  the latest self-assessment, item by item with its grades, when one exists
 * Headers are Chinese with the English beside them; the Chinese names stay as they are.
 */

/** One file of the pack, as the index lists it. */
export interface PackedFile {
  readonly evidence: Evidence;
  /** Its path in the ZIP: `05 安全促进项目/入户安全检查.pdf`. */
  readonly path: string;
}

export interface IndexContent {
  readonly community: Community;
  readonly generatedAt: Date;
  readonly files: readonly PackedFile[];
  readonly selfAssessment?: { readonly assessment: Assessment; readonly sheet: ScoringSheet };
}

const OWNER_NAMES: Readonly<Record<EvidenceOwnerType, string>> = {
  COMMUNITY: '社区 Community',
  COMMITTEE: '安全社区促进委员会 Committee',
  PROJECT: '安全促进项目 Project',
  INTERVENTION: '干预措施 Intervention',
  INCIDENT: '事故与伤害 Incident',
  ACTIVITY: '宣传教育培训活动 Activity',
  CERTIFICATION: '评审认证 Certification',
  GRID_CELL: '网格 Grid cell',
  HAZARD_SOURCE: '危险源 Hazard source',
  SUPERVISED_UNIT: '监管对象 Supervised unit',
  INSPECTION: '巡查检查 Inspection',
  HIDDEN_DANGER: '隐患整改 Hidden danger',
  RESIDENT_REPORT: '群众举报 Resident report',
};

const PART_NAMES: Readonly<Record<SheetPart, string>> = {
  PRESENCE: '有无 Presence',
  TRACES: '痕迹 Traces',
  EFFECT: '效果 Effect',
  COMPLIANCE: '符合 Compliance',
};

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };

/** China time, as the people who read the pack read clocks: `2026-05-02 14:30`. */
export function chinaTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function indexWorkbook(content: IndexContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Safe Community platform';
  workbook.created = content.generatedAt;
  overview(workbook, content);
  fileIndex(workbook, content.files);
  if (content.selfAssessment) selfAssessment(workbook, content.selfAssessment.assessment, content.selfAssessment.sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function overview(workbook: ExcelJS.Workbook, content: IndexContent): void {
  const sheet = workbook.addWorksheet('概览 Overview');
  sheet.columns = [{ width: 34 }, { width: 14 }, { width: 48 }];
  sheet.addRow(['安全社区评审资料包 Review pack']).font = { bold: true, size: 14 };
  sheet.addRow(['社区 Community', content.community.name]);
  sheet.addRow(['行政区划代码 Region code', content.community.regionCode]);
  sheet.addRow(['生成时间 Generated (China time)', chinaTime(content.generatedAt)]);
  sheet.addRow(['文件数 Files', content.files.length]);
  sheet.addRow(['总大小 Bytes', content.files.reduce((total, file) => total + file.evidence.size, 0)]);
  sheet.addRow([]);
  sheet.addRow(['要素 Element (AQ/T 9001)', '文件数 Files', '备注 Note']).font = HEADER_FONT;
  AQT_ELEMENTS.forEach((element, index) => {
    const count = content.files.filter((file) => file.evidence.element === element).length;
    sheet.addRow([`${index + 1} ${AQT_ELEMENT_NAMES[element]}`, count, count === 0 ? '缺少材料 No evidence' : '']);
  });
  const unassigned = content.files.filter((file) => file.evidence.element === undefined).length;
  if (unassigned > 0) sheet.addRow(['未归类 Unassigned', unassigned, '']);
}

function fileIndex(workbook: ExcelJS.Workbook, files: readonly PackedFile[]): void {
  const sheet = workbook.addWorksheet('文件索引 Files');
  sheet.columns = [
    { header: '包内路径 Path in pack', width: 60 },
    { header: '文件名 File', width: 36 },
    { header: '所属 Owner', width: 30 },
    { header: '所属编号 Owner id', width: 38 },
    { header: '要素 Element', width: 30 },
    { header: '上传人 Uploaded by', width: 24 },
    { header: '上传时间 Uploaded at (China time)', width: 22 },
    { header: '大小 Size (bytes)', width: 16 },
    { header: 'SHA-256', width: 68 },
  ];
  sheet.getRow(1).font = HEADER_FONT;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const { evidence, path } of files) {
    sheet.addRow([
      path,
      evidence.fileName,
      OWNER_NAMES[evidence.ownerType],
      evidence.ownerId,
      evidence.element ? `${AQT_ELEMENTS.indexOf(evidence.element) + 1} ${AQT_ELEMENT_NAMES[evidence.element]}` : '未归类 Unassigned',
      evidence.uploadedBy,
      chinaTime(evidence.availableAt ?? evidence.uploadedAt),
      evidence.size,
      evidence.sha256,
    ]);
  }
}

function selfAssessment(workbook: ExcelJS.Workbook, assessment: Assessment, scoring: ScoringSheet): void {
  const sheet = workbook.addWorksheet('自评 Self-assessment');
  const result = scoreItems(scoring, assessment.items);
  const points = (thousandths: number) => thousandths / 1000;
  sheet.columns = [{ width: 10 }, { width: 60 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 10 }, { width: 10 }, { width: 40 }];
  sheet.addRow([`自评 Self-assessment: ${scoring.title}`]).font = { bold: true, size: 13 };
  sheet.addRow(['评定表 Sheet', `${scoring.id} v${scoring.version}`]);
  sheet.addRow(['状态 Status', assessment.status === 'SUBMITTED' ? `已提交 Submitted ${assessment.submittedOn ?? ''}`.trim() : '草稿 Draft (not submitted)']);
  sheet.addRow(['得分 Score', `${points(result.total)} / ${points(result.max)}`]);
  sheet.addRow(['结论 Outcome', result.outcome]);
  sheet.addRow([]);
  const header = sheet.addRow(['项 Item', '内容 Text', ...Object.values(PART_NAMES), '得分 Score', '满分 Max', '说明 Note']);
  header.font = HEADER_FONT;
  const scores = new Map(result.items.map((item) => [item.itemId, item]));
  for (const indicator of scoring.indicators) {
    const own = result.indicators.find((candidate) => candidate.indicator === indicator.number);
    sheet.addRow([String(indicator.number), indicator.name, '', '', '', '', own ? points(own.score) : '', own ? points(own.max) : '', '']).font = HEADER_FONT;
    for (const item of scoring.items.filter((candidate) => candidate.indicator === indicator.number)) {
      const given = assessment.items[item.id];
      const grade = (part: SheetPart) => (item.parts.some((candidate) => candidate.part === part) ? (given?.parts[part] ?? '—') : '');
      const score = scores.get(item.id);
      sheet.addRow([item.id, item.text, grade('PRESENCE'), grade('TRACES'), grade('EFFECT'), grade('COMPLIANCE'), score ? points(score.score) : '', score ? points(score.max) : '', given?.note ?? '']);
    }
  }
}
