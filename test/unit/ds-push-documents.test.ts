/**
 * Every document the push sends is checked against the platform's published schema, kept beside
 * the repository (../shared/reference/demarches-simplifiees; DS_SCHEMA_FILE names it elsewhere),
 * and against the test server's own subset.
 */
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { pushDocuments } from '../../services/ds/push-documents';
import { dsFallbackSdl, dsPushSdl } from '../support/ds-sdl';
import { hasPublishedSchema, publishedSchema, publishedSchemaFile } from '../support/ds-server';

const named = pushDocuments.map((d) => [d.operationName, d] as const);

if (!hasPublishedSchema) console.warn(`${publishedSchemaFile} est absent : les documents de la transmission ne sont pas vérifiés contre le schéma publié.`);

describe.runIf(hasPublishedSchema)(`the push’s documents, against the published schema (${publishedSchemaFile})`, () => {
  const schema = hasPublishedSchema ? publishedSchema() : undefined;

  it.each(named)('%s is valid', (_name, document) => {
    expect(validate(schema!, parse(document.text)).map((e) => e.message)).toEqual([]);
  });

  it('would catch a field the schema does not have', () => {
    const wrong = pushDocuments[0]!.text.replace('dateTraitement', 'dateDecision');
    expect(validate(schema!, parse(wrong)).map((e) => e.message)).toEqual([expect.stringMatching(/dateDecision/)]);
  });
});

describe("the test server's own schema", () => {
  it.each(named)('%s is valid against the subset written for the tests', (_name, document) => {
    expect(validate(buildSchema(dsFallbackSdl + dsPushSdl), parse(document.text)).map((e) => e.message)).toEqual([]);
  });
});
