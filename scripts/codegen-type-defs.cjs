// GraphQL Code Generator plugin: the merged SDL as a TypeScript module, so the Lambda bundle
// carries the schema without reading .graphql files at run time.
const { printSchema } = require('graphql');

module.exports = {
  plugin(schema) {
    return `export const typeDefs = ${JSON.stringify(printSchema(schema))};\n`;
  },
};
