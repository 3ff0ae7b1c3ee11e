import { buildSchema, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '#generated/type-defs.ts';
import { executableSchema } from '#graphql/executable-schema.ts';
import { describeSchema } from '#graphql/schema-descriptions.ts';

/**
 * The docs a partner reads in the IDE come from the served schema. Each custom scalar there is
 * described as schema/ describes it, not as the library behind it (graphql-scalars' LocalDate and
 * JSON, our own DateTime and Money carry texts of their own).
 */
describe('custom scalars in the served schema', () => {
  const sdl = buildSchema(typeDefs);
  const scalars = Object.values(sdl.getTypeMap()).filter((type) => type.astNode?.kind === Kind.SCALAR_TYPE_DEFINITION);

  it('are the SDL\'s custom scalars, all four', () => {
    expect(scalars.map((type) => type.name).sort()).toEqual(['DateTime', 'JSON', 'LocalDate', 'Money']);
  });

  it.each(scalars.map((type) => [type.name, type.description]))('%s carries the description of schema/', (name, description) => {
    expect(description?.trim()).toBeTruthy();
    expect(describeSchema(executableSchema()).getType(name)?.description).toBe(description);
  });
});
