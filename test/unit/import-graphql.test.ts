import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDossierFile } from '../../services/import';
import { AppError } from '../../shared/result';

type Json = Record<string, unknown> & { champs: Json[]; rows: { champs: Json[] }[] };

const answer = JSON.parse(
  readFileSync(resolve(__dirname, '../fixtures/samples/demarches-simplifiees/dossier-graphql.json'), 'utf8'),
) as { data: { dossier: Json } };
const fixture = answer.data.dossier;

/** A copy of the fixture's dossier with another number, changed by `edit`. */
function dossier(number: number, edit: (d: Json) => void = () => {}): Json {
  const copy = structuredClone(fixture);
  copy.number = number;
  edit(copy);
  return copy;
}
const champ = (d: Json, label: string): Json => d.champs.find((c) => c.label === label)!;
const bytes = (json: unknown) => Buffer.from(JSON.stringify(json));
const page = (...nodes: unknown[]) => ({ data: { demarche: { dossiers: { nodes } } } });

describe('GraphQL API answers', () => {
  it('reads a page of dossiers; a line is the rank of the dossier in the file', async () => {
    const broken = dossier(21560128, (d) => {
      champ(d, 'Type de structure').value = null;
      champ(d, 'Type de structure').stringValue = '';
      const professionals = champ(d, 'Professionnels') as unknown as { rows: { champs: Json[] }[] };
      professionals.rows[2]!.champs.find((c) => c.label === 'Profession')!.value = '';
    });
    const result = await parseDossierFile('page.json', bytes(page(dossier(21560127), broken, 'pas un dossier')));
    expect(result.dossiers.map((d) => [d.line, d.data.dsNumber, d.data.professionals.length])).toEqual([[1, 21560127, 4]]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 'Type de structure',
        field: 'structureType',
        message:
          'Dossier n° 2 du fichier, colonne « Type de structure » (Type de structure) : Le type de structure doit être ESP, MSP, CPTS ou CDS.',
      },
      {
        line: 2,
        column: 'Profession',
        field: 'professionals.profession',
        sheet: 'Professionnels',
        message:
          'Dossier n° 2 du fichier, bloc « Professionnels », ligne 3, colonne « Profession » (Profession) : La profession est obligatoire.',
      },
      { line: 3, message: "Dossier n° 3 du fichier : ce n'est pas un dossier, il est ignoré." },
    ]);
  });

  it('reads several pages saved as one array, numbering dossiers across pages', async () => {
    const result = await parseDossierFile(
      'pages.json',
      bytes([page(dossier(1), dossier(2)), page(dossier(3)), { data: { dossier: dossier(4) } }]),
    );
    expect(result.problems).toEqual([]);
    expect(result.dossiers.map((d) => [d.line, d.data.dsNumber])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });

  it('reads a champ by its shape, whatever type the query resolved it to', async () => {
    const loose = dossier(21560127, (d) => {
      // Without the YesNoChamp fragment the API answers a TextChamp with "true".
      Object.assign(champ(d, 'Projet situé en zone d’intervention prioritaire (ZIP)'), { __typename: 'TextChamp', value: 'true' });
      delete champ(d, 'Projet situé en zone d’intervention prioritaire (ZIP)').selected;
      champ(d, 'Montant de l’aide sollicitée (en euros)').decimalNumber = '18000.5';
      champ(d, 'Nombre de professionnels de santé impliqués').integerNumber = 4;
    });
    const [result, reference] = await Promise.all([
      parseDossierFile('loose.json', bytes({ data: { dossier: loose } })),
      parseDossierFile('dossier.json', bytes(answer)),
    ]);
    expect(result.dossiers).toEqual(reference.dossiers);
    expect(result.dossiers[0]!.data.project).toMatchObject({ inPriorityZone: true, declaredProfessionals: 4 });
  });

  it('keeps the offset of the deposit date, so the sponsor’s calendar day (21:30 −04:00 on 20 October)', async () => {
    const martinique = dossier(21560130, (d) => {
      d.dateDepot = '2026-10-20T21:30:00-04:00';
    });
    const [read] = (await parseDossierFile('dossier.json', bytes({ data: { dossier: martinique } }))).dossiers;
    expect(read!.data.submittedAt).toBe('2026-10-20T21:30:00-04:00');
    expect(read!.data.submittedAt!.slice(0, 10)).toBe('2026-10-20');
  });

  it('refuses an error answer of the API and JSON that is no API answer, in French', async () => {
    const refusal = (json: unknown) =>
      parseDossierFile('api.json', bytes(json)).then(
        () => undefined,
        (e: unknown) => e as AppError,
      );
    const error = await refusal({ data: null, errors: [{ message: 'Dossier not found' }] });
    expect(error).toBeInstanceOf(AppError);
    expect(error!.message).toBe("La réponse de l'API enregistrée dans « api.json » est une erreur : Dossier not found");
    expect((await refusal({ dossiers: [] }))!.message).toBe(
      "Le fichier « api.json » n'est pas une réponse de l'API GraphQL de Démarches Simplifiées (data.dossier ou data.demarche.dossiers.nodes attendu).",
    );
  });
});
