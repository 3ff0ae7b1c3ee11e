import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFenInWords } from '#core/money.ts';
import { demoId } from '#scripts/seed/ids.ts';
import { seedDemoData } from '#scripts/seed/load.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';

const run = promisify(execFile);

/**
 * Generated briefings (简报) through both doors, on the demo data: the 牡丹区 2009 briefing is a
 * DOCX that LibreOffice opens (converted to PDF with `soffice --headless`, its text read back with
 * pdftotext), with the Chinese headings of the offices' briefings and the very figures of
 * incidentSummary (accidents −12.1 %, deaths −8.9 %, injuries −14.6 %, losses −10.7 %); the
 * Markdown says the same; a community's briefing counts its own records; bad input and callers
 * who may not are refused before any file is written.
 *
 * LibreOffice takes seconds to start: the file converts the region's and the community's DOCX in
 * one soffice run, once, in beforeAll.
 */
const GENERATE = `mutation($regionCode: String, $communityId: ID, $period: BriefingPeriodInput!, $issue: Int, $office: String, $issuedOn: LocalDate) {
  generateBriefing(regionCode: $regionCode, communityId: $communityId, period: $period, issue: $issue, office: $office, issuedOn: $issuedOn) {
    fileName url expiresAt bytes markdown title issueLine office issuedOn headline
    sections { heading lines }
    subject { kind name regionCode communityId }
    period { label from to yearEarlier { label from to } }
    incidents { current { count deaths injured economicLoss } yearEarlier { count deaths injured economicLoss } changePercent { count deaths injured economicLoss } }
  }
}`;
const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentSummary(regionCode: $regionCode, period: $period) { total { current { count deaths injured economicLoss } yearEarlier { count deaths injured economicLoss } changePercent { count deaths injured economicLoss } } }
  creationSummary(regionCode: $regionCode, period: $period) { communities { total } projects { projects started closed } activities { activities attendees } }
}`;

const XICHENG = demoId('community', 'heze-mudan-xicheng');
const DONGCHENG = demoId('community', 'heze-mudan-dongcheng');
const HEADINGS = ['一、创建工作进展', '二、安全社区促进委员会', '三、安全促进项目与干预措施', '四、宣传教育与培训', '五、事故与伤害情况', '六、下一步工作'];

let app: TestApp;
let admin: string;
let analyst37: string;
let reviewer3717: string;
let reviewer21: string;
let editorXicheng: string;
let regionBriefing: GraphQLResponse;
let communityBriefing: GraphQLResponse;
/** pdftotext of the two DOCX files, as LibreOffice lays them out. */
const pdfText = new Map<string, string>();
const pdfFonts = new Map<string, string>();
let workDir: string;

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** The DOCX files converted to PDF by one soffice run (LibreOffice is slow to start), then each read with pdftotext and pdffonts. */
async function convert(files: Record<string, Buffer>): Promise<void> {
  const paths = await Promise.all(
    Object.entries(files).map(async ([name, bytes]) => {
      const path = join(workDir, `${name}.docx`);
      await writeFile(path, bytes);
      return path;
    }),
  );
  // A profile of its own: a LibreOffice already running for the user (or another test run) does not take the job over.
  await run('soffice', [`-env:UserInstallation=file://${join(workDir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, ...paths], { timeout: 170_000 });
  for (const name of Object.keys(files)) {
    const pdf = join(workDir, `${name}.pdf`);
    pdfText.set(name, (await run('pdftotext', ['-layout', pdf, '-'])).stdout);
    pdfFonts.set(name, (await run('pdffonts', [pdf])).stdout);
  }
}

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoData(app.table);
  workDir = await mkdtemp(join(tmpdir(), 'briefing-test-'));
  [admin, analyst37, reviewer3717, reviewer21, editorXicheng] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'REVIEWER', region: '3717' }),
    app.token({ role: 'REVIEWER', region: '21' }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [XICHENG] }),
  ]);
  regionBriefing = await app.doors[0]!.execute(GENERATE, { regionCode: '371702', period: { year: 2009 }, issuedOn: '2010-01-20' }, analyst37);
  communityBriefing = await app.doors[1]!.execute(GENERATE, { communityId: DONGCHENG, period: { year: 2009 } }, admin);
  const [regionDocx, communityDocx] = await Promise.all([download(ok(regionBriefing).generateBriefing.url), download(ok(communityBriefing).generateBriefing.url)]);
  await convert({ region: regionDocx, community: communityDocx });
  // A reader of a failed run can look at what LibreOffice made of the files.
  if (process.env.BRIEFING_TEST_OUT) {
    for (const [name, text] of pdfText) await writeFile(join(process.env.BRIEFING_TEST_OUT, `${name}.txt`), text);
    await writeFile(join(process.env.BRIEFING_TEST_OUT, 'region.md'), ok(regionBriefing).generateBriefing.markdown);
  }
}, 240_000);
afterAll(async () => {
  await app?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** pdftotext keeps the layout's spaces (justified lines, table cells): compare without them. */
const compact = (text: string) => text.replace(/\s+/g, '');

describe('the 牡丹区 2009 briefing', () => {
  it('is stored under exports/ as a DOCX, linked for a few minutes, with the briefing line and the period', async () => {
    const briefing = ok(regionBriefing).generateBriefing;
    expect(briefing.fileName).toBe('safe-community-briefing-371702-2009.docx');
    expect(new URL(briefing.url).pathname).toMatch(new RegExp(`/${app.bucket}/exports/[0-9a-f-]{36}/safe-community-briefing-371702-2009\\.docx$`));
    const seconds = (Date.parse(briefing.expiresAt) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(200);
    expect(seconds).toBeLessThanOrEqual(300);
    const response = await fetch(briefing.url);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(briefing.bytes);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(briefing).toMatchObject({
      title: '安全社区创建简报',
      issueLine: '2009年第1期',
      office: '菏泽市牡丹区安全生产委员会办公室',
      issuedOn: '2010-01-20',
      headline: '菏泽市牡丹区2009年安全社区创建工作情况',
      subject: { kind: 'REGION', name: '牡丹区', regionCode: '371702', communityId: null },
      period: { label: '2009', from: '2009-01', to: '2009-12', yearEarlier: { label: '2008', from: '2008-01', to: '2008-12' } },
    });
    expect(briefing.sections.map((section: { heading: string }) => section.heading)).toEqual(HEADINGS);
  });

  it('states the very figures of incidentSummary: accidents −12.1 %, deaths −8.9 %, injuries −14.6 %, losses −10.7 %', async () => {
    const briefing = ok(regionBriefing).generateBriefing;
    const summary = ok(await app.doors[1]!.execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }, analyst37));
    expect(briefing.incidents).toEqual(summary.incidentSummary.total);
    expect(briefing.incidents.changePercent).toEqual({ count: -12.1, deaths: -8.9, injured: -14.6, economicLoss: -10.7 });
    const incidents = briefing.sections.find((section: { heading: string }) => section.heading === '五、事故与伤害情况');
    expect(incidents.lines[0]).toBe('2009年，全区事故起数、死亡人数、受伤人数、经济损失分别同比下降12.1%、8.9%、14.6%、10.7%。');
    const { current } = summary.incidentSummary.total;
    expect(incidents.lines[1]).toContain(`共发生事故与伤害${current.count}起，死亡${current.deaths}人，受伤${current.injured}人，直接经济损失${formatFenInWords(Math.round(Number(current.economicLoss) * 100))}`);
    expect(formatFenInWords(Math.round(Number(current.economicLoss) * 100))).toMatch(/^\d+(\.\d{1,2})?万元$/);
    const progress = briefing.sections[0].lines.join('\n');
    expect(progress).toContain(`共有安全社区创建单位${summary.creationSummary.communities.total}个`);
    const projects = briefing.sections[2].lines.join('\n');
    expect(projects).toContain(`目前共有安全促进项目${summary.creationSummary.projects.projects}个`);
    const publicity = briefing.sections[3].lines.join('\n');
    expect(publicity).toContain(`共开展培训、演练、宣传等活动${summary.creationSummary.activities.activities}次，参加${summary.creationSummary.activities.attendees}人次`);
  });

  it('opens in LibreOffice: A4 pages with page numbers, the headings and the figures in Chinese, in a CJK font', () => {
    const text = pdfText.get('region') ?? '';
    const flat = compact(text);
    expect(flat).toContain('安全社区创建简报');
    expect(flat).toContain('2009年第1期');
    expect(flat).toContain('菏泽市牡丹区安全生产委员会办公室');
    expect(flat).toContain('2010年1月20日');
    for (const heading of HEADINGS) expect(flat).toContain(heading);
    expect(flat).toContain('事故起数、死亡人数、受伤人数、经济损失分别同比下降12.1%、8.9%、14.6%、10.7%');
    expect(flat).toContain('下降12.1%');
    expect(flat).toContain('下降10.7%');
    // The footer's page number on every page, "— 1 —" first.
    const pages = text.split('\f').filter((page) => page.trim().length > 0);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const [index, page] of pages.entries()) expect(compact(page)).toContain(`—${index + 1}—`);
    // Chinese glyphs came from a CJK font (SimSun where installed, else its fallback), embedded.
    expect(pdfFonts.get('region')).toMatch(/CJK|Song|SimSun|Han|Ming|WenQuanYi|Droid/i);
  });

  it('names what the counters cannot: committees, designated communities and projects by name', () => {
    const briefing = ok(regionBriefing).generateBriefing;
    const all = briefing.sections.map((section: { lines: string[] }) => section.lines.join('\n')).join('\n');
    expect(all).toContain('西城街道');
    expect(all).toContain('吴店镇');
    expect(briefing.sections[1].lines[0]).toMatch(/成立了安全社区促进委员会，共有成员单位\d+个/);
    // Materials handed out come from the counters (mat_<KIND>): 东城's 360 calendars are the region's.
    expect(briefing.sections[3].lines[0]).toContain('挂历360套');
  });

  it('comes as Markdown with the same text', () => {
    const briefing = ok(regionBriefing).generateBriefing;
    const markdown: string = briefing.markdown;
    expect(markdown.startsWith('# 安全社区创建简报\n')).toBe(true);
    expect(markdown).toContain('**2009年第1期**');
    for (const heading of HEADINGS) expect(markdown).toContain(`### ${heading}`);
    expect(markdown).toContain('分别同比下降12.1%、8.9%、14.6%、10.7%');
    expect(markdown).toMatch(/\| 事故起数（起） \| \d+ \| \d+ \| 下降12\.1% \|/);
  });
});

describe("a community's briefing", () => {
  it('counts the community’s own records: 东城 2009, its materials handed out and its sections', () => {
    const briefing = ok(communityBriefing).generateBriefing;
    expect(briefing.subject).toMatchObject({ kind: 'COMMUNITY', name: '东城街道', communityId: DONGCHENG, regionCode: '371702001' });
    expect(briefing.fileName).toBe(`safe-community-briefing-community-${DONGCHENG}-2009.docx`);
    expect(briefing.office).toBe(`${briefing.subject.name}安全社区促进委员会办公室`);
    expect(briefing.sections.map((section: { heading: string }) => section.heading)).toEqual(HEADINGS);
    const text = compact(pdfText.get('community') ?? '');
    expect(text).toContain('安全社区创建简报');
    expect(text).toContain(compact(briefing.headline));
    for (const heading of HEADINGS) expect(text).toContain(heading);
    // 东城's 2009 campaign (the briefing's 1 000 leaflets and 360 calendars of its 1 800 and 360).
    expect(text).toContain('发放宣传资料1000份、挂历360套');
    expect(compact(briefing.markdown)).toContain('发放宣传资料1000份、挂历360套');
  });

  it('is generated by the community’s own editor, and not by an editor of another community', async () => {
    const own = await app.doors[0]!.execute(GENERATE, { communityId: XICHENG, period: { year: 2009, quarter: 2 }, issue: 3, office: '西城街道安全社区办公室' }, editorXicheng);
    const briefing = ok(own).generateBriefing;
    expect(briefing.issueLine).toBe('2009年第3期');
    expect(briefing.office).toBe('西城街道安全社区办公室');
    expect(briefing.period).toMatchObject({ label: '2009-Q2', from: '2009-04', to: '2009-06' });
    expect(briefing.headline).toContain('2009年第二季度');
    expect(errorCode(await app.doors[1]!.execute(GENERATE, { communityId: DONGCHENG, period: { year: 2009 } }, editorXicheng))).toBe('NOT_FOUND');
  });
});

describe.each([0, 1])('who may, and bad input, through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;
  const exportsNow = async () => (await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: 'exports/' }))).KeyCount ?? 0;

  it.each([
    ['an unknown region', { regionCode: '379999', period: { year: 2009 } }, 'regionCode'],
    ['both region and community', { regionCode: '371702', communityId: XICHENG, period: { year: 2009 } }, 'regionCode'],
    ['neither region nor community', { period: { year: 2009 } }, 'regionCode'],
    ['a year before the programme', { regionCode: '371702', period: { year: 1970 } }, 'period.year'],
    ['a fifth quarter', { regionCode: '371702', period: { year: 2009, quarter: 5 } }, 'period.quarter'],
    ['a year that has not begun', { regionCode: '371702', period: { year: 2199 } }, 'period.year'],
    ['an issue date before the period', { regionCode: '371702', period: { year: 2009 }, issuedOn: '2008-12-31' }, 'issuedOn'],
    ['an issue number of 100', { regionCode: '371702', period: { year: 2009 }, issue: 100 }, 'issue'],
  ])('refuses %s as BAD_USER_INPUT naming the field, writing nothing', async (_name, variables, field) => {
    const before = await exportsNow();
    const response = await door().execute(GENERATE, variables, admin);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    expect(await exportsNow()).toBe(before);
  });

  it('refuses an unknown community as NOT_FOUND', async () => {
    expect(errorCode(await door().execute(GENERATE, { communityId: '00000000-0000-4000-8000-000000000000', period: { year: 2009 } }, admin))).toBe('NOT_FOUND');
  });

  it('lets a reviewer of the city and an admin generate the region’s briefing, and refuses one outside it and an editor', async () => {
    ok(await door().execute(GENERATE, { regionCode: '371702', period: { year: 2009, quarter: 4 } }, reviewer3717));
    const before = await exportsNow();
    expect(errorCode(await door().execute(GENERATE, { regionCode: '371702', period: { year: 2009 } }, reviewer21))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(GENERATE, { regionCode: '371702', period: { year: 2009 } }, editorXicheng))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(GENERATE, { communityId: XICHENG, period: { year: 2009 } }, reviewer21))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(GENERATE, { regionCode: '371702', period: { year: 2009 } }))).toBe('UNAUTHENTICATED');
    expect(await exportsNow()).toBe(before);
  });

  it('allows one generateBriefing per request', async () => {
    const twice = `mutation { a: generateBriefing(regionCode: "371702", period: { year: 2009 }) { fileName } b: generateBriefing(regionCode: "371702", period: { year: 2008 }) { fileName } }`;
    expect(errorCode(await door().execute(twice, {}, admin))).toBe('QUERY_TOO_COMPLEX');
  });
});

