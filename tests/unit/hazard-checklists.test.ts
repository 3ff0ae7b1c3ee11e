import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AQT_ELEMENTS } from '#evidence/model.ts';
import {
  bundledChecklists,
  bundledChecklist,
  type Checklist,
  checklistFileName,
  loadChecklistFile,
  resultIssues,
  validateChecklist,
} from '#hazard/checklist.ts';

const DIRECTORY = 'functions/hazard/checklists';
const file = (name: string): Record<string, any> => JSON.parse(readFileSync(`${DIRECTORY}/${name}`, 'utf8'));
const HAN = /\p{Script=Han}/u;
const restaurant = bundledChecklist('RESTAURANT')!;

describe('the bundled checklists', () => {
  it('one per kind the briefings inspect: five unit kinds and four hazard-source kinds, every file in the folder loaded', () => {
    expect(bundledChecklists().map((checklist) => `${checklist.subject}:${checklist.kind}@${checklist.version}`)).toEqual([
      'SUPERVISED_UNIT:ENTERPRISE@1',
      'SUPERVISED_UNIT:SHOP@1',
      'SUPERVISED_UNIT:RESTAURANT@1',
      'SUPERVISED_UNIT:SCHOOL@1',
      'SUPERVISED_UNIT:PUBLIC_PLACE@1',
      'HAZARD_SOURCE:SEPTIC_TANK@1',
      'HAZARD_SOURCE:GAS_SERVICE_LINE@1',
      'HAZARD_SOURCE:TRANSFORMER_BOX@1',
      'HAZARD_SOURCE:OLD_COMPOUND@1',
    ]);
    expect(readdirSync(DIRECTORY).sort()).toEqual(bundledChecklists().map(checklistFileName).sort());
    for (const name of readdirSync(DIRECTORY)) expect(validateChecklist(file(name)).issues, name).toBeUndefined();
  });

  it('bundledChecklist: the latest of a kind, a version by number, nothing for kinds without a file', () => {
    expect(restaurant.kind).toBe('RESTAURANT');
    expect(bundledChecklist('RESTAURANT', 1)).toBe(restaurant);
    expect(bundledChecklist('RESTAURANT', 2)).toBeUndefined();
    expect(bundledChecklist('OTHER')).toBeUndefined();
    expect(bundledChecklist('MANHOLE')).toBeUndefined();
  });

  it('every text Chinese with its English beside it, marked as the platform\'s own, each item on an AQ/T 9001 element', () => {
    for (const checklist of bundledChecklists()) {
      expect(checklist.source, checklist.kind).toMatch(/^本平台自拟 \(the platform's own text\): written from common Chinese inspection practice/);
      expect(HAN.test(checklist.title) && !HAN.test(checklist.titleEn), checklist.kind).toBe(true);
      expect(checklist.items.length, checklist.kind).toBeGreaterThanOrEqual(8);
      for (const item of checklist.items) {
        expect(HAN.test(item.text), `${checklist.kind} ${item.id}`).toBe(true);
        expect(HAN.test(item.textEn), `${checklist.kind} ${item.id}`).toBe(false);
        expect(AQT_ELEMENTS, `${checklist.kind} ${item.id}`).toContain(item.element);
      }
      // Inspections are monitoring (8); a checklist also bears on risks (3) or emergencies (7).
      const elements = new Set(checklist.items.map((item) => item.element));
      expect(elements.has('MONITORING') || elements.has('RISK_ASSESSMENT'), checklist.kind).toBe(true);
    }
  });

  it('restaurants check their LPG cylinders: supplier, storage, connection, upright use, detector and shut-off; each N/A only where no LPG (or no gas) is used', () => {
    const lpg = restaurant.items.filter((item) => item.id.startsWith('lpg-'));
    expect(lpg.map((item) => item.id)).toEqual(['lpg-supplier', 'lpg-storage', 'lpg-connection', 'lpg-upright']);
    for (const item of lpg) {
      expect(item.text, item.id).toMatch(/钢瓶/);
      expect(item).toMatchObject({ notApplicableAllowed: true, notApplicableWhen: 'the restaurant uses no LPG cylinders' });
    }
    expect(restaurant.items.find((item) => item.id === 'gas-alarm-cutoff')).toMatchObject({ text: expect.stringContaining('紧急切断'), notApplicableAllowed: true });
    // A kitchen's fire items apply to every restaurant.
    for (const id of ['flue-cleaning', 'kitchen-extinguishers', 'exits', 'wiring']) expect(restaurant.items.find((item) => item.id === id)?.notApplicableAllowed, id).toBe(false);
  });

  it('the hazard sources check what the briefings name: fireworks by septic tanks, leaks on gas lines, high-voltage warnings, e-bikes in old compounds', () => {
    const texts = (kind: Checklist['kind']) => bundledChecklist(kind)!.items.map((item) => item.text).join('');
    expect(texts('SEPTIC_TANK')).toContain('烟花爆竹');
    expect(texts('SEPTIC_TANK')).toContain('有限空间');
    expect(texts('GAS_SERVICE_LINE')).toContain('泄漏');
    expect(texts('TRANSFORMER_BOX')).toContain('高压危险');
    expect(texts('OLD_COMPOUND')).toContain('飞线充电');
    expect(texts('OLD_COMPOUND')).toContain('消防车通道');
  });

  it('the loaded lists cannot be changed', () => {
    expect(Object.isFrozen(restaurant) && Object.isFrozen(restaurant.items) && Object.isFrozen(restaurant.items[0])).toBe(true);
  });
});

describe('a malformed checklist file is refused, one issue per path', () => {
  const broken = (change: (checklist: any) => void, name = 'restaurant.v1.json') => {
    const checklist = file(name);
    change(checklist);
    return validateChecklist(checklist).issues ?? [];
  };
  const paths = (change: (checklist: any) => void, name?: string) => broken(change, name).map((issue) => issue.path);

  it('a bundled file that is not valid stops the load, naming the file and every issue', () => {
    const checklist = file('school.v1.json');
    checklist.items[0].element = 'PATROLS';
    checklist.items[2].notApplicableAllowed = true;
    expect(() => loadChecklistFile('school.v1.json', checklist)).toThrow(/^functions\/hazard\/checklists\/school\.v1\.json is not a valid checklist: items\.0\.element: .*$/);
    checklist.items[0].element = 'MONITORING';
    expect(() => loadChecklistFile('school.v1.json', checklist)).toThrow('functions/hazard/checklists/school.v1.json is not a valid checklist: items.2.notApplicableWhen: an item that may be N/A says when');
    expect(loadChecklistFile('school.v1.json', file('school.v1.json'))).toEqual(bundledChecklist('SCHOOL'));
  });

  it('a file named for another kind or version', () => {
    expect(() => loadChecklistFile('shop.v1.json', file('restaurant.v1.json'))).toThrow('functions/hazard/checklists/shop.v1.json is not a valid checklist: kind: RESTAURANT@1 belongs in restaurant.v1.json');
    const second = { ...file('shop.v1.json'), version: 2 };
    expect(() => loadChecklistFile('shop.v1.json', second)).toThrow(/SHOP@2 belongs in shop\.v2\.json/);
    expect(loadChecklistFile('shop.v2.json', second).version).toBe(2);
  });

  it('schema issues each at its path: an unknown element, a missing text, a bad id, an unknown field, an unknown kind', () => {
    expect(
      paths((checklist) => {
        checklist.items[0].element = 'PATROLS';
        delete checklist.items[1].textEn;
        checklist.items[2].id = 'Lpg Connection';
        checklist.items[3].points = 2;
        checklist.kind = 'BAKERY';
      }),
    ).toEqual(['kind', 'items.0.element', 'items.1.textEn', 'items.2.id', 'items.3']);
    expect(paths((checklist) => (checklist.items = []))).toEqual(['items']);
    expect(paths((checklist) => (checklist.version = 0))).toEqual(['version']);
  });

  it('each broken place is reported at its own path, once: an id repeated twice more gives two issues, one at each repeat', () => {
    const issues = broken((checklist) => {
      checklist.items[1].id = checklist.items[0].id;
      checklist.items[2].id = checklist.items[0].id;
    });
    expect(issues).toEqual([
      { path: 'items.1.id', message: 'lpg-supplier appears twice' },
      { path: 'items.2.id', message: 'lpg-supplier appears twice' },
    ]);
    expect(broken((checklist) => (checklist.items[4].text = ''))).toEqual([{ path: 'items.4.text', message: 'must not be empty' }]);
    // Many places broken at once: every path appears exactly once.
    const many = paths((checklist) => {
      checklist.version = 0.5;
      checklist.items[4].text = '';
      checklist.items[5].textEn = 'x'.repeat(301);
      checklist.items[6].extra = true;
      checklist.items[6].other = true;
    });
    expect(many).toEqual(['version', 'items.4.text', 'items.5.textEn', 'items.6']);
  });

  it('integrity: the kind within its subject, Chinese where Chinese, N/A explained exactly where allowed, one item never N/A', () => {
    expect(paths((checklist) => (checklist.subject = 'HAZARD_SOURCE'))).toEqual(['kind']);
    expect(paths((checklist) => (checklist.kind = 'SEPTIC_TANK'), 'shop.v1.json')).toEqual(['kind']);
    expect(paths((checklist) => (checklist.title = 'Restaurant checklist'))).toEqual(['title']);
    expect(paths((checklist) => (checklist.titleEn = '餐饮'))).toEqual(['titleEn']);
    expect(paths((checklist) => (checklist.items[6].text = 'Exhaust ducts cleaned'))).toEqual(['items.6.text']);
    expect(paths((checklist) => (checklist.items[6].textEn = '排油烟管道'))).toEqual(['items.6.textEn']);
    expect(paths((checklist) => delete checklist.items[0].notApplicableWhen)).toEqual(['items.0.notApplicableWhen']);
    expect(paths((checklist) => (checklist.items[6].notApplicableWhen = 'never'))).toEqual(['items.6.notApplicableWhen']);
    expect(
      paths((checklist) => {
        for (const item of checklist.items) {
          item.notApplicableAllowed = true;
          item.notApplicableWhen ??= 'not concerned';
        }
      }),
    ).toEqual(['items']);
  });
});

describe("an inspection's answers against its checklist", () => {
  const answers = (outcome: (id: string) => 'PASS' | 'FAIL' | 'NOT_APPLICABLE' = () => 'PASS') =>
    restaurant.items.map((item) => ({ itemId: item.id, outcome: outcome(item.id), ...(outcome(item.id) === 'FAIL' ? { note: '软管老化龟裂' } : {}) }));

  it('every item answered once passes; N/A where the item allows it (a kitchen with no LPG)', () => {
    expect(resultIssues(restaurant, answers())).toEqual([]);
    expect(resultIssues(restaurant, answers((id) => (id.startsWith('lpg-') ? 'NOT_APPLICABLE' : 'PASS')))).toEqual([]);
    expect(resultIssues(restaurant, answers((id) => (id === 'lpg-connection' ? 'FAIL' : 'PASS')))).toEqual([]);
  });

  it('N/A on an item every restaurant must meet is refused, naming the answer', () => {
    const index = restaurant.items.findIndex((item) => item.id === 'exits');
    expect(resultIssues(restaurant, answers((id) => (id === 'exits' ? 'NOT_APPLICABLE' : 'PASS')))).toEqual([
      { field: `results.${index}.outcome`, message: 'exits applies to every RESTAURANT: PASS or FAIL' },
    ]);
  });

  it('a FAIL without a note, an item twice, an item the checklist lacks, an item unanswered', () => {
    const results = answers();
    expect(resultIssues(restaurant, results.map((result, index) => (index === 2 ? { ...result, outcome: 'FAIL' as const } : result)))).toEqual([
      { field: 'results.2.note', message: 'a failed item says what was found' },
    ]);
    expect(resultIssues(restaurant, [...results, results[0]!])).toEqual([{ field: `results.${results.length}.itemId`, message: 'lpg-supplier is answered twice' }]);
    expect(resultIssues(restaurant, [...results, { itemId: 'fire-door', outcome: 'PASS' }])).toEqual([{ field: `results.${results.length}.itemId`, message: 'RESTAURANT@1 has no item fire-door' }]);
    expect(resultIssues(restaurant, results.slice(1))).toEqual([{ field: 'results', message: 'unanswered: lpg-supplier' }]);
  });
});
