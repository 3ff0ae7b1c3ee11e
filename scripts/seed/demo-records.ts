/**
 * Demo creation records (创建档案) for the demo communities: safety promotion projects and their
 * interventions, trainings/drills/publicity, awareness surveys, certifications and synthetic
 * incidents. Taken from the briefings in `shared/seed/000_bff8563628eec632.txt` (篇1, 篇2, 篇3, 篇8,
 * 篇12) as extracted in `NOTES.md`.
 *
 * Records name their community by `communityKey` (a key of `demo-communities.ts`) and never by id;
 * the loader derives ids with `demoId(kind, key)`, also for `DemoProject.key` (the intervention's
 * `projectId`, an activity's `projectKey`) and `DemoCertification.key`.
 *
 * What is synthetic: every record says where it comes from (`source`) and how much of it the
 * briefings state (`provenance`). Briefings give days almost never: unless a `source` says a date
 * is exact, the day (often the month) is a plausible choice within what the briefing says.
 * Attendance, survey rates, sample sizes and all incidents are synthetic. No personal names.
 *
 * Pure data and deterministic generators: no I/O, no clock, no runtime imports.
 */
import type * as z from 'zod';
import type { CreateInterventionInput, CreateProjectInput } from '#project/model.ts';
import type { CreateActivityInput, RecordSurveyInput } from '#training/model.ts';
import type {
  ApplyForCertificationInput,
  decideCertificationInputSchema,
  recordCertificationReviewInputSchema,
} from '#certification/model.ts';
import type { importRecordSchema } from '#incident/model.ts';

/**
 * - BRIEFING: the content is what a briefing states (dates, counts or the split of a total may
 *   still be synthetic: `source` says which).
 * - BRIEFING_NAMED: a briefing names the project or event; its measures and figures are ours.
 * - SYNTHETIC: not in the briefings; added to reach a count a briefing gives (南塔 15 projects,
 *   九龙 24) or to make the demo complete.
 */
export type Provenance = 'BRIEFING' | 'BRIEFING_NAMED' | 'SYNTHETIC';

export type DemoIntervention = Omit<CreateInterventionInput, 'projectId'>;

export interface DemoProject {
  /** Stable slug; the project's id is demoId('project', key). */
  readonly key: string;
  readonly communityKey: string;
  readonly input: Omit<CreateProjectInput, 'communityId'>;
  readonly interventions: readonly DemoIntervention[];
  readonly provenance: Provenance;
  /** Also says whether the interventions are from the briefing or synthetic. */
  readonly source: string;
}

export interface DemoActivity {
  readonly key: string;
  readonly communityKey: string;
  /** The promotion project the activity belongs to (a DemoProject key), if any. */
  readonly projectKey?: string;
  readonly input: Omit<CreateActivityInput, 'communityId' | 'projectId'>;
  readonly provenance: Provenance;
  readonly source: string;
}

export interface DemoSurvey {
  readonly communityKey: string;
  readonly input: Omit<RecordSurveyInput, 'communityId' | 'version'>;
  readonly provenance: Provenance;
  readonly source: string;
}

export type DemoCertificationReview = Omit<z.input<typeof recordCertificationReviewInputSchema>, 'id' | 'version'>;
export type DemoCertificationDecision = Omit<z.input<typeof decideCertificationInputSchema>, 'id' | 'version'>;

export interface DemoCertification {
  /** Stable slug; the certification's id is demoId('certification', key). */
  readonly key: string;
  readonly communityKey: string;
  readonly application: Omit<ApplyForCertificationInput, 'communityId'>;
  readonly review?: DemoCertificationReview;
  readonly decision?: DemoCertificationDecision;
  readonly provenance: Provenance;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

type Kind = DemoIntervention['kind'];

/** A measure carried out: started and completed. */
function done(kind: Kind, description: string, responsibleUnit: string, startOn: string, completedOn: string): DemoIntervention {
  return { kind, description, responsibleUnit, startOn, completedOn, status: 'DONE' };
}

/** A standing measure (patrols, rules, regular checks): started, still running. */
function ongoing(kind: Kind, description: string, responsibleUnit: string, startOn: string): DemoIntervention {
  return { kind, description, responsibleUnit, startOn, status: 'IN_PROGRESS' };
}

const NANTA = 'shenyang-shenhe-nanta';
const JIULONG = 'guangzhou-luogang-jiulong';
const WUDIAN = 'heze-mudan-wudian';
const DONGCHENG = 'heze-mudan-dongcheng';
const MUDAN = 'heze-mudan-district';

// ---------------------------------------------------------------------------------------------
// 沈阳市沈河区 南塔街道 (篇12): 15 projects, 66 interventions
// ---------------------------------------------------------------------------------------------

/**
 * 篇12 dates only the soft flooring ("2011年5月"); the community's stage history starts
 * implementing on 2011-05-01, so the projects start then and the other dates are SYNTHETIC,
 * spread over 2011–2012 in the order the briefing tells the measures.
 */
const NANTA_START = '2011-05-01';
const NANTA_OFFICE = '南塔街道办事处';
const NANTA_SAFETY_OFFICE = '南塔街道安全生产办公室';
const NANTA_SCHOOLS = '辖区学校、幼儿园';
const NANTA_SOURCE = '篇12：“相继开展了15个促进项目、66项干预措施…学校幼儿园安全促进项目、公共场所安全促进项目、工作场所安全促进项目、宗教场所安全促进项目、地区市场交通促进项目、库房消防安全促进项目及老旧弃管小区促进项目等”';

type ProjectInput = DemoProject['input'];

/** A 南塔 project that is not in the briefing: it fills the briefing's counts (15 projects, 66 measures). */
function nantaSynthetic(
  key: string,
  name: string,
  category: ProjectInput['category'],
  targetGroups: NonNullable<ProjectInput['targetGroups']>,
  environments: NonNullable<ProjectInput['environments']>,
  background: string | undefined,
  interventions: readonly DemoIntervention[],
): DemoProject {
  return {
    key,
    communityKey: NANTA,
    input: {
      name,
      category,
      targetGroups,
      environments,
      ...(background ? { background } : {}),
      leadAgency: NANTA_OFFICE,
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions,
    provenance: 'SYNTHETIC',
    source: `${NANTA_SOURCE}。简报只给出项目总数15和66项干预措施并点名8个项目；本项目及其干预措施为合成，用于补足这两个数。`,
  };
}

const nantaProjects: readonly DemoProject[] = [
  {
    key: 'nanta-market-traffic',
    communityKey: NANTA,
    input: {
      name: '地区市场交通促进项目',
      category: 'ROAD_TRAFFIC',
      targetGroups: ['ALL_RESIDENTS', 'DRIVERS'],
      environments: ['ROAD', 'MARKET'],
      background:
        '南塔街道地处商贸聚集区，各类机动车、非机动车、公共汽车站点较多，每天人车流量大，早、晚菜市场临街摆放，造成交通拥堵，交通事故频繁发生。前期调研确定4个重点问题：商贸市场集中区的交通问题，交通信号和警示标识缺失问题，老旧开放小区内交通安全问题，居民、司机不遵守交通法规问题。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['沈河区交通部门', '沈河区城管部门', '沈河区交通管理部门', '南塔街道各社区居委会'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('MANAGEMENT', '联合区交通和城管部门开展交通专项整治，重点整治交通违章占道经营行为；疏堵结合，设立指定场所经营。', NANTA_OFFICE, '2011-05-10', '2011-08-31'),
      ongoing('MANAGEMENT', '对占道经营较为严重的地段派专门人员、车辆进行死看死守。', '沈河区城管部门', '2011-06-01'),
      done('FACILITIES', '南塔东街与文萃路交叉路口（临近东北日杂市场）原无交通信号灯，经市、区交通管理部门专门调研，安装交通信号灯和视频监控系统。', '沈河区交通管理部门', '2011-06-15', '2011-09-30'),
      done('ENVIRONMENT', '在巷路、市场周边及小区道路划定机动车停车位和市场拉货三轮车停车带，分类停放。', NANTA_OFFICE, '2011-07-01', '2011-10-31'),
      done('FACILITIES', '老旧开放小区增设减速坡，标注车辆停车位、禁停区、安全隔离带，规范车辆及拥堵路段的有序停放。', NANTA_OFFICE, '2011-07-01', '2011-10-31'),
      done('PUBLICITY', '在辖区各社区、休闲广场设置交通安全知识警示宣传栏。', '南塔街道各社区居委会', '2011-06-01', '2011-07-15'),
      ongoing('PUBLICITY', '设立兼职交通安全宣传员，以讲座、法律咨询、发放宣传材料等形式普及交通安全知识。', '兼职交通安全宣传员队伍', '2011-06-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“交通顺畅无阻”一节（4个重点问题及其措施）。日期为合成。`,
  },
  {
    key: 'nanta-warehouse-fire',
    communityKey: NANTA,
    input: {
      name: '库房消防安全促进项目',
      category: 'FIRE',
      targetGroups: ['WORKERS'],
      environments: ['WAREHOUSE'],
      background:
        '辖区内有各类生产经营场所825家，专业库房473家，大型库房13家、民房改出租库房1045家，大型商贸市场5个，企业、市场、库房混杂，存在多处消防死角。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['沈河区消防大队', NANTA_SAFETY_OFFICE],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('PUBLICITY', '开展库房防火安全专项整治，集中对库房责任人进行培训。', NANTA_SAFETY_OFFICE, '2011-05-15', '2011-06-30'),
      done('POLICY', '严格落实库房使用制度。', NANTA_SAFETY_OFFICE, '2011-05-15', '2011-06-30'),
      done('FACILITIES', '增加库房安全警示标志。', NANTA_SAFETY_OFFICE, '2011-06-01', '2011-07-31'),
      done('FACILITIES', '所有库房用电规范化管理，全部采取防护措施。', NANTA_SAFETY_OFFICE, '2011-06-01', '2011-10-31'),
      ongoing('MANAGEMENT', '所有库房严禁储存易燃危险品。', NANTA_SAFETY_OFFICE, '2011-06-01'),
      ongoing('MANAGEMENT', '严禁在库房内办公。', NANTA_SAFETY_OFFICE, '2011-06-01'),
      ongoing('MANAGEMENT', '加强库房的出入管理。', NANTA_SAFETY_OFFICE, '2011-06-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“消防隐患清零”一节（库房防火安全专项整治）。日期为合成。`,
  },
  {
    key: 'nanta-workplace',
    communityKey: NANTA,
    input: {
      name: '工作场所安全促进项目',
      category: 'WORKPLACE',
      targetGroups: ['WORKERS'],
      environments: ['WORKPLACE', 'PUBLIC_PLACE'],
      background: '企业经营单位及餐饮娱乐场所的消防安全，餐饮娱乐场所后厨违法超量存储使用液化气罐。',
      leadAgency: NANTA_SAFETY_OFFICE,
      partnerAgencies: ['沈河区消防大队'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('POLICY', '对辖区生产经营单位进行安全生产规范化、标准化管理，建立“一企业一档案”备案制度。', NANTA_SAFETY_OFFICE, '2011-05-10', '2011-09-30'),
      done('MANAGEMENT', '要求企业全部建立完善安全管理档案、应急预案。', NANTA_SAFETY_OFFICE, '2011-05-10', '2011-09-30'),
      ongoing('MANAGEMENT', '实行安全监管ABCD分级分类网格化、标准化管理，对企业进行分级分类管理。', NANTA_SAFETY_OFFICE, '2011-07-01'),
      done('MANAGEMENT', '排查辖区餐饮娱乐中心，查处违法超量存储使用液化气罐的行为。', NANTA_SAFETY_OFFICE, '2011-06-01', '2011-08-31'),
      done('MANAGEMENT', '统一标准规范管理，消除餐饮娱乐场所后厨煤气罐消防安全问题。', NANTA_SAFETY_OFFICE, '2011-08-01', '2011-10-31'),
      ongoing('PUBLICITY', '开展煤气知识义务讲座，普及煤气安全知识，纠正煤气罐使用不规范的行为。', NANTA_OFFICE, '2011-07-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“针对企业经营单位的消防安全…”。日期为合成。`,
  },
  {
    key: 'nanta-old-compounds',
    communityKey: NANTA,
    input: {
      name: '老旧弃管小区促进项目',
      category: 'OLD_RESIDENTIAL_COMPOUNDS',
      targetGroups: ['ALL_RESIDENTS'],
      environments: ['HOME', 'PUBLIC_PLACE'],
      background: '街道内多为老旧弃管小区，无停车场和正规停车位；老旧开放小区也是消防隐患存在的场所。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['南塔街道各社区居委会', '沈河区消防大队'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('ENVIRONMENT', '开展楼道清理活动。', '南塔街道各社区居委会', '2011-05-20', '2011-07-31'),
      done('ENVIRONMENT', '开展小区整治活动。', '南塔街道各社区居委会', '2011-06-01', '2011-09-30'),
      done('FACILITIES', '为老旧小区配备消防器材。', NANTA_OFFICE, '2011-07-01', '2011-08-31'),
      done('PUBLICITY', '普及消防器材的使用方法。', '南塔街道各社区居委会', '2011-08-01', '2011-09-30'),
      ongoing('PUBLICITY', '定期开展消防安全知识宣传教育培训，增强居民防火、用电的安全意识。', '南塔街道各社区居委会', '2011-08-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“老旧开放小区也是消防隐患存在的场所…”（停车秩序措施记在地区市场交通项目）。日期为合成。`,
  },
  {
    key: 'nanta-schools',
    communityKey: NANTA,
    input: {
      name: '学校幼儿园安全促进项目',
      category: 'SCHOOL_CHILDREN',
      targetGroups: ['STUDENTS', 'CHILDREN'],
      environments: ['SCHOOL'],
      background: '学生入口食品的卫生安全问题，学生上、下学的交通安全问题，学校、幼儿园的设施安全问题，学生、儿童安全意识问题。',
      leadAgency: NANTA_SCHOOLS,
      partnerAgencies: [NANTA_OFFICE, '沈河区消防大队'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('POLICY', '实行错时错门放学接送制度，划定接送学生时间段，避开上下班高峰，避免校门口人车混杂拥堵。', NANTA_SCHOOLS, '2011-05-01'),
      ongoing('MANAGEMENT', '加强员工车辆及外来车辆的管理。', NANTA_SCHOOLS, '2011-05-01'),
      ongoing('MANAGEMENT', '加强食堂卫生监管，保证学生在校的食品安全。', NANTA_SCHOOLS, '2011-05-01'),
      done('MANAGEMENT', '坚决取缔校门周边临时食品出售摊。', NANTA_OFFICE, '2011-05-10', '2011-06-30'),
      done('FACILITIES', '辖区幼儿园增设防滑倒、防磕碰、防触电、防设施伤害等安全设施。', NANTA_SCHOOLS, '2011-06-01', '2011-08-31'),
      done('FACILITIES', '增设出入园安全专用隔离通道。', NANTA_SCHOOLS, '2011-06-01', '2011-08-31'),
      done('MANAGEMENT', '增加幼儿园安保力量和安保器具，制定严格的校园安保制度、车辆出入制度、接送制度，严格管理陌生人出入。', NANTA_SCHOOLS, '2011-06-01', '2011-09-01'),
      done('ENVIRONMENT', '对易造成学生磕碰伤害的设施设备进行防护改造，将设备设施和行人隔离，限定活动时间，分别开辟小学生和幼儿园儿童的活动区域。', NANTA_SCHOOLS, '2011-07-01', '2011-08-31'),
      done('POLICY', '将幼儿每天的时间划分为晨间接待、饭后活动、早操活动、入厕、户外活动、午睡、喝水、进餐、晚间离园和其他10个时间段，分别制定安全规定（如教师随幼儿入厕，预防滑倒）。', NANTA_SCHOOLS, '2011-05-01', '2011-06-30'),
      done('FACILITIES', '学校拿出专用资金对校园场地进行整体软铺盖改造，防止儿童活动期间跌倒擦伤。', NANTA_SCHOOLS, '2011-05-03', '2011-05-31'),
      done('POLICY', '将安全教育课程纳入教学计划。', NANTA_SCHOOLS, '2011-08-15', '2011-09-01'),
      done('PUBLICITY', '利用走廊墙面绘制卡通科普知识画，开办安全知识宣传画廊。', NANTA_OFFICE, '2011-07-01', '2011-08-31'),
      ongoing('SERVICE', '邀请消防大队干事到学校开展事故自救自护知识讲座、事故演习等活动。', '沈河区消防大队', '2011-09-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“校园平安有序”一节。软铺盖改造“2011年5月”为简报所给（日为合成），其余日期为合成。`,
  },
  {
    key: 'nanta-construction',
    communityKey: NANTA,
    input: {
      name: '建筑工地安全促进项目',
      category: 'CONSTRUCTION_SITES',
      targetGroups: ['MIGRANT_WORKERS', 'WORKERS', 'ALL_RESIDENTS'],
      environments: ['CONSTRUCTION_SITE', 'ROAD'],
      background: '沈阳群升新天地、越秀地产和万科柏翠园等重大项目的建设给辖区的建筑工地安全管理带来影响；辖区2个项目、3个施工方。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['万科柏翠园项目施工单位', '群升新天地项目施工单位'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('POLICY', '同万科柏翠园、群升新天地两个项目的施工单位共同协商，建立健全消防安全管理、楼宇安全巡检、物料安全堆放等安全管理制度。', NANTA_OFFICE, '2011-05-10', '2011-06-30'),
      ongoing('MANAGEMENT', '项目组定期全面检查施工安全：大型机械设备检测、验收及安装，特种作业人员持证上岗，安全带、安全帽佩戴，安全员、监理履职，民工宿舍电线私拉乱接。', NANTA_OFFICE, '2011-06-01'),
      done('POLICY', '2个项目3个施工方分别制定人身伤害、塌方、火灾、高处坠落、施工意外、触电、环境污染、中毒、防汛防暑等9个方面的应急预案。', '万科柏翠园项目施工单位', '2011-06-01', '2011-07-31'),
      done('FACILITIES', '对民工住宿房间重新布线，杜绝私拉乱接电线。', '群升新天地项目施工单位', '2011-07-01', '2011-08-31'),
      ongoing('MANAGEMENT', '每月进行联合执法检查，对发现的违法行为当场责令整改。', NANTA_OFFICE, '2011-06-01'),
      done('SERVICE', '冬季投资2万余元购买被褥，免费给没有返乡的农民工使用，告诫农民工切勿使用电褥子取暖。', '万科柏翠园项目施工单位', '2011-12-01', '2011-12-20'),
      done('ENVIRONMENT', '拆除堵塞民工宿舍疏散通道的板床，并对应急疏散通道进行加宽处理。', '群升新天地项目施工单位', '2011-08-01', '2011-09-15'),
      done('FACILITIES', '在行人通道及工地出入口搭建硬覆盖，指派专人巡查。', '万科柏翠园项目施工单位', '2011-06-15', '2011-07-31'),
      done('ENVIRONMENT', '协调有关部门将万科工地北侧和东侧临近南塔街的213、282、环路公交车站在施工期间暂时向西北迁移200米。', NANTA_OFFICE, '2011-06-15', '2011-07-15'),
      done('FACILITIES', '加快民工宿舍建设，督促施工单位改善宿舍条件，住宿民工床全部采用铁架结构。', '群升新天地项目施工单位', '2011-07-01', '2011-10-31'),
      done('FACILITIES', '工地设一间吸烟室和医疗应急处置室，并设专职管理人员。', '万科柏翠园项目施工单位', '2011-07-01', '2011-08-31'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“工地建设安全”一节。被褥“2万余元”为简报所给；日期为合成。`,
  },
  {
    key: 'nanta-public-facilities',
    communityKey: NANTA,
    input: {
      name: '公共场所安全促进项目',
      category: 'PUBLIC_PLACES',
      targetGroups: ['ALL_RESIDENTS'],
      environments: ['PUBLIC_PLACE'],
      background: '化粪池、排污井盖、煤气进户管线、高压变电箱等公共设施损坏给居民带来伤害。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['公共安全设施监督志愿者队伍'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('POLICY', '建立公共设施管理制度，确定每一个化粪池、煤气进户管线、高压变电箱的管理责任人。', NANTA_OFFICE, '2011-05-10', '2011-06-30'),
      done('MANAGEMENT', '对辖区所有化粪池、煤气进户管线、高压变电箱进行统计、实地查看，逐一辨识危险源，确定危险程度。', NANTA_OFFICE, '2011-06-01', '2011-08-31'),
      ongoing('MANAGEMENT', '定期对排污井盖、化粪池、煤气进户管线、高压变电箱进行巡检，及时维修和维护。', NANTA_OFFICE, '2011-09-01'),
      ongoing('SERVICE', '成立公共安全设施监督志愿者，请居民监督排污井盖、化粪池、煤气进户管线、高压变电箱的管理情况。', '公共安全设施监督志愿者队伍', '2011-07-01'),
    ],
    provenance: 'BRIEFING',
    source: `${NANTA_SOURCE}；“对于公共场所的安全…”。日期为合成。`,
  },
  {
    key: 'nanta-religious-sites',
    communityKey: NANTA,
    input: {
      name: '宗教场所安全促进项目',
      category: 'RELIGIOUS_SITES',
      targetGroups: ['ALL_RESIDENTS', 'ELDERLY'],
      environments: ['RELIGIOUS_SITE'],
      background: '辖区有沈阳南塔、蓬瀛宫坤元道场和护国广慈寺等名胜古迹。',
      leadAgency: NANTA_OFFICE,
      partnerAgencies: ['沈河区消防大队'],
      startOn: NANTA_START,
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('MANAGEMENT', '定期对宗教活动场所开展消防安全检查，规范香烛明火使用。', NANTA_SAFETY_OFFICE, '2011-06-01'),
      done('POLICY', '制定节庆和大型宗教活动期间人流疏导和安全保卫预案。', NANTA_OFFICE, '2011-06-01', '2011-07-31'),
    ],
    provenance: 'BRIEFING_NAMED',
    source: `${NANTA_SOURCE}。简报只列出项目名称和宗教场所名称；干预措施和日期为合成。`,
  },
  nantaSynthetic('nanta-market-fire', '商贸市场消防安全促进项目', 'FIRE', ['WORKERS', 'ALL_RESIDENTS'], ['MARKET'], '辖区有中国鞋城、沈阳国际鞋城、金马鞋城等大型商贸市场5个。', [
    ongoing('MANAGEMENT', '对大型商贸市场的消防通道、疏散标识和消防设施开展专项检查。', NANTA_SAFETY_OFFICE, '2011-06-15'),
    done('PUBLICITY', '对市场经营业户开展消防安全培训。', NANTA_SAFETY_OFFICE, '2011-07-01', '2011-08-31'),
  ]),
  nantaSynthetic('nanta-home', '居家安全促进项目', 'HOME', ['ALL_RESIDENTS', 'CHILDREN'], ['HOME'], undefined, [
    done('SERVICE', '入户开展居家安全隐患排查。', '南塔街道各社区居委会', '2011-07-01', '2011-10-31'),
    done('PUBLICITY', '发放居家防跌倒、防烫伤、防燃气泄漏宣传材料。', '南塔街道各社区居委会', '2011-07-01', '2011-08-31'),
  ]),
  nantaSynthetic('nanta-elderly', '老年人安全促进项目', 'ELDERLY', ['ELDERLY', 'ELDERLY_LIVING_ALONE'], ['HOME', 'PUBLIC_PLACE'], undefined, [
    ongoing('SERVICE', '志愿者与独居老人结成帮扶对子，定期探访。', '南塔街道各社区居委会', '2011-06-01'),
    done('PUBLICITY', '举办老年人防跌倒知识讲座。', '南塔街道各社区居委会', '2011-09-01', '2011-09-30'),
  ]),
  nantaSynthetic('nanta-public-security', '社会治安安全促进项目', 'PUBLIC_SECURITY', ['ALL_RESIDENTS'], ['PUBLIC_PLACE', 'MARKET'], undefined, [
    ongoing('SERVICE', '组织社区志愿者开展治安巡逻。', '南塔街道各社区居委会', '2011-06-01'),
    done('FACILITIES', '在商圈重点部位增设视频监控。', NANTA_OFFICE, '2011-08-01', '2011-11-30'),
  ]),
  nantaSynthetic('nanta-food-safety', '食品安全促进项目', 'FOOD_SAFETY', ['ALL_RESIDENTS'], ['PUBLIC_PLACE'], undefined, [
    ongoing('MANAGEMENT', '对辖区餐饮单位开展食品安全检查。', NANTA_OFFICE, '2011-07-01'),
  ]),
  nantaSynthetic('nanta-migrant-workers', '外来务工人员安全促进项目', 'MIGRANT_WORKERS', ['MIGRANT_WORKERS'], ['MARKET', 'WORKPLACE'], undefined, [
    done('PUBLICITY', '对商圈外来务工人员开展安全生产和消防安全培训。', NANTA_SAFETY_OFFICE, '2011-08-01', '2011-09-30'),
  ]),
  nantaSynthetic('nanta-electrical', '用电安全促进项目', 'ELECTRICAL', ['ALL_RESIDENTS'], ['HOME'], undefined, [
    done('MANAGEMENT', '排查老旧小区居民楼公共部位老化电线。', NANTA_OFFICE, '2011-09-01', '2011-11-30'),
  ]),
];

// ---------------------------------------------------------------------------------------------
// 广州 九龙镇 (篇3): 24 projects
// ---------------------------------------------------------------------------------------------

const JIULONG_GOV = '九龙镇人民政府';
const JIULONG_VILLAGES = '九龙镇各行政村村委会';
const JIULONG_SOURCE = '篇3：“九龙镇24个促进项目中, 最具代表性的就是‘美丽乡村’促进项目”';

/** A 九龙 project the briefing names (or that fills the count) with two synthetic interventions. */
function jiulongProject(
  key: string,
  name: string,
  category: ProjectInput['category'],
  targetGroups: NonNullable<ProjectInput['targetGroups']>,
  environments: NonNullable<ProjectInput['environments']>,
  startOn: string,
  interventions: readonly DemoIntervention[],
  namedBy: string | undefined,
): DemoProject {
  return {
    key,
    communityKey: JIULONG,
    input: { name, category, targetGroups, environments, leadAgency: JIULONG_GOV, partnerAgencies: [JIULONG_VILLAGES], startOn, status: 'IN_PROGRESS' },
    interventions,
    provenance: namedBy ? 'BRIEFING_NAMED' : 'SYNTHETIC',
    source: namedBy
      ? `${JIULONG_SOURCE}；${namedBy}。干预措施和日期为合成。`
      : `${JIULONG_SOURCE}。简报只给出项目总数24；本项目、干预措施和日期为合成，用于补足总数。`,
  };
}

const JIULONG_FIELDS = '篇3：“对辖内工作场所、消防、道路交通、涉水安全、居家安全等8个重点领域的机械伤害、森林火灾、摩托车安全、溺水事故、环境卫生、地质灾害等突出问题进行重点干预”';

const jiulongProjects: readonly DemoProject[] = [
  {
    key: 'jiulong-beautiful-village',
    communityKey: JIULONG,
    input: {
      name: '“美丽乡村”促进项目',
      category: 'ENVIRONMENT',
      targetGroups: ['FARMERS', 'ALL_RESIDENTS'],
      environments: ['RURAL'],
      background:
        '针对群众反映强烈的农村地区环境卫生差的问题而开展，纳入新农村建设和名村名镇建设，成为改善、提升全镇群众整体生活环境的基础建设工作。',
      goals: [{ indicator: '完成调查分析的行政村', baseline: 0, target: 28, unit: '个' }],
      leadAgency: JIULONG_GOV,
      partnerAgencies: ['萝岗区规划建设局', '萝岗区农业局', JIULONG_VILLAGES, '九龙镇群众巡查队'],
      startOn: '2009-06-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('MANAGEMENT', '对全镇28个行政村逐一进行调查分析，抓住群众反映最强烈、最突出的问题，找出问题产生的根本原因。', JIULONG_GOV, '2009-06-01', '2009-12-31'),
      done('POLICY', '针对每个根本原因制定一一对应的干预措施。', JIULONG_GOV, '2010-01-04', '2010-03-31'),
      done('POLICY', '调动区委区政府以及规划建设局、农业局等部门的资源力量，细化各部门职责，加强资金等资源投入的预算。', '萝岗区规划建设局', '2010-01-15', '2010-06-30'),
      ongoing('ENVIRONMENT', '结合中新广州知识城的开发建设，纳入新农村建设和名村名镇建设，进行整体规划、同步改进。', JIULONG_GOV, '2010-03-01'),
      ongoing('SERVICE', '发动群众组成巡查队加强巡查。', '九龙镇群众巡查队', '2010-04-01'),
    ],
    provenance: 'BRIEFING',
    source: `${JIULONG_SOURCE}；“对全镇28个行政村逐一进行调查分析…广泛发动群众通过组成巡查队加强巡查”。日期为合成。`,
  },
  {
    key: 'jiulong-after-hours',
    communityKey: JIULONG,
    input: {
      name: '“八小时以外安全”促进项目',
      category: 'MIGRANT_WORKERS',
      targetGroups: ['MIGRANT_WORKERS'],
      environments: ['WORKPLACE', 'HOME', 'PUBLIC_PLACE'],
      background: '根据外来务工人员的特点和需求，将安全触角延伸到日常生活中（萝岗区在全国推广的项目）。',
      leadAgency: JIULONG_GOV,
      partnerAgencies: ['辖区企业'],
      startOn: '2010-03-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('PUBLICITY', '在务工人员工作时间之外开展防灾减灾宣传教育。', JIULONG_GOV, '2010-03-01'),
      ongoing('PUBLICITY', '在务工人员工作时间之外开展安全生产知识培训。', JIULONG_GOV, '2010-03-01'),
      ongoing('SERVICE', '组织务工人员开展应急模拟演练，提升安全意识和自救互救能力。', JIULONG_GOV, '2010-05-01'),
    ],
    provenance: 'BRIEFING',
    source: '篇3：“‘八小时以外安全’是根据外来务工人员的特点和需求…开展防灾减灾、安全生产、应急模拟演练”（萝岗区项目，九龙镇借鉴）。日期为合成。',
  },
  {
    key: 'jiulong-four-thirty-school',
    communityKey: JIULONG,
    input: {
      name: '儿童“四点半学校”促进项目',
      category: 'SCHOOL_CHILDREN',
      targetGroups: ['CHILDREN', 'STUDENTS'],
      environments: ['SCHOOL'],
      background: '儿童放学之后无人看管（萝岗区在全国推广的项目）。',
      leadAgency: JIULONG_GOV,
      partnerAgencies: ['辖区中小学'],
      startOn: '2010-03-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('SERVICE', '把放学后无人看管的儿童统一组织起来看管，辅导作业。', '辖区中小学', '2010-03-01'),
      ongoing('PUBLICITY', '辅导作业之后适时进行儿童安全教育。', '辖区中小学', '2010-03-01'),
    ],
    provenance: 'BRIEFING',
    source: '篇3：“针对儿童这个弱势群体开展的儿童‘四点半学校’项目…在辅导作业之后, 也适时进行一些儿童的安全教育”。日期为合成。',
  },
  jiulongProject('jiulong-machinery', '工作场所机械伤害预防促进项目', 'WORKPLACE', ['WORKERS'], ['WORKPLACE'], '2009-09-01', [
    done('MANAGEMENT', '对辖区企业机械设备防护装置开展专项检查。', JIULONG_GOV, '2009-10-01', '2009-12-31'),
    ongoing('PUBLICITY', '对机械操作岗位员工开展安全操作培训。', '辖区企业', '2010-01-01'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-forest-fire', '森林防火促进项目', 'DISASTERS', ['FARMERS', 'ALL_RESIDENTS'], ['RURAL'], '2009-09-01', [
    ongoing('SERVICE', '在清明和秋冬防火期开展山林防火巡查。', JIULONG_VILLAGES, '2009-10-01'),
    done('FACILITIES', '在林区入口设置防火警示牌。', JIULONG_GOV, '2009-11-01', '2009-12-31'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-fire', '消防安全促进项目', 'FIRE', ['ALL_RESIDENTS'], ['HOME', 'WORKPLACE'], '2009-09-01', [
    done('FACILITIES', '为各村配置消防器材，组建义务消防队。', JIULONG_GOV, '2009-10-01', '2010-03-31'),
    ongoing('PUBLICITY', '开展消防安全知识进村入户宣传。', JIULONG_VILLAGES, '2009-11-01'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-motorcycle', '摩托车安全促进项目', 'ROAD_TRAFFIC', ['DRIVERS'], ['ROAD'], '2009-09-01', [
    ongoing('PUBLICITY', '开展摩托车驾乘人员佩戴头盔专项宣传。', JIULONG_GOV, '2009-10-01'),
    done('FACILITIES', '在交通事故多发路段设置警示标志和减速设施。', JIULONG_GOV, '2010-01-01', '2010-05-31'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-water', '防溺水促进项目', 'WATER', ['CHILDREN', 'STUDENTS'], ['WATER'], '2009-09-01', [
    done('FACILITIES', '在危险水域设置警示牌和救生设施。', JIULONG_VILLAGES, '2010-04-01', '2010-06-15'),
    ongoing('PUBLICITY', '每年暑假前对中小学生开展防溺水安全教育。', '辖区中小学', '2010-06-01'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-home', '居家安全促进项目', 'HOME', ['ALL_RESIDENTS', 'ELDERLY'], ['HOME'], '2009-09-01', [
    done('SERVICE', '入户排查居家用电、用气安全隐患。', JIULONG_VILLAGES, '2010-03-01', '2010-08-31'),
    ongoing('PUBLICITY', '开展居家防跌倒、防烫伤宣传。', JIULONG_VILLAGES, '2010-03-01'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-geological', '地质灾害防治促进项目', 'DISASTERS', ['FARMERS', 'ALL_RESIDENTS'], ['RURAL'], '2009-09-01', [
    done('MANAGEMENT', '排查登记地质灾害隐患点，落实群测群防责任人。', JIULONG_GOV, '2009-10-01', '2010-03-31'),
    ongoing('SERVICE', '汛期对隐患点进行监测，组织应急撤离演练。', JIULONG_VILLAGES, '2010-04-01'),
  ], JIULONG_FIELDS),
  jiulongProject('jiulong-construction', '建设工地安全促进项目', 'CONSTRUCTION_SITES', ['MIGRANT_WORKERS', 'WORKERS'], ['CONSTRUCTION_SITE'], '2010-01-01', [
    ongoing('MANAGEMENT', '对知识城建设工地开展安全巡查。', JIULONG_GOV, '2010-03-01'),
    done('ENVIRONMENT', '在施工工地出入口设置交通疏导和隔离设施。', '辖区施工单位', '2010-04-01', '2010-07-31'),
  ], '篇3：“结合农村地区实际和中新广州知识城‘大开发、大建设’的特点”（项目为据此推断）'),
  jiulongProject('jiulong-elderly', '老年人安全促进项目', 'ELDERLY', ['ELDERLY', 'ELDERLY_LIVING_ALONE'], ['HOME'], '2010-01-01', [
    ongoing('SERVICE', '组织志愿者定期探访独居老人。', JIULONG_VILLAGES, '2010-03-01'),
    done('FACILITIES', '为高龄老人家庭加装扶手、防滑垫。', JIULONG_GOV, '2010-05-01', '2010-10-31'),
  ], undefined),
  jiulongProject('jiulong-school', '校园安全促进项目', 'SCHOOL_CHILDREN', ['STUDENTS'], ['SCHOOL'], '2009-09-01', [
    ongoing('MANAGEMENT', '开展校园周边安全隐患排查。', '辖区中小学', '2009-10-01'),
    ongoing('SERVICE', '每学期组织师生应急疏散演练。', '辖区中小学', '2009-11-01'),
  ], undefined),
  jiulongProject('jiulong-left-behind', '留守儿童关爱促进项目', 'SCHOOL_CHILDREN', ['LEFT_BEHIND_CHILDREN'], ['HOME', 'SCHOOL'], '2010-01-01', [
    done('MANAGEMENT', '建立留守儿童登记台账。', JIULONG_VILLAGES, '2010-03-01', '2010-05-31'),
    ongoing('SERVICE', '组织志愿者与留守儿童结对开展安全教育。', JIULONG_VILLAGES, '2010-06-01'),
  ], undefined),
  jiulongProject('jiulong-electrical', '用电安全促进项目', 'ELECTRICAL', ['ALL_RESIDENTS'], ['HOME', 'RURAL'], '2009-09-01', [
    done('FACILITIES', '改造村内老化供电线路。', '辖区供电部门', '2010-01-01', '2010-12-31'),
    ongoing('PUBLICITY', '宣传安全用电常识。', JIULONG_VILLAGES, '2009-10-01'),
  ], undefined),
  jiulongProject('jiulong-rental-housing', '出租屋消防安全促进项目', 'FIRE', ['MIGRANT_WORKERS'], ['HOME'], '2010-01-01', [
    ongoing('MANAGEMENT', '对出租屋开展消防安全检查。', JIULONG_GOV, '2010-03-01'),
    done('FACILITIES', '为出租屋配置灭火器和应急照明。', JIULONG_GOV, '2010-04-01', '2010-09-30'),
  ], undefined),
  jiulongProject('jiulong-food-safety', '食品安全促进项目', 'FOOD_SAFETY', ['ALL_RESIDENTS'], ['PUBLIC_PLACE', 'SCHOOL'], '2010-01-01', [
    ongoing('MANAGEMENT', '检查学校食堂和餐饮单位的食品安全。', JIULONG_GOV, '2010-03-01'),
    done('PUBLICITY', '开展农村集体聚餐食品安全宣传。', JIULONG_VILLAGES, '2010-04-01', '2010-06-30'),
  ], undefined),
  jiulongProject('jiulong-public-security', '社会治安安全促进项目', 'PUBLIC_SECURITY', ['ALL_RESIDENTS'], ['RURAL', 'PUBLIC_PLACE'], '2009-09-01', [
    ongoing('SERVICE', '组织村治安联防队夜间巡逻。', JIULONG_VILLAGES, '2009-10-01'),
    done('FACILITIES', '在村主要出入口安装视频监控。', JIULONG_GOV, '2010-03-01', '2010-09-30'),
  ], undefined),
  jiulongProject('jiulong-public-places', '公共场所安全促进项目', 'PUBLIC_PLACES', ['ALL_RESIDENTS'], ['PUBLIC_PLACE'], '2010-01-01', [
    ongoing('MANAGEMENT', '定期检查村内文体广场设施。', JIULONG_VILLAGES, '2010-03-01'),
    done('FACILITIES', '修复破损井盖和护栏。', JIULONG_GOV, '2010-04-01', '2010-08-31'),
  ], undefined),
  jiulongProject('jiulong-pesticide', '安全使用农药促进项目', 'PESTICIDE_POISONING', ['FARMERS'], ['RURAL', 'HOME'], '2010-01-01', [
    done('PUBLICITY', '开展农药安全使用和存放培训。', '萝岗区农业局', '2010-03-01', '2010-04-30'),
    done('PRODUCTS', '为农户发放喷药防护用品。', '萝岗区农业局', '2010-04-01', '2010-05-31'),
  ], undefined),
  jiulongProject('jiulong-farm-machinery', '农用机械安全促进项目', 'AGRICULTURAL_MACHINERY', ['FARMERS', 'DRIVERS'], ['RURAL', 'ROAD'], '2010-01-01', [
    ongoing('MANAGEMENT', '农机安全检验和驾驶操作人员持证管理。', '萝岗区农业局', '2010-03-01'),
    done('PUBLICITY', '农忙季节前开展农机安全操作宣传。', JIULONG_VILLAGES, '2010-03-01', '2010-04-15'),
  ], undefined),
  jiulongProject('jiulong-disabilities', '残疾人安全促进项目', 'OTHER', ['PEOPLE_WITH_DISABILITIES'], ['HOME', 'PUBLIC_PLACE'], '2010-01-01', [
    done('MANAGEMENT', '建立残疾人安全需求档案。', JIULONG_GOV, '2010-03-01', '2010-05-31'),
    done('FACILITIES', '为残疾人家庭进行无障碍和防跌倒改造。', JIULONG_GOV, '2010-06-01', '2010-11-30'),
  ], undefined),
  jiulongProject('jiulong-hazardous-chemicals', '危险化学品安全促进项目', 'WORKPLACE', ['WORKERS'], ['WORKPLACE'], '2010-01-01', [
    ongoing('MANAGEMENT', '对使用、储存危险化学品的企业实行分级监管。', JIULONG_GOV, '2010-03-01'),
    done('POLICY', '督促相关企业制定危险化学品事故应急预案。', '辖区企业', '2010-03-01', '2010-06-30'),
  ], undefined),
  jiulongProject('jiulong-school-transport', '学生上下学交通安全促进项目', 'ROAD_TRAFFIC', ['STUDENTS', 'CHILDREN'], ['ROAD', 'SCHOOL'], '2010-01-01', [
    done('FACILITIES', '在学校周边道路设置限速标志和人行横道。', JIULONG_GOV, '2010-03-01', '2010-06-30'),
    ongoing('SERVICE', '上下学时段组织护学岗。', '辖区中小学', '2010-03-01'),
  ], undefined),
];

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区 吴店镇 (篇8 链接, 篇1)
// ---------------------------------------------------------------------------------------------

const WUDIAN_GOV = '吴店镇人民政府';
const WUDIAN_SOURCE = '篇8 链接《吴店镇农村安全社区创建之路》：“策划开展了‘防农药中毒’‘防狗伤害’‘防农用机械伤害’‘农民工安全’等一系列富有农村特色的安全促进项目”';

const wudianProjects: readonly DemoProject[] = [
  {
    key: 'wudian-pesticide',
    communityKey: WUDIAN,
    input: {
      name: '防农药中毒促进项目',
      category: 'PESTICIDE_POISONING',
      targetGroups: ['FARMERS'],
      environments: ['HOME', 'RURAL'],
      background: '农村农药乱丢乱放、喷洒农药无防护措施。',
      leadAgency: WUDIAN_GOV,
      partnerAgencies: ['牡丹区安全生产监督管理局', '吴店镇各村级安监站'],
      startOn: '2007-12-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('PRODUCTS', '为农民专门制作农药储存箱并免费发放，箱上印制“珍爱生命, 远离农药”等提示语（群众称为农药的“保险柜”）。', WUDIAN_GOV, '2008-03-01', '2008-05-31'),
      done('PRODUCTS', '为农民制作防毒隔膜，喷洒农药时穿戴（群众称为农药的“隔离衣”）。', WUDIAN_GOV, '2008-04-01', '2008-06-15'),
      ongoing('PUBLICITY', '宣传农药安全存放和喷洒防护知识，纠正农药乱丢乱放、喷洒无防护的习惯。', '吴店镇各村级安监站', '2008-03-01'),
    ],
    provenance: 'BRIEFING',
    source: `${WUDIAN_SOURCE}；“专门为农民制作了农药储存箱和防毒隔膜…”；篇1：“免费为农户发放用于储存农药的药箱”。宣传措施为据此推断；日期为合成。`,
  },
  {
    key: 'wudian-dog-bites',
    communityKey: WUDIAN,
    input: {
      name: '防狗伤害促进项目',
      category: 'DOG_BITES',
      targetGroups: ['CHILDREN', 'ELDERLY', 'FARMERS'],
      environments: ['RURAL', 'HOME'],
      leadAgency: WUDIAN_GOV,
      partnerAgencies: ['牡丹区卫生局'],
      startOn: '2007-12-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('PUBLICITY', '入户宣传犬只拴养和防狗咬伤知识。', '吴店镇各村级安监站', '2008-03-01'),
      done('SERVICE', '公布狂犬疫苗接种点，普及被狗咬伤后的伤口处置方法。', '牡丹区卫生局', '2008-04-01', '2008-05-31'),
    ],
    provenance: 'BRIEFING_NAMED',
    source: `${WUDIAN_SOURCE}。简报只列出项目名称；干预措施和日期为合成。`,
  },
  {
    key: 'wudian-farm-machinery',
    communityKey: WUDIAN,
    input: {
      name: '防农用机械伤害促进项目',
      category: 'AGRICULTURAL_MACHINERY',
      targetGroups: ['FARMERS', 'DRIVERS'],
      environments: ['RURAL', 'ROAD'],
      leadAgency: '牡丹区农机部门',
      partnerAgencies: [WUDIAN_GOV],
      startOn: '2007-12-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('PUBLICITY', '对农机驾驶操作人员开展安全培训。', '牡丹区农机部门', '2008-04-01', '2008-05-20'),
      ongoing('MANAGEMENT', '麦收、秋收前开展农机安全检查。', '牡丹区农机部门', '2008-05-20'),
    ],
    provenance: 'BRIEFING_NAMED',
    source: `${WUDIAN_SOURCE}；篇8：与农机部门合作开展“平安农机”建设和“防农用机械伤害”宣传教育（全区）。吴店镇的具体干预措施和日期为合成。`,
  },
  {
    key: 'wudian-migrant-workers',
    communityKey: WUDIAN,
    input: {
      name: '农民工安全促进项目',
      category: 'MIGRANT_WORKERS',
      targetGroups: ['MIGRANT_WORKERS'],
      environments: ['WORKPLACE', 'CONSTRUCTION_SITE'],
      leadAgency: WUDIAN_GOV,
      partnerAgencies: ['牡丹区安全生产监督管理局'],
      startOn: '2007-12-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('PUBLICITY', '春节期间对返乡农民工开展安全生产和自我保护知识培训。', WUDIAN_GOV, '2008-01-20', '2008-02-20'),
      ongoing('SERVICE', '建立外出务工人员家庭联系台账。', '吴店镇各村级安监站', '2008-03-01'),
    ],
    provenance: 'BRIEFING_NAMED',
    source: `${WUDIAN_SOURCE}。简报只列出项目名称；干预措施和日期为合成。`,
  },
  {
    key: 'wudian-left-behind-children',
    communityKey: WUDIAN,
    input: {
      name: '关爱留守儿童促进项目',
      category: 'SCHOOL_CHILDREN',
      targetGroups: ['LEFT_BEHIND_CHILDREN'],
      environments: ['SCHOOL', 'HOME'],
      background: '农村外出务工人员增多，留守儿童安全问题日益突出。',
      leadAgency: '吴店镇关爱留守儿童基金会',
      partnerAgencies: [WUDIAN_GOV, '吴店镇中小学'],
      startOn: '2008-03-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      done('POLICY', '成立“关爱留守儿童基金会”。', WUDIAN_GOV, '2008-03-01', '2008-04-30'),
      ongoing('SERVICE', '建立留守儿童与教师“一对一”帮扶对子，解决留守儿童在心理、学习、生活上的困难和问题。', '吴店镇中小学', '2008-05-01'),
    ],
    provenance: 'BRIEFING',
    source: '篇8 链接：“适时启动关爱留守儿童工作, 成立‘关爱留守儿童基金会’, 建立留守儿童与教师‘一对一’帮扶对子”。日期为合成。',
  },
];

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区: the district's projects (篇1) and 东城's fire "五进" (篇8)
// ---------------------------------------------------------------------------------------------

/** 篇1: "牡丹区自2007年启动…策划开展了…等创建项目"; the start is the pilot launch (day synthetic). */
const MUDAN_PROJECTS_START = '2007-10-15';
const MUDAN_SAFETY = '牡丹区安全生产监督管理局';
const MUDAN_PROJECT_LIST = '篇1：“策划开展了‘企业安全’、‘用电安全’、‘消防安全’、‘农药中毒’、‘交通安全’、‘居家安全’、‘老年人安全’、‘学校儿童安全’、‘公共场所安全’、‘环境安全’、‘涉水安全’、‘社会治安安全’等创建项目”';
/** 篇1: funds for "消防车辆及主要道路、校园、养老院、幼儿园、农药防护服等设施的购臵". */
const MUDAN_FUNDS = '篇1：资金“主要用于消防车辆及主要道路、校园、养老院、幼儿园、农药防护服等设施的购置和宣传费用支出”';

function mudanProject(
  key: string,
  name: string,
  category: ProjectInput['category'],
  targetGroups: NonNullable<ProjectInput['targetGroups']>,
  environments: NonNullable<ProjectInput['environments']>,
  leadAgency: string,
  partnerAgencies: readonly string[],
  interventions: readonly DemoIntervention[],
  provenance: Provenance,
  detail: string,
): DemoProject {
  return {
    key,
    communityKey: MUDAN,
    input: {
      name,
      category,
      targetGroups,
      environments,
      leadAgency,
      partnerAgencies: [...partnerAgencies],
      startOn: MUDAN_PROJECTS_START,
      status: 'IN_PROGRESS',
    },
    interventions,
    provenance,
    source: `${MUDAN_PROJECT_LIST}；${detail}`,
  };
}

const mudanProjects: readonly DemoProject[] = [
  mudanProject('mudan-enterprise', '企业安全', 'WORKPLACE', ['WORKERS'], ['WORKPLACE'], MUDAN_SAFETY, [], [
    done('POLICY', '制订牡丹区“安全社区”评定标准，在责任体系、管理体系、应急救援、宣传教育等方面提出明确标准。', MUDAN_SAFETY, '2008-01-02', '2008-05-31'),
    ongoing('MANAGEMENT', '实行区、乡镇、村居、片区逐级细化监管网格，分格落实责任。', MUDAN_SAFETY, '2008-06-15'),
    ongoing('MANAGEMENT', '对网格内的企业明确专人，实行分级动态监管。', MUDAN_SAFETY, '2008-06-15'),
  ], 'BRIEFING', '篇8：“四是实行全面覆盖、动态管理, 构建网格化安全监管新局面”。日期为合成。'),
  mudanProject('mudan-electrical', '用电安全', 'ELECTRICAL', ['ALL_RESIDENTS', 'FARMERS'], ['HOME', 'RURAL'], '牡丹区供电部门', [MUDAN_SAFETY], [
    done('FACILITIES', '与电力部门合作改造城乡废旧线路。', '牡丹区供电部门', '2008-03-01', '2009-06-30'),
    ongoing('PUBLICITY', '宣传安全用电常识。', '牡丹区供电部门', '2008-03-01'),
  ], 'BRIEFING', '篇8：“与电力部门合作, 改造城乡废旧线路, 宣传安全用电常识”。日期为合成。'),
  mudanProject('mudan-fire', '消防安全', 'FIRE', ['ALL_RESIDENTS'], ['HOME', 'WORKPLACE', 'PUBLIC_PLACE'], '牡丹区公安消防大队', [MUDAN_SAFETY], [
    done('PRODUCTS', '购置消防车辆。', '牡丹区公安消防大队', '2008-03-01', '2008-09-30'),
  ], 'BRIEFING', `${MUDAN_FUNDS}。日期为合成。`),
  mudanProject('mudan-pesticide', '农药中毒', 'PESTICIDE_POISONING', ['FARMERS'], ['RURAL', 'HOME'], MUDAN_SAFETY, ['各乡镇人民政府'], [
    done('PRODUCTS', '免费为农户发放用于储存农药的药箱。', MUDAN_SAFETY, '2008-03-01', '2009-06-30'),
    done('PRODUCTS', '购置农药防护服。', MUDAN_SAFETY, '2008-04-01', '2008-06-30'),
  ], 'BRIEFING', `篇1：“免费为农户发放用于储存农药的药箱”；${MUDAN_FUNDS}。日期为合成。`),
  mudanProject('mudan-traffic', '交通安全', 'ROAD_TRAFFIC', ['ALL_RESIDENTS', 'DRIVERS'], ['ROAD'], '牡丹区交警大队', ['牡丹区交通局'], [
    done('FACILITIES', '购置主要道路交通安全设施。', '牡丹区交警大队', '2008-03-01', '2008-10-31'),
  ], 'BRIEFING', `${MUDAN_FUNDS}。日期为合成。`),
  mudanProject('mudan-home', '居家安全', 'HOME', ['ALL_RESIDENTS'], ['HOME'], MUDAN_SAFETY, [], [
    ongoing('MANAGEMENT', '将安全生产“双基”工作引入社区、农村和家庭。', MUDAN_SAFETY, '2008-06-15'),
  ], 'BRIEFING', '篇8：“将安全生产‘双基’工作引入社区、农村、家庭…真正实现了安全监管无盲区、全覆盖”。日期为合成。'),
  mudanProject('mudan-elderly', '老年人安全', 'ELDERLY', ['ELDERLY'], ['HOME', 'PUBLIC_PLACE'], '牡丹区民政局', [MUDAN_SAFETY], [
    done('FACILITIES', '购置养老院安全设施。', '牡丹区民政局', '2008-03-01', '2008-10-31'),
    ongoing('SERVICE', '组织老年读报组等志愿者队伍宣传安全知识。', '各乡镇安全社区创建管理志愿者协会', '2008-06-15'),
  ], 'BRIEFING', `${MUDAN_FUNDS}；篇8：“组织各社区志愿者建立义务巡逻队、平安协会、老年读报组、秧歌队等…志愿者队伍”。日期为合成。`),
  mudanProject('mudan-school-children', '学校儿童安全', 'SCHOOL_CHILDREN', ['STUDENTS', 'CHILDREN'], ['SCHOOL'], '牡丹区教育局', [MUDAN_SAFETY], [
    done('FACILITIES', '购置校园、幼儿园安全设施。', '牡丹区教育局', '2008-03-01', '2008-08-31'),
  ], 'BRIEFING', `${MUDAN_FUNDS}。日期为合成。`),
  mudanProject('mudan-public-places', '公共场所安全', 'PUBLIC_PLACES', ['ALL_RESIDENTS', 'WORKERS'], ['PUBLIC_PLACE', 'MARKET'], MUDAN_SAFETY, ['牡丹区工商局'], [
    ongoing('MANAGEMENT', '将“双基”工作引入个体工商户、沿街门市和“9小场所”（小商场、小学校、小医院、小餐饮场所、小旅馆、小歌舞娱乐场所、小网吧、小美容洗浴场所、小生产加工企业）。', MUDAN_SAFETY, '2008-06-15'),
  ], 'BRIEFING', '篇8：“将安全生产‘双基’工作引入…个体工商户、沿街门市和9小场所”。日期为合成。'),
  mudanProject('mudan-environment', '环境安全', 'ENVIRONMENT', ['ALL_RESIDENTS'], ['RURAL', 'PUBLIC_PLACE'], '牡丹区建设局', [MUDAN_SAFETY], [
    ongoing('MANAGEMENT', '开展安全隐患排查治理。', '牡丹区建设局', '2008-03-01'),
  ], 'BRIEFING_NAMED', '篇1：“隐患治理取得显著成效”。干预措施的表述和日期为合成。'),
  mudanProject('mudan-water', '涉水安全', 'WATER', ['CHILDREN', 'STUDENTS'], ['WATER', 'RURAL'], MUDAN_SAFETY, ['牡丹区教育局'], [
    done('FACILITIES', '在坑塘、河道等危险水域设置警示标志。', '各乡镇人民政府', '2008-05-01', '2008-06-30'),
    ongoing('PUBLICITY', '暑假前开展中小学生防溺水宣传教育。', '牡丹区教育局', '2008-06-15'),
  ], 'BRIEFING_NAMED', '简报只列出项目名称；干预措施和日期为合成。'),
  mudanProject('mudan-public-security', '社会治安安全', 'PUBLIC_SECURITY', ['ALL_RESIDENTS'], ['HOME', 'PUBLIC_PLACE'], '牡丹区公安分局', [MUDAN_SAFETY], [
    ongoing('SERVICE', '与公安部门合作深入开展“防盗防贼保平安”活动。', '牡丹区公安分局', '2008-03-01'),
    ongoing('SERVICE', '组织义务巡逻队、平安协会开展治安巡逻。', '各乡镇安全社区创建管理志愿者协会', '2008-06-15'),
  ], 'BRIEFING', '篇8：“与公安部门合作, 深入开展‘防盗防贼保平安’活动”；“义务巡逻队、平安协会”。日期为合成。'),
  mudanProject('mudan-farm-machinery', '防农用机械伤害', 'AGRICULTURAL_MACHINERY', ['FARMERS', 'DRIVERS'], ['RURAL', 'ROAD'], '牡丹区农机部门', [MUDAN_SAFETY], [
    ongoing('MANAGEMENT', '与农机部门合作开展“平安农机”建设。', '牡丹区农机部门', '2008-03-01'),
    ongoing('PUBLICITY', '开展“防农用机械伤害”宣传教育。', '牡丹区农机部门', '2008-03-01'),
  ], 'BRIEFING', '篇8：“与农机部门合作, 开展‘平安农机’建设和‘防农用机械伤害’宣传教育”（不在篇1的项目清单中）。日期为合成。'),
];

const DONGCHENG_SOURCE = '篇8：“东城办事处一直把消防知识进村居、进家庭、进学校、进机关、进企业的‘五进’活动作为社区日常工作的重要内容, 先后发放消防安全宣传资料1 800余份, 消防安全挂历360套, 消防安全手册870份…每年进行2次消防安全演练”';

const dongchengProjects: readonly DemoProject[] = [
  {
    key: 'dongcheng-fire-five-into',
    communityKey: DONGCHENG,
    input: {
      name: '消防安全促进项目（消防“五进”）',
      category: 'FIRE',
      targetGroups: ['ALL_RESIDENTS', 'STUDENTS', 'WORKERS'],
      environments: ['HOME', 'SCHOOL', 'WORKPLACE', 'PUBLIC_PLACE'],
      goals: [{ indicator: '每年消防安全演练次数', target: 2, unit: '次' }],
      leadAgency: '东城街道办事处',
      partnerAgencies: ['牡丹区公安消防大队'],
      startOn: '2008-07-01',
      status: 'IN_PROGRESS',
    },
    interventions: [
      ongoing('PUBLICITY', '开展消防知识进村居、进家庭、进学校、进机关、进企业的“五进”活动，作为社区日常工作。', '东城街道办事处', '2008-07-01'),
      done('PUBLICITY', '向各单位、企业和居民户发放消防安全宣传资料1800余份、消防安全挂历360套、消防安全手册870份。', '东城街道办事处', '2008-07-01', '2010-06-30'),
      ongoing('SERVICE', '每年进行2次消防安全演练，让居民掌握火灾的预防及救援常识和一定的自救本领。', '东城街道办事处', '2009-01-01'),
    ],
    provenance: 'BRIEFING',
    source: `${DONGCHENG_SOURCE}。日期为合成。`,
  },
];

export const demoProjects: readonly DemoProject[] = [
  ...nantaProjects,
  ...jiulongProjects,
  ...wudianProjects,
  ...mudanProjects,
  ...dongchengProjects,
];

// ---------------------------------------------------------------------------------------------
// Trainings, drills, lectures, publicity, inspections
// ---------------------------------------------------------------------------------------------

/**
 * 东城: "每年进行2次消防安全演练". The briefing gives neither dates nor attendance: the drills fall on
 * 5·12 (防灾减灾日) and 11·9 (消防宣传日) of 2009–2011, attendance SYNTHETIC.
 */
const dongchengDrills: readonly DemoActivity[] = (
  [
    ['2009-05-12', 180],
    ['2009-11-09', 210],
    ['2010-05-12', 240],
    ['2010-11-09', 260],
    ['2011-05-12', 250],
    ['2011-11-09', 280],
  ] as const
).map(([heldOn, attendeeCount]) => ({
  key: `dongcheng-fire-drill-${heldOn}`,
  communityKey: DONGCHENG,
  projectKey: 'dongcheng-fire-five-into',
  input: {
    kind: 'DRILL',
    topic: '消防安全演练',
    heldOn,
    audienceGroups: ['ALL_RESIDENTS'],
    attendeeCount,
    organiser: '东城街道办事处',
    description: '火灾预防、初起火灾扑救、疏散逃生和自救演练。',
  },
  provenance: 'BRIEFING',
  source: `${DONGCHENG_SOURCE}。每年2次为简报所给；日期（5·12、11·9）和参加人数为合成。`,
}));

/**
 * 东城's materials: the totals (1 800 leaflets, 360 calendars, 870 handbooks) are the briefing's
 * ("先后发放", cumulative); their split over two campaigns, the dates and the audience are SYNTHETIC.
 */
const dongchengPublicity: readonly DemoActivity[] = [
  {
    key: 'dongcheng-fire-publicity-2009',
    communityKey: DONGCHENG,
    projectKey: 'dongcheng-fire-five-into',
    input: {
      kind: 'PUBLICITY_CAMPAIGN',
      topic: '消防知识“五进”宣传（资料、挂历）',
      heldOn: '2009-11-09',
      audienceGroups: ['ALL_RESIDENTS', 'WORKERS'],
      attendeeCount: 0,
      materials: [
        { kind: 'LEAFLET', quantity: 1000, description: '消防安全宣传资料' },
        { kind: 'CALENDAR', quantity: 360, description: '消防安全挂历' },
      ],
      organiser: '东城街道办事处',
      description: '分发到各单位、企业和居民户。',
    },
    provenance: 'BRIEFING',
    source: `${DONGCHENG_SOURCE}。总数为简报所给；分两次发放的拆分、日期为合成。`,
  },
  {
    key: 'dongcheng-fire-publicity-2010',
    communityKey: DONGCHENG,
    projectKey: 'dongcheng-fire-five-into',
    input: {
      kind: 'PUBLICITY_CAMPAIGN',
      topic: '消防知识“五进”宣传（资料、手册）',
      heldOn: '2010-06-20',
      audienceGroups: ['ALL_RESIDENTS', 'STUDENTS', 'WORKERS'],
      attendeeCount: 0,
      materials: [
        { kind: 'LEAFLET', quantity: 800, description: '消防安全宣传资料' },
        { kind: 'HANDBOOK', quantity: 870, description: '消防安全手册' },
      ],
      organiser: '东城街道办事处',
      description: '进村居、进家庭、进学校、进机关、进企业，分发到各单位、企业和居民户。',
    },
    provenance: 'BRIEFING',
    source: `${DONGCHENG_SOURCE}。总数为简报所给；分两次发放的拆分、日期为合成。`,
  },
];

const BINZHOU_UNITS = ['binzhou-kfq-dudian', 'binzhou-kfq-shahe', 'binzhou-kfq-lize', 'binzhou-shengli-binnan'] as const;

/**
 * 篇2: the first training right after the city's launch ceremony on 2009-05-09 (exact date), 160+
 * attendees in all. Each unit sent its "主要负责人、分管负责人、牵头单位负责人": 3 attendees per unit.
 */
const binzhouLaunchTraining: readonly DemoActivity[] = BINZHOU_UNITS.map((communityKey) => ({
  key: `${communityKey}-launch-training-2009-05-09`,
  communityKey,
  input: {
    kind: 'TRAINING',
    topic: '全市安全社区创建启动仪式后的首次培训',
    heldOn: '2009-05-09',
    audienceGroups: ['OTHER'],
    attendeeCount: 3,
    organiser: '滨州市人民政府安全生产委员会办公室',
    description:
      '全国安全社区促进中心专家介绍安全社区概念内涵、创建基本原则、中国安全社区发展历程、《安全社区建设基本要求》（AQ/T 9001-2006）和如何开展创建；济南市槐荫区安监局介绍创建全国安全社区和国际安全区的步骤、方法和经验教训。全市共160多人参加启动仪式和培训。',
  },
  provenance: 'BRIEFING',
  source: '篇2（滨州简报2009年第1期）：“启动仪式结束后, 进行了首次培训…24个创建安全社区乡镇(办)和企业主导型安全社区胜利油田滨南社区主要负责人、分管负责人、牵头单位负责人…共160多人参加”。日期为简报所给；每单位3人按简报所列三类负责人计。',
}));

/**
 * 篇1: the study trip of 滨州经济开发区 to 西城 and 吴店, 2009-09-03/04 (exact), 13 participants in all
 * (区安监局 and the three units). The split of the 13 over the three units (4 each, 1 from the
 * 安监局) is SYNTHETIC.
 */
const binzhouStudyTrip: readonly DemoActivity[] = (['binzhou-kfq-dudian', 'binzhou-kfq-shahe', 'binzhou-kfq-lize'] as const).map(
  (communityKey) => ({
    key: `${communityKey}-study-trip-2009-09-03`,
    communityKey,
    input: {
      kind: 'TRAINING',
      topic: '赴菏泽市牡丹区西城街道、吴店镇学习考察全国安全社区创建经验',
      heldOn: '2009-09-03',
      audienceGroups: ['OTHER'],
      attendeeCount: 4,
      organiser: '滨州经济开发区安全生产监督管理局',
      description: '9月3日至4日，考察组一行13人考察学习两个国家级安全社区的创建经验，特别是吴店镇农村社区创建的做法。',
    },
    provenance: 'BRIEFING',
    source: '篇1（滨州简报2009年第5期）：“区安监局组织安全社区创建工作学习考察组一行13人, 于9月3日至4日到菏泽市牡丹区西城街道和吴店镇考察学习”。日期为简报所给；13人在三个办事处间的拆分为合成。',
  }),
);

/** 南塔 (篇12): activities the briefing describes; dates and attendance SYNTHETIC (2011). */
const nantaActivities: readonly DemoActivity[] = [
  {
    key: 'nanta-warehouse-keeper-training-2011',
    communityKey: NANTA,
    projectKey: 'nanta-warehouse-fire',
    input: {
      kind: 'TRAINING',
      topic: '库房责任人消防安全培训',
      heldOn: '2011-06-10',
      audienceGroups: ['WORKERS'],
      attendeeCount: 210,
      organiser: NANTA_SAFETY_OFFICE,
      description: '库房使用制度、用电规范、严禁储存易燃危险品、严禁在库房内办公、出入管理。',
    },
    provenance: 'BRIEFING',
    source: '篇12：“开展库房防火安全专项整治活动, 集中对库房责任人进行培训”。日期和人数为合成。',
  },
  {
    key: 'nanta-gas-lecture-2011',
    communityKey: NANTA,
    projectKey: 'nanta-workplace',
    input: {
      kind: 'LECTURE',
      topic: '煤气知识义务讲座',
      heldOn: '2011-07-20',
      audienceGroups: ['WORKERS', 'ALL_RESIDENTS'],
      attendeeCount: 85,
      organiser: NANTA_OFFICE,
      description: '普及煤气安全知识，纠正煤气罐使用不规范的行为。',
    },
    provenance: 'BRIEFING',
    source: '篇12：“开展煤气知识义务讲座, 普及煤气安全知识”。日期和人数为合成。',
  },
  {
    key: 'nanta-traffic-lecture-2011',
    communityKey: NANTA,
    projectKey: 'nanta-market-traffic',
    input: {
      kind: 'LECTURE',
      topic: '交通安全知识讲座和法律咨询',
      heldOn: '2011-07-10',
      audienceGroups: ['ALL_RESIDENTS', 'DRIVERS'],
      attendeeCount: 120,
      materials: [{ kind: 'LEAFLET', quantity: 500, description: '交通安全宣传材料' }],
      organiser: '兼职交通安全宣传员队伍',
    },
    provenance: 'BRIEFING',
    source: '篇12：“设立兼职交通安全宣传员, 以讲座、法律咨询、发放宣传材料等形式进行相关知识普及”。日期、人数和材料数量为合成。',
  },
  {
    key: 'nanta-extinguisher-training-2011',
    communityKey: NANTA,
    projectKey: 'nanta-old-compounds',
    input: {
      kind: 'TRAINING',
      topic: '老旧小区消防器材使用方法培训',
      heldOn: '2011-08-18',
      audienceGroups: ['ALL_RESIDENTS', 'ELDERLY'],
      attendeeCount: 150,
      organiser: '南塔街道各社区居委会',
    },
    provenance: 'BRIEFING',
    source: '篇12：“配备消防器材, 普及消防器材的使用方法。定期开展消防安全知识宣传教育培训”。日期和人数为合成。',
  },
  {
    key: 'nanta-school-self-rescue-lecture-2011',
    communityKey: NANTA,
    projectKey: 'nanta-schools',
    input: {
      kind: 'LECTURE',
      topic: '事故自救自护知识讲座',
      heldOn: '2011-09-20',
      audienceGroups: ['STUDENTS'],
      attendeeCount: 420,
      organiser: '沈河区消防大队',
    },
    provenance: 'BRIEFING',
    source: '篇12：“邀请消防大队干事到学校开展事故自救自护知识讲座、事故演习等活动”。日期和人数为合成。',
  },
  {
    key: 'nanta-school-drill-2011',
    communityKey: NANTA,
    projectKey: 'nanta-schools',
    input: {
      kind: 'DRILL',
      topic: '校园事故应急疏散演习',
      heldOn: '2011-11-09',
      audienceGroups: ['STUDENTS', 'CHILDREN'],
      attendeeCount: 560,
      organiser: '沈河区消防大队',
    },
    provenance: 'BRIEFING',
    source: '篇12：“邀请消防大队干事到学校开展…事故演习等活动”。日期和人数为合成。',
  },
  // "坚持每月进行联合执法检查": the monthly joint inspections of the building sites, June–December 2011.
  ...(['2011-06-28', '2011-07-27', '2011-08-30', '2011-09-28', '2011-10-27', '2011-11-29', '2011-12-28'] as const).map(
    (heldOn): DemoActivity => ({
      key: `nanta-construction-joint-inspection-${heldOn}`,
      communityKey: NANTA,
      projectKey: 'nanta-construction',
      input: {
        kind: 'INSPECTION',
        topic: '建筑工地联合执法检查',
        heldOn,
        audienceGroups: ['MIGRANT_WORKERS'],
        attendeeCount: 6,
        organiser: NANTA_OFFICE,
        description: '检查万科柏翠园、群升新天地工地：大型机械、特种作业人员持证、安全带和安全帽、民工宿舍电线与疏散通道；当场责令整改。',
      },
      provenance: 'BRIEFING',
      source: '篇12：“坚持每月进行联合执法检查, 对发现的违法行为当场责令立即整改”。每月一次为简报所给；日期和检查人员数为合成。',
    }),
  ),
  ...(['2011-09-15', '2011-12-15'] as const).map(
    (heldOn): DemoActivity => ({
      key: `nanta-public-facilities-inspection-${heldOn}`,
      communityKey: NANTA,
      projectKey: 'nanta-public-facilities',
      input: {
        kind: 'INSPECTION',
        topic: '排污井盖、化粪池、煤气进户管线、高压变电箱巡检',
        heldOn,
        audienceGroups: ['ALL_RESIDENTS'],
        attendeeCount: 8,
        organiser: NANTA_OFFICE,
      },
      provenance: 'BRIEFING',
      source: '篇12：“定期对排污井盖、化粪池、煤气进户管线、高压变电箱进行巡检”。日期和人数为合成。',
    }),
  ),
];

/** 九龙 (篇3): the district projects' activities; dates and attendance SYNTHETIC. */
const jiulongActivities: readonly DemoActivity[] = [
  {
    key: 'jiulong-after-hours-training-2010',
    communityKey: JIULONG,
    projectKey: 'jiulong-after-hours',
    input: {
      kind: 'TRAINING',
      topic: '“八小时以外”安全生产和防灾减灾培训',
      heldOn: '2010-08-14',
      audienceGroups: ['MIGRANT_WORKERS'],
      attendeeCount: 160,
      organiser: JIULONG_GOV,
    },
    provenance: 'BRIEFING',
    source: '篇3：“在务工人员工作时间之外, 开展防灾减灾、安全生产、应急模拟演练”。日期和人数为合成。',
  },
  {
    key: 'jiulong-after-hours-drill-2011',
    communityKey: JIULONG,
    projectKey: 'jiulong-after-hours',
    input: {
      kind: 'DRILL',
      topic: '外来务工人员应急模拟演练',
      heldOn: '2011-07-16',
      audienceGroups: ['MIGRANT_WORKERS'],
      attendeeCount: 120,
      organiser: JIULONG_GOV,
    },
    provenance: 'BRIEFING',
    source: '篇3：“开展防灾减灾、安全生产、应急模拟演练, 提升其安全意识和自救互救能力”。日期和人数为合成。',
  },
  {
    key: 'jiulong-four-thirty-safety-lesson-2011',
    communityKey: JIULONG,
    projectKey: 'jiulong-four-thirty-school',
    input: {
      kind: 'LECTURE',
      topic: '“四点半学校”儿童安全教育课',
      heldOn: '2011-04-22',
      audienceGroups: ['CHILDREN', 'STUDENTS'],
      attendeeCount: 65,
      organiser: '辖区中小学',
    },
    provenance: 'BRIEFING',
    source: '篇3：“在辅导作业之后, 也适时进行一些儿童的安全教育”。日期和人数为合成。',
  },
  {
    key: 'jiulong-village-patrol-2011',
    communityKey: JIULONG,
    projectKey: 'jiulong-beautiful-village',
    input: {
      kind: 'INSPECTION',
      topic: '“美丽乡村”群众巡查队环境卫生巡查',
      heldOn: '2011-05-08',
      audienceGroups: ['FARMERS'],
      attendeeCount: 56,
      organiser: '九龙镇群众巡查队',
    },
    provenance: 'BRIEFING',
    source: '篇3：“广泛发动群众通过组成巡查队加强巡查等方式参与到‘美丽乡村’项目中来”。日期和人数为合成。',
  },
];

/** 牡丹区 and 吴店 (篇1, 篇8): forms of publicity and study the briefings list; dates and numbers SYNTHETIC. */
const mudanActivities: readonly DemoActivity[] = [
  {
    key: 'mudan-study-trips-2008',
    communityKey: MUDAN,
    input: {
      kind: 'TRAINING',
      topic: '赴上海、济南、青岛、西安、九江等地学习安全社区创建经验',
      heldOn: '2008-08-20',
      audienceGroups: ['OTHER'],
      attendeeCount: 30,
      organiser: MUDAN_SAFETY,
      description: '专家讲授、现场观摩、经验交流。',
    },
    provenance: 'BRIEFING',
    source: '篇8：“多次组织有关部门和乡镇到上海、济南、青岛、西安、九江等地学习, 通过专家讲授、现场观摩、经验交流等方式”。日期和人数为合成（简报说“多次”，此处记一次）。',
  },
  {
    key: 'mudan-folk-art-publicity-2008',
    communityKey: MUDAN,
    input: {
      kind: 'PUBLICITY_CAMPAIGN',
      topic: '山东琴书、秧歌等文艺形式宣传社区安全',
      heldOn: '2008-09-26',
      audienceGroups: ['ALL_RESIDENTS', 'FARMERS'],
      attendeeCount: 1500,
      materials: [
        { kind: 'LEAFLET', quantity: 5000, description: '带有安全知识和实用价值的宣传材料' },
        { kind: 'POSTER', quantity: 300, description: '宣传画、警示标语' },
      ],
      organiser: '牡丹区安全社区推进委员会',
      description: '组织民间团体和志愿者演出，免费为企业、村居发放宣传材料。',
    },
    provenance: 'BRIEFING',
    source: '篇1：“组织民间团体和志愿者, 用山东琴书、秧歌等艺术形式宣传社区安全, 免费为企业、村居发放带有安全知识和具有实用价值的宣传材料…设臵宣传画、警示标语”。日期、人数和材料数量为合成。',
  },
  {
    key: 'wudian-pesticide-training-2008',
    communityKey: WUDIAN,
    projectKey: 'wudian-pesticide',
    input: {
      kind: 'TRAINING',
      topic: '农药安全存放和喷洒防护培训',
      heldOn: '2008-05-16',
      audienceGroups: ['FARMERS'],
      attendeeCount: 240,
      organiser: WUDIAN_GOV,
      description: '讲解农药储存箱和防毒隔膜的使用，纠正农药乱丢乱放、喷洒无防护的做法。',
    },
    provenance: 'SYNTHETIC',
    source: '据篇8 链接（防农药中毒项目、农药储存箱和防毒隔膜）推断的培训；日期和人数为合成。',
  },
];

export const demoActivities: readonly DemoActivity[] = [
  ...dongchengDrills,
  ...dongchengPublicity,
  ...binzhouLaunchTraining,
  ...binzhouStudyTrip,
  ...nantaActivities,
  ...jiulongActivities,
  ...mudanActivities,
];

// ---------------------------------------------------------------------------------------------
// Surveys (知晓率、参与率)
// ---------------------------------------------------------------------------------------------

/**
 * 篇1 (2009-09-10): "安全社区创建理念覆盖率、市民知晓率、参与率在全区范围内达到了80%以上". Only the
 * threshold is the briefing's: the rates (all above 80), sample sizes and survey dates are
 * SYNTHETIC; the three units are those "已经完成…国家级安全社区创建" by then.
 */
const SURVEY_SOURCE = '篇1：“安全社区创建理念覆盖率、市民知晓率、参与率在全区范围内达到了80%以上”。80%以上为简报所给；具体比率、样本量和调查日期为合成。';

export const demoSurveys: readonly DemoSurvey[] = [
  { communityKey: MUDAN, input: { year: 2009, awarenessRate: 85.2, participationRate: 81.6, sampleSize: 2100, surveyedOn: '2009-08-20' } },
  { communityKey: 'heze-mudan-xicheng', input: { year: 2009, awarenessRate: 88.4, participationRate: 83.1, satisfactionRate: 90.2, sampleSize: 400, surveyedOn: '2009-08-10' } },
  { communityKey: WUDIAN, input: { year: 2009, awarenessRate: 86.7, participationRate: 84.5, satisfactionRate: 91.5, sampleSize: 400, surveyedOn: '2009-08-12' } },
  { communityKey: 'heze-mudan-nancheng', input: { year: 2009, awarenessRate: 85.9, participationRate: 80.8, satisfactionRate: 88.6, sampleSize: 400, surveyedOn: '2009-08-14' } },
].map((survey): DemoSurvey => ({ ...survey, provenance: 'BRIEFING_NAMED', source: SURVEY_SOURCE }));

// ---------------------------------------------------------------------------------------------
// Certifications (评定 / 验收 / 命名), consistent with each community's stageHistory
// ---------------------------------------------------------------------------------------------

const NATIONAL_EXPERTS = '国家安全社区评审委员会（全国安全社区促进中心）专家组';
const CITY_EXPERTS = '菏泽市安全社区评审组（市安监局组织）';

const mudanNationalCertifications: readonly DemoCertification[] = [
  {
    key: 'cert-heze-mudan-xicheng-national-2009',
    communityKey: 'heze-mudan-xicheng',
    application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2008-10-20' },
    review: { onSiteReviewOn: '2008-12-16', expertGroup: NATIONAL_EXPERTS },
    decision: {
      decision: 'DESIGNATED',
      decidedOn: '2009-01-15',
      designatedOn: '2009-01-15',
      notes: '2009年1月通过国家安全社区评审委员会评定，被命名为“全国安全社区”（国家安监总局1月确认）。',
    },
    provenance: 'BRIEFING',
    source:
      '篇8：“2009年1月, 牡丹区西城办事处和吴店镇通过国家安全社区评审委员会评定, 被命名为‘全国安全社区’”；篇1：“分别于今年1月、3月被国家安监总局确认”。月份为简报所给；申报日期、现场评审日期和日为合成；证书编号、有效期未给出。',
  },
  {
    key: 'cert-heze-mudan-wudian-national-2009',
    communityKey: WUDIAN,
    application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2008-10-20' },
    review: { onSiteReviewOn: '2009-01-15', expertGroup: NATIONAL_EXPERTS, findings: '通过国家安全社区评审委员会评定；吴店镇为全国第1个农村安全社区。' },
    decision: {
      decision: 'DESIGNATED',
      decidedOn: '2009-03-20',
      designatedOn: '2009-03-20',
      notes: '2009年3月经国家安监总局确认为“全国安全社区”，是我国第一个获得“全国安全社区”称号的农村社区。',
    },
    provenance: 'BRIEFING',
    source:
      '篇8：“2009年1月…通过国家安全社区评审委员会评定…并且吴店镇是全国第1个农村安全社区”；篇1：“西城办事处、吴店镇分别于今年1月、3月被国家安监总局确认”。月份为简报所给；申报日期和日为合成；证书编号、有效期未给出。',
  },
  {
    key: 'cert-heze-mudan-nancheng-national-2009',
    communityKey: 'heze-mudan-nancheng',
    application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2009-04-15' },
    review: { onSiteReviewOn: '2009-06-18', expertGroup: NATIONAL_EXPERTS },
    decision: { decision: 'DESIGNATED', decidedOn: '2009-07-15', designatedOn: '2009-07-15', notes: '2009年7月通过国家安全社区评审委员会的评定。' },
    provenance: 'BRIEFING',
    source: '篇8：“同年7月, 南城办事处通过国家安全社区评审委员会的评定”。月份为简报所给；申报、现场评审日期和日为合成。',
  },
  {
    key: 'cert-heze-mudan-dongcheng-national-2010',
    communityKey: DONGCHENG,
    application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2010-05-10' },
    review: { onSiteReviewOn: '2010-08-24', expertGroup: NATIONAL_EXPERTS },
    decision: { decision: 'DESIGNATED', decidedOn: '2010-09-15', designatedOn: '2010-09-15', notes: '2010年9月通过评定验收，成为“全国安全社区”。' },
    provenance: 'BRIEFING',
    source: '篇8：“2010年9月, 东城、北城又先后通过评定验收, 成为‘全国安全社区’”。月份为简报所给；申报、现场评审日期和日为合成。',
  },
  {
    key: 'cert-heze-mudan-beicheng-national-2010',
    communityKey: 'heze-mudan-beicheng',
    application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2010-05-10' },
    review: { onSiteReviewOn: '2010-08-26', expertGroup: NATIONAL_EXPERTS },
    decision: { decision: 'DESIGNATED', decidedOn: '2010-09-25', designatedOn: '2010-09-25', notes: '2010年9月继东城之后通过评定验收，成为“全国安全社区”。' },
    provenance: 'BRIEFING',
    source: '篇8：“2010年9月, 东城、北城又先后通过评定验收, 成为‘全国安全社区’”。月份和先后顺序为简报所给；申报、现场评审日期和日为合成。',
  },
];

/** The 16 units accepted at city level (篇8 gives no date: see MUDAN_CITY_LEVEL_ACCEPTED in demo-communities.ts). */
const MUDAN_CITY_LEVEL_KEYS = [
  'heze-mudan-mudan',
  'heze-mudan-yuecheng',
  'heze-mudan-dianhutun',
  'heze-mudan-huangzhen',
  'heze-mudan-wanghaotun',
  'heze-mudan-huanggang',
  'heze-mudan-dusi',
  'heze-mudan-gaozhuang',
  'heze-mudan-xiaoliu',
  'heze-mudan-licun',
  'heze-mudan-anxing',
  'heze-mudan-huji',
  'heze-mudan-lvling',
  'heze-mudan-malinggang',
  'heze-mudan-dahuangji',
  'heze-mudan-shatu',
] as const;

const mudanCityCertifications: readonly DemoCertification[] = MUDAN_CITY_LEVEL_KEYS.map((communityKey) => ({
  key: `cert-${communityKey}-city-2010`,
  communityKey,
  application: { level: 'CITY', standardVersion: '牡丹区“安全社区”评定标准', appliedOn: '2010-10-15' },
  review: { onSiteReviewOn: '2010-11-25', expertGroup: CITY_EXPERTS },
  decision: { decision: 'DESIGNATED', decidedOn: '2010-12-20', designatedOn: '2010-12-20', notes: '通过市级验收，成为“市级安全社区”。' },
  provenance: 'BRIEFING_NAMED',
  source:
    '篇8：“其余16个乡镇也全部通过市级验收, 成为‘市级安全社区’”；篇8：区安监局“制订了牡丹区‘安全社区’评定标准”。验收本身为简报所给；申报、评审、验收日期均为合成（与demo-communities.ts的MUDAN_CITY_LEVEL_ACCEPTED一致）。',
}));

const jiulongCertification: DemoCertification = {
  key: 'cert-guangzhou-luogang-jiulong-national-2012',
  communityKey: JIULONG,
  application: { level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2012-03-20' },
  review: {
    onSiteReviewOn: '2012-06-15',
    expertGroup: '国家安全社区建设办公室专家组',
    findings: '对九龙镇24个促进项目评价有佳，肯定了九龙镇全国安全社区创建工作的思路。',
  },
  decision: {
    decision: 'DESIGNATED',
    decidedOn: '2012-10-15',
    designatedOn: '2012-10-15',
    notes: '广东省第1个获得“全国安全社区”称号的乡镇；萝岗区由此成为全省首个所有街镇都成功创建全国安全社区的行政区。',
  },
  provenance: 'BRIEFING',
  source:
    '篇3：“6月份, 国家安全社区建设办公室专家组到九龙镇进行现场评审时, 对九龙镇24个促进项目评价有佳”；“九龙镇也成为广东省第1个获得‘全国安全社区’称号的乡镇”。评审月份为简报所给（年份2012据“2009年…3年来”推断）；申报日期、命名日期为合成。',
};

export const demoCertifications: readonly DemoCertification[] = [
  ...mudanNationalCertifications,
  ...mudanCityCertifications,
  jiulongCertification,
];

// ---------------------------------------------------------------------------------------------
// Incidents (事故与伤害): SYNTHETIC, for the 21 units of 牡丹区 as it was in 2007–2011
// ---------------------------------------------------------------------------------------------

/** An incident row as the import takes it (externalId required), without its community. */
export type DemoIncidentInput = z.input<typeof importRecordSchema>;

export interface DemoIncident {
  readonly communityKey: string;
  readonly input: DemoIncidentInput;
}

export interface IncidentTotals {
  readonly accidents: number;
  readonly deaths: number;
  readonly injured: number;
  /** Direct economic loss in fen. */
  readonly economicLoss: number;
}

export const DEMO_INCIDENT_YEARS = [2007, 2008, 2009, 2010, 2011] as const;
export type DemoIncidentYear = (typeof DEMO_INCIDENT_YEARS)[number];

/**
 * Yearly totals of the synthetic incidents. 篇8 gives no absolute numbers, only "到2009年, 全区事故
 * 起数、死亡人数、受伤人数、经济损失分别同比下降12.1%、8.9%、14.6%、10.7%" and "2010-2011年, 安全生产
 * 形势持续稳定". The totals are chosen so that 2009 against 2008, ((y2009 − y2008) / y2008 × 100)
 * rounded to one decimal, gives exactly those four figures
 * - for the 17 units whose codes lie under 371702 today (what the region aggregate of 牡丹区 shows),
 * - and for all 21 units of the district of the time (adding the 4 units now under 371771/371772).
 * Losses fall by exactly 10.7 %; 2010–2011 stay close to 2009 ("持续稳定"); 2007 is a little above 2008.
 */
export const DEMO_INCIDENT_TOTALS: Readonly<Record<'371702' | 'former', Readonly<Record<DemoIncidentYear, IncidentTotals>>>> = {
  // 330 → 290: −12.12 %; 45 → 41: −8.89 %; 390 → 333: −14.62 %; 6 000 000.00 → 5 358 000.00 yuan: −10.70 %.
  '371702': {
    2007: { accidents: 352, deaths: 49, injured: 421, economicLoss: 652_000_000 },
    2008: { accidents: 330, deaths: 45, injured: 390, economicLoss: 600_000_000 },
    2009: { accidents: 290, deaths: 41, injured: 333, economicLoss: 535_800_000 },
    2010: { accidents: 281, deaths: 40, injured: 322, economicLoss: 521_300_000 },
    2011: { accidents: 276, deaths: 39, injured: 316, economicLoss: 515_000_000 },
  },
  // With these, the 21 units: 388 → 341: −12.11 %; 56 → 51: −8.93 %; 458 → 391: −14.63 %; −10.70 %.
  former: {
    2007: { accidents: 62, deaths: 12, injured: 73, economicLoss: 131_000_000 },
    2008: { accidents: 58, deaths: 11, injured: 68, economicLoss: 120_000_000 },
    2009: { accidents: 51, deaths: 10, injured: 58, economicLoss: 107_160_000 },
    2010: { accidents: 50, deaths: 10, injured: 57, economicLoss: 105_000_000 },
    2011: { accidents: 49, deaths: 9, injured: 55, economicLoss: 103_500_000 },
  },
};

interface IncidentUnit {
  readonly key: string;
  /** 'former': 岳程、佃户屯 (now 371771), 吕陵、马岭岗 (now 371772). */
  readonly group: '371702' | 'former';
  readonly setting: 'URBAN' | 'RURAL';
  /** Relative share of the district's incidents (synthetic). */
  readonly weight: number;
}

const INCIDENT_UNITS: readonly IncidentUnit[] = [
  { key: 'heze-mudan-dongcheng', group: '371702', setting: 'URBAN', weight: 1.0 },
  { key: 'heze-mudan-xicheng', group: '371702', setting: 'URBAN', weight: 1.0 },
  { key: 'heze-mudan-nancheng', group: '371702', setting: 'URBAN', weight: 0.9 },
  { key: 'heze-mudan-beicheng', group: '371702', setting: 'URBAN', weight: 0.9 },
  { key: 'heze-mudan-mudan', group: '371702', setting: 'URBAN', weight: 0.8 },
  { key: 'heze-mudan-huangzhen', group: '371702', setting: 'RURAL', weight: 0.9 },
  { key: 'heze-mudan-wudian', group: '371702', setting: 'RURAL', weight: 1.0 },
  { key: 'heze-mudan-shatu', group: '371702', setting: 'RURAL', weight: 1.0 },
  { key: 'heze-mudan-wanghaotun', group: '371702', setting: 'RURAL', weight: 0.9 },
  { key: 'heze-mudan-huanggang', group: '371702', setting: 'RURAL', weight: 0.9 },
  { key: 'heze-mudan-dusi', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-gaozhuang', group: '371702', setting: 'RURAL', weight: 0.9 },
  { key: 'heze-mudan-xiaoliu', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-licun', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-anxing', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-dahuangji', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-huji', group: '371702', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-yuecheng', group: 'former', setting: 'URBAN', weight: 1.0 },
  { key: 'heze-mudan-dianhutun', group: 'former', setting: 'URBAN', weight: 0.9 },
  { key: 'heze-mudan-lvling', group: 'former', setting: 'RURAL', weight: 0.8 },
  { key: 'heze-mudan-malinggang', group: 'former', setting: 'RURAL', weight: 0.9 },
];

type Cause = DemoIncidentInput['cause'];
type Place = DemoIncidentInput['place'];
type Activity = DemoIncidentInput['activity'];
type AccidentTypeName = NonNullable<DemoIncidentInput['accidentType']>;
type AgeGroup = NonNullable<DemoIncidentInput['victimAgeGroup']>;

const ADULTS: Partial<Record<AgeGroup, number>> = { AGE_15_24: 2, AGE_25_44: 5, AGE_45_59: 4, AGE_60_74: 1 };
const ALL_AGES: Partial<Record<AgeGroup, number>> = { AGE_5_14: 1, AGE_15_24: 2, AGE_25_44: 4, AGE_45_59: 3, AGE_60_74: 2, AGE_75_PLUS: 1 };
const OLD: Partial<Record<AgeGroup, number>> = { AGE_60_74: 3, AGE_75_PLUS: 4 };
const YOUNG_AND_OLD: Partial<Record<AgeGroup, number>> = { AGE_0_4: 1, AGE_5_14: 4, AGE_60_74: 2, AGE_75_PLUS: 1, AGE_25_44: 1 };
const CHILDREN_AGES: Partial<Record<AgeGroup, number>> = { AGE_0_4: 3, AGE_5_14: 4, AGE_25_44: 1, AGE_60_74: 1 };
const SWIMMERS: Partial<Record<AgeGroup, number>> = { AGE_5_14: 6, AGE_15_24: 3, AGE_25_44: 1 };

/** Month weights, January first. */
const EVEN = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const WINTER = [3, 2.5, 1.5, 1, 0.6, 0.5, 0.5, 0.5, 0.6, 1, 1.5, 3];
const SUMMER = [0, 0, 0, 0.2, 1, 4, 6, 5, 1, 0.1, 0, 0];
const HARVESTS = [0.2, 0.2, 0.5, 0.6, 1.5, 4, 1, 0.6, 1.5, 3, 1, 0.3];
const SPRAYING = [0, 0, 0.3, 1, 2, 3, 4, 3, 2, 0.5, 0, 0];
const WARM = [0.5, 0.5, 1, 1.5, 2, 2, 2, 2, 1.5, 1, 0.6, 0.5];
const DRY = [2, 2, 2, 1.5, 1, 1.5, 0.6, 0.6, 0.8, 1.5, 1.5, 2];

/**
 * One kind of incident: its classification, when and to whom it happens, and how it ends. The
 * mix follows what the briefings name for 牡丹区 (traffic, enterprises, pesticides, dogs, farm
 * machinery, water) and the usual injury-surveillance picture; all weights are synthetic.
 */
interface Scenario {
  readonly cause: Cause;
  readonly place: Place;
  readonly activity: Activity;
  readonly accidentType?: AccidentTypeName;
  readonly urban: number;
  readonly rural: number;
  readonly months: readonly number[];
  readonly hours: readonly [number, number];
  readonly ages: Partial<Record<AgeGroup, number>>;
  readonly maleShare: number;
  /** Relative chance of being one of the year's fatal incidents (0: never fatal). */
  readonly fatal: number;
  /** Relative chance of taking one more injured person. */
  readonly moreInjured: number;
  /** Share of the non-fatal ones that are 重伤. */
  readonly serious: number;
  /** Share without casualties (property loss only): fires. */
  readonly propertyOnly?: number;
  /** Typical direct loss in yuan. */
  readonly loss: number;
  /** Opening clauses, true of every age group the scenario has; the outcome is appended. */
  readonly descriptions: readonly string[];
  /** Said of a non-fatal one before its outcome (a drowning person rescued). */
  readonly survived?: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'TRAVEL', urban: 26, rural: 18, months: EVEN, hours: [6, 22], ages: ADULTS, maleShare: 0.7,
    fatal: 6, moreInjured: 6, serious: 0.3, loss: 40_000,
    descriptions: ['两辆机动车在路口相撞，', '小型客车与电动车相撞，', '夜间车辆追尾，', '车辆在雨天路滑处失控撞向路边，'],
  },
  {
    cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'TRAVEL', urban: 7, rural: 12, months: EVEN, hours: [6, 21], ages: ADULTS, maleShare: 0.85,
    fatal: 5, moreInjured: 1.5, serious: 0.35, loss: 12_000,
    descriptions: ['摩托车与货车相撞，', '摩托车驾驶人操作不当摔倒，', '无证驾驶摩托车在乡村道路上与农用车相撞，'],
  },
  {
    cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'WALKING', urban: 8, rural: 5, months: WINTER, hours: [6, 20], ages: YOUNG_AND_OLD, maleShare: 0.5,
    fatal: 4, moreInjured: 0.2, serious: 0.35, loss: 8_000,
    descriptions: ['行人横过马路时被车辆撞倒，', '行人在无信号灯路口被转弯车辆刮倒，'],
  },
  {
    cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'WORK', accidentType: 'VEHICLE', urban: 3, rural: 3, months: EVEN, hours: [5, 23], ages: ADULTS, maleShare: 0.95,
    fatal: 4, moreInjured: 1, serious: 0.35, loss: 90_000,
    descriptions: ['货运车辆在运输途中侧翻，', '运输车辆倒车时撞伤装卸人员，'],
  },
  {
    cause: 'FALL', place: 'HOME', activity: 'VITAL_ACTIVITY', urban: 11, rural: 8, months: WINTER, hours: [0, 23], ages: OLD, maleShare: 0.4,
    fatal: 1, moreInjured: 0, serious: 0.35, loss: 3_000,
    descriptions: ['老人在家中卫生间滑倒，', '老人夜间起床时跌倒，', '老人在院内台阶处摔倒，'],
  },
  {
    cause: 'FALL', place: 'PUBLIC_PLACE', activity: 'WALKING', urban: 4, rural: 2, months: [5, 4, 1, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 1, 4], hours: [6, 20], ages: ALL_AGES, maleShare: 0.45,
    fatal: 0, moreInjured: 0, serious: 0.2, loss: 2_000,
    descriptions: ['雪后路面结冰，行人滑倒，', '行人在楼道杂物处绊倒，'],
  },
  {
    cause: 'FALL', place: 'WORKPLACE', activity: 'WORK', accidentType: 'FALL_FROM_HEIGHT', urban: 5, rural: 2, months: [0.3, 0.3, 1, 1.5, 1.5, 1.5, 1.2, 1.2, 1.5, 1.5, 1, 0.5], hours: [7, 18], ages: ADULTS, maleShare: 0.95,
    fatal: 5, moreInjured: 0.2, serious: 0.55, loss: 45_000,
    descriptions: ['建筑工地作业人员从脚手架坠落，', '工人在厂房屋顶维修时未系安全带坠落，'],
  },
  {
    cause: 'MACHINERY', place: 'WORKPLACE', activity: 'WORK', accidentType: 'MACHINERY', urban: 6, rural: 3, months: EVEN, hours: [7, 22], ages: ADULTS, maleShare: 0.8,
    fatal: 2, moreInjured: 0.2, serious: 0.4, loss: 25_000,
    descriptions: ['工人操作机床时手部被卷入，', '加工企业设备检修时未停机，', '木材加工厂员工操作电锯时，'],
  },
  {
    cause: 'MACHINERY', place: 'FARMLAND', activity: 'FARMING', urban: 0, rural: 10, months: HARVESTS, hours: [5, 20], ages: ADULTS, maleShare: 0.85,
    fatal: 3, moreInjured: 0.3, serious: 0.4, loss: 15_000,
    descriptions: ['麦收期间操作收割机时，', '农用三轮车在田间道路侧翻，', '脱粒机作业时衣物被卷入，', '拖拉机在田间掉头时翻车，'],
  },
  {
    cause: 'POISONING', place: 'FARMLAND', activity: 'FARMING', urban: 0, rural: 6, months: SPRAYING, hours: [6, 18], ages: ADULTS, maleShare: 0.6,
    fatal: 1, moreInjured: 0.3, serious: 0.3, loss: 2_500,
    descriptions: ['喷洒农药时未采取防护措施，引起农药中毒，', '高温天气连续喷洒农药，引起中毒，'],
  },
  {
    cause: 'POISONING', place: 'HOME', activity: 'VITAL_ACTIVITY', urban: 0.5, rural: 3, months: SPRAYING, hours: [7, 21], ages: CHILDREN_AGES, maleShare: 0.55,
    fatal: 2, moreInjured: 0, serious: 0.45, loss: 3_000,
    descriptions: ['误服家中存放不当的农药，', '农药与饮料瓶混放被误服，'],
  },
  {
    cause: 'POISONING', place: 'HOME', activity: 'VITAL_ACTIVITY', urban: 2, rural: 3, months: [5, 4, 1.5, 0.3, 0, 0, 0, 0, 0, 0.5, 3, 5], hours: [0, 8], ages: ALL_AGES, maleShare: 0.5,
    fatal: 3, moreInjured: 1.5, serious: 0.4, loss: 3_000,
    descriptions: ['冬季门窗紧闭使用煤炉取暖，引起一氧化碳中毒，'],
  },
  {
    cause: 'ANIMAL_BITE', place: 'HOME', activity: 'LEISURE', urban: 2, rural: 6, months: WARM, hours: [7, 20], ages: YOUNG_AND_OLD, maleShare: 0.55,
    fatal: 0, moreInjured: 0, serious: 0.02, loss: 600,
    descriptions: ['在邻居家门口玩耍时被犬只咬伤，', '给自家犬只喂食时被咬伤，'],
  },
  {
    cause: 'ANIMAL_BITE', place: 'ROAD', activity: 'WALKING', urban: 1.5, rural: 4, months: WARM, hours: [6, 21], ages: ALL_AGES, maleShare: 0.5,
    fatal: 0, moreInjured: 0.1, serious: 0.02, loss: 600,
    descriptions: ['行人在村内道路被散养犬只咬伤，', '行人路过村口时被流浪犬咬伤，'],
  },
  {
    cause: 'BURN', place: 'HOME', activity: 'HOUSEWORK', urban: 5, rural: 5, months: WINTER, hours: [6, 21], ages: { AGE_0_4: 3, AGE_5_14: 1, AGE_25_44: 2, AGE_45_59: 2, AGE_60_74: 2 }, maleShare: 0.45,
    fatal: 0, moreInjured: 0, serious: 0.12, loss: 2_000,
    descriptions: ['做饭时热油溅出，', '不慎打翻热水瓶，', '冬季使用煤炉取暖时不慎，'],
  },
  {
    cause: 'FIRE', place: 'HOME', activity: 'VITAL_ACTIVITY', urban: 3, rural: 4, months: DRY, hours: [0, 23], ages: ALL_AGES, maleShare: 0.5,
    fatal: 0, moreInjured: 0.3, serious: 0.15, propertyOnly: 0.8, loss: 30_000,
    descriptions: ['民房电气线路老化引起火灾，', '秸秆堆垛起火，', '冬季取暖炉引燃杂物起火，'],
  },
  {
    cause: 'FIRE', place: 'COMMERCIAL', activity: 'WORK', urban: 2.5, rural: 1, months: DRY, hours: [0, 23], ages: ADULTS, maleShare: 0.6,
    fatal: 0, moreInjured: 0.3, serious: 0.15, propertyOnly: 0.85, loss: 80_000,
    descriptions: ['沿街门市电气故障起火，烧毁部分货物，', '小餐饮场所后厨液化气使用不当起火，'],
  },
  {
    cause: 'FIRE', place: 'WORKPLACE', activity: 'WORK', accidentType: 'FIRE', urban: 2, rural: 1.5, months: DRY, hours: [0, 23], ages: ADULTS, maleShare: 0.7,
    fatal: 0, moreInjured: 0.3, serious: 0.15, propertyOnly: 0.8, loss: 120_000,
    descriptions: ['加工厂仓库起火，烧毁部分原料，', '木材加工厂锯末起火，'],
  },
  {
    cause: 'DROWNING', place: 'WATER', activity: 'SPORT', urban: 0.8, rural: 3, months: SUMMER, hours: [10, 19], ages: SWIMMERS, maleShare: 0.85,
    fatal: 7, moreInjured: 0.3, serious: 0.5, loss: 1_000,
    descriptions: ['到坑塘游泳时溺水，', '私自到河道戏水时溺水，'],
    survived: '经抢救脱险，',
  },
  {
    cause: 'ELECTRIC_SHOCK', place: 'HOME', activity: 'HOUSEWORK', urban: 1.5, rural: 2, months: SUMMER.map((weight) => weight + 1), hours: [7, 21], ages: ADULTS, maleShare: 0.6,
    fatal: 3, moreInjured: 0, serious: 0.35, loss: 2_000,
    descriptions: ['私拉乱接电线，', '雨后接触漏电的家用电器，'],
  },
  {
    cause: 'ELECTRIC_SHOCK', place: 'WORKPLACE', activity: 'WORK', accidentType: 'ELECTROCUTION', urban: 1, rural: 0.6, months: EVEN, hours: [7, 18], ages: ADULTS, maleShare: 0.95,
    fatal: 3, moreInjured: 0, serious: 0.4, loss: 10_000,
    descriptions: ['维修人员带电作业，'],
  },
  {
    cause: 'CUT', place: 'HOME', activity: 'HOUSEWORK', urban: 3, rural: 2.5, months: EVEN, hours: [6, 21], ages: ALL_AGES, maleShare: 0.35,
    fatal: 0, moreInjured: 0, serious: 0.03, loss: 500,
    descriptions: ['切菜时不慎，', '使用镰刀修剪时不慎，'],
  },
  {
    cause: 'CUT', place: 'WORKPLACE', activity: 'WORK', accidentType: 'OTHER_INJURY', urban: 2.5, rural: 1, months: EVEN, hours: [7, 20], ages: ADULTS, maleShare: 0.8,
    fatal: 0, moreInjured: 0, serious: 0.08, loss: 3_000,
    descriptions: ['使用切割机时不慎，', '搬运玻璃时，'],
  },
  {
    cause: 'BLUNT_FORCE', place: 'WORKPLACE', activity: 'WORK', accidentType: 'STRUCK_BY_OBJECT', urban: 3, rural: 1, months: EVEN, hours: [7, 18], ages: ADULTS, maleShare: 0.9,
    fatal: 2, moreInjured: 0.3, serious: 0.35, loss: 20_000,
    descriptions: ['施工现场高处落物，', '仓库货物堆放不稳倒塌，'],
  },
];

/** mulberry32: small, fast and good enough for demo data; the same seed gives the same records everywhere. */
export function prng(seed: string): () => number {
  let state = 2166136261;
  for (let index = 0; index < seed.length; index += 1) state = Math.imul(state ^ seed.charCodeAt(index), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let target = random() * total;
  for (const item of items) {
    target -= weight(item);
    if (target < 0) return item;
  }
  const last = items.at(-1);
  if (last === undefined) throw new Error('nothing to pick from');
  return last;
}

/** Splits a whole number over weights; the largest remainders get the leftover units. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index] = (shares[index] ?? 0) + 1;
    left -= 1;
  }
  return shares;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

interface Draft {
  readonly unit: IncidentUnit;
  readonly scenario: Scenario;
  readonly occurredAt: string;
  readonly description: string;
  readonly victimAgeGroup: AgeGroup;
  readonly victimSex: 'MALE' | 'FEMALE';
  readonly propertyOnly: boolean;
  deaths: number;
  injured: number;
  serious: boolean;
  economicLoss: number;
}

function outcome(deaths: number, injured: number): string {
  if (deaths > 0) return injured > 0 ? `造成${deaths}人死亡、${injured}人受伤。` : `造成${deaths}人死亡。`;
  return injured > 0 ? `造成${injured}人受伤。` : '无人员伤亡。';
}

/** The incidents of one group of units in one year, adding up exactly to the group's totals. */
function yearOfIncidents(group: '371702' | 'former', year: DemoIncidentYear): Draft[] {
  const totals = DEMO_INCIDENT_TOTALS[group][year];
  const random = prng(`safe-community-demo-incidents:${group}:${year}`);
  const units = INCIDENT_UNITS.filter((unit) => unit.group === group);
  const counts = apportion(
    totals.accidents,
    units.map((unit) => unit.weight * (0.85 + 0.3 * random())),
  );

  const drafts: Draft[] = [];
  units.forEach((unit, unitIndex) => {
    for (let n = 0; n < (counts[unitIndex] ?? 0); n += 1) {
      const scenario = pick(random, SCENARIOS, (s) => (unit.setting === 'URBAN' ? s.urban : s.rural));
      const month = pick(random, [...scenario.months.keys()], (m) => scenario.months[m] ?? 0) + 1;
      const day = 1 + Math.floor(random() * daysIn(year, month));
      const hour = scenario.hours[0] + Math.floor(random() * (scenario.hours[1] - scenario.hours[0] + 1));
      const minute = Math.floor(random() * 60);
      const ages = Object.entries(scenario.ages) as [AgeGroup, number][];
      drafts.push({
        unit,
        scenario,
        occurredAt: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00+08:00`,
        description: scenario.descriptions[Math.floor(random() * scenario.descriptions.length)] ?? '',
        victimAgeGroup: pick(random, ages, ([, weight]) => weight)[0],
        victimSex: random() < scenario.maleShare ? 'MALE' : 'FEMALE',
        propertyOnly: random() < (scenario.propertyOnly ?? 0),
        deaths: 0,
        injured: 0,
        serious: false,
        economicLoss: 0,
      });
    }
  });

  // Deaths: weighted sampling without replacement (Efraimidis–Spirakis keys); a few road crashes
  // take 2 lives. Never 3 or more (no 较大事故), never in a fire (no fatal fire 2006–2010).
  const doubleFatal = Math.round(totals.deaths * 0.07);
  const fatalCount = totals.deaths - doubleFatal;
  const fatal = drafts
    .filter((draft) => draft.scenario.fatal > 0 && !draft.propertyOnly)
    .map((draft) => ({ draft, key: random() ** (1 / draft.scenario.fatal) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, fatalCount)
    .map(({ draft }) => draft);
  if (fatal.length < fatalCount) throw new Error(`${group} ${year}: not enough incidents for ${fatalCount} fatal ones`);
  for (const draft of fatal) draft.deaths = 1;
  const doubles = [...fatal.filter((draft) => draft.scenario.cause === 'ROAD_TRAFFIC'), ...fatal.filter((draft) => draft.scenario.cause !== 'ROAD_TRAFFIC')];
  for (const draft of doubles.slice(0, doubleFatal)) draft.deaths = 2;

  // Injured: one for every non-fatal casualty incident, the rest to those that hurt more people.
  for (const draft of drafts) draft.injured = draft.deaths === 0 && !draft.propertyOnly ? 1 : 0;
  let extra = totals.injured - drafts.reduce((sum, draft) => sum + draft.injured, 0);
  if (extra < 0) throw new Error(`${group} ${year}: ${totals.injured} injured cannot cover the incidents`);
  const MAX_INJURED = 9; // 10 or more seriously injured would make a 较大事故
  while (extra > 0) {
    const candidates = drafts.filter((draft) => !draft.propertyOnly && draft.injured < MAX_INJURED && draft.scenario.moreInjured > 0);
    const draft = pick(random, candidates, (d) => d.scenario.moreInjured);
    draft.injured += 1;
    extra -= 1;
  }
  for (const draft of drafts) draft.serious = random() < draft.scenario.serious + (draft.injured >= 3 ? 0.2 : 0);

  // Losses: the total split by each incident's typical loss, varied, exactly to the fen.
  const lossWeights = drafts.map((draft) => draft.scenario.loss * Math.exp((random() - 0.5) * 1.6) * (1 + draft.deaths + 0.2 * draft.injured));
  apportion(totals.economicLoss, lossWeights).forEach((loss, index) => {
    const draft = drafts[index];
    if (draft) draft.economicLoss = loss;
  });
  return drafts;
}

function toInput(draft: Draft, externalId: string): DemoIncidentInput {
  const { scenario } = draft;
  const severity = draft.deaths > 0 ? 'FATAL' : draft.injured === 0 ? 'NONE' : draft.serious ? 'SERIOUS' : 'MINOR';
  return {
    externalId,
    occurredAt: draft.occurredAt,
    cause: scenario.cause,
    intent: 'UNINTENTIONAL',
    place: scenario.place,
    activity: scenario.activity,
    ...(scenario.accidentType ? { accidentType: scenario.accidentType } : {}),
    severity,
    deaths: draft.deaths,
    injured: draft.injured,
    economicLoss: draft.economicLoss,
    ...(severity === 'NONE' ? {} : { victimAgeGroup: draft.victimAgeGroup, victimSex: draft.victimSex }),
    description: `${draft.description}${draft.deaths === 0 ? (scenario.survived ?? '') : ''}${outcome(draft.deaths, draft.injured)}`,
  };
}

/**
 * Synthetic incident records (all of them) for the 21 units 牡丹区 had then, 2007–2011.
 * Deterministic: the same records, in the same order, on every machine. externalId is
 * `demo-<unit>-<year>-<nnn>`, numbered by time within the unit and year.
 */
export function demoIncidents(): DemoIncident[] {
  const incidents: DemoIncident[] = [];
  for (const year of DEMO_INCIDENT_YEARS) {
    const drafts = [...yearOfIncidents('371702', year), ...yearOfIncidents('former', year)];
    for (const unit of INCIDENT_UNITS) {
      const ofUnit = drafts.filter((draft) => draft.unit === unit).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
      const slug = unit.key.replace(/^heze-mudan-/, '');
      ofUnit.forEach((draft, index) => {
        incidents.push({ communityKey: unit.key, input: toInput(draft, `demo-${slug}-${year}-${pad(index + 1, 3)}`) });
      });
    }
  }
  return incidents;
}
