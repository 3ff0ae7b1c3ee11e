import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';

const REGION = `query($code: String!) {
  region(code: $code) { code name level fullName parent { code name level } children { code name level } }
}`;

let app: TestApp;
let editor: string;

beforeAll(async () => {
  app = await createTestApp();
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: ['any'] });
});
afterAll(() => app.close());

describe.each([0, 1])('regions through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  it.each([
    ['37', '山东省', 'PROVINCE', null, '山东省'],
    ['3717', '菏泽市', 'CITY', '37', '山东省 菏泽市'],
    ['371702', '牡丹区', 'COUNTY', '3717', '山东省 菏泽市 牡丹区'],
    ['371702101', '吴店镇', 'TOWN', '371702', '山东省 菏泽市 牡丹区 吴店镇'],
    ['210103019', '南塔街道', 'TOWN', '210103', '辽宁省 沈阳市 沈河区 南塔街道'],
  ])('resolves %s to %s', async (code, name, level, parentCode, fullName) => {
    // Act
    const response = await door().execute(REGION, { code }, editor);
    // Assess
    expect(response.body.errors).toBeUndefined();
    const region = response.body.data.region;
    expect(region).toMatchObject({ code, name, level, fullName });
    expect(region.parent?.code ?? null).toBe(parentCode);
  });

  it('lists children one level down in code order', async () => {
    const response = await door().execute(REGION, { code: '371702' }, editor);
    const children = response.body.data.region.children as { code: string; name: string; level: string }[];
    expect(children.map((child) => child.name)).toEqual(expect.arrayContaining(['西城街道', '吴店镇', '沙土镇']));
    expect(children.every((child) => child.level === 'TOWN' && child.code.startsWith('371702'))).toBe(true);
    expect(children.map((child) => child.code)).toEqual([...children.map((child) => child.code)].sort());
    const shandong = await door().execute(REGION, { code: '37' }, editor);
    expect(shandong.body.data.region.children).toHaveLength(16);
    const town = await door().execute(REGION, { code: '371702101' }, editor);
    expect(town.body.data.region.children).toEqual([]);
  });

  it.each(['99', '3799', '371799', '371702999', '3717021', 'abc', ''])('answers BAD_USER_INPUT for %j', async (code) => {
    const response = await door().execute(REGION, { code }, editor);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe('code');
  });

  it('needs a token', async () => {
    const response = await door().execute(REGION, { code: '37' });
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });
});
