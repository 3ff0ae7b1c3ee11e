import { parse, validate, getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { executableSchema } from '#graphql/schema.ts';
import { estimateCost, limitValidationRules } from '#graphql/limits.ts';
const schema = executableSchema();
for (const q of [getIntrospectionQuery(), getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })]) {
  const lexer = new Lexer(new Source(q)); let n = 0; while (lexer.advance().kind !== TokenKind.EOF) n++;
  const d = parse(q);
  console.log('tokens', n, 'limit errors', validate(schema, d, limitValidationRules(true)).map(e => e.message), estimateCost(schema, d, undefined, {}, true));
}
const deep = parse(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }`);
console.log(validate(schema, deep, limitValidationRules(true)).map(e => e.message), estimateCost(schema, deep, undefined, {}, true));
