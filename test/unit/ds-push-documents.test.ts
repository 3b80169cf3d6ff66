/**
 * Every document the push sends is checked against the platform's published schema, kept beside
 * the repository (../shared/reference/demarches-simplifiees); without it these tests are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { pushDocuments } from '../../services/ds/push-documents';

const schemaPath = process.env.DS_SCHEMA_PATH ?? resolve(import.meta.dirname, '../../../shared/reference/demarches-simplifiees/schema.graphql');
const present = existsSync(schemaPath);
if (!present) console.warn(`Schéma Démarches Simplifiées absent (${schemaPath}) : les documents de la transmission ne sont pas vérifiés.`);

describe.runIf(present)('the push’s GraphQL documents, against the published schema', () => {
  const schema = present ? buildSchema(readFileSync(schemaPath, 'utf8')) : undefined;

  it.each(pushDocuments.map((document) => [/(query|mutation) (\w+)/.exec(document)![2]!, document]))('%s is valid', (_name, document) => {
    expect(validate(schema!, parse(document)).map((e) => e.message)).toEqual([]);
  });

  it('would catch a field the schema does not have', () => {
    const wrong = pushDocuments[0]!.replace('dateTraitement', 'dateDecision');
    expect(validate(schema!, parse(wrong)).map((e) => e.message)).toEqual([expect.stringMatching(/dateDecision/)]);
  });
});
