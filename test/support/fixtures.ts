import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { IdentityInput } from '../../shared/settings';

/** A complete, valid ARS identity. */
export function sampleIdentity(overrides: Partial<IdentityInput> = {}): IdentityInput {
  return {
    regionCode: '32',
    agencyName: 'Agence régionale de santé Hauts-de-France',
    direction: "Direction de l'offre de soins",
    unit: 'Sous-direction des soins de proximité',
    address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Euralille' },
    phone: '03 62 72 77 00',
    email: 'ars-hdf-premier-recours@ars.sante.fr',
    directorGeneral: { civility: 'M.', firstName: 'Hugo', lastName: 'Gilardi', title: 'Directeur général' },
    signatory: {
      civility: 'Mme',
      firstName: 'Claire',
      lastName: 'Martin',
      title: "Directrice de l'offre de soins",
      byDelegation: true,
    },
    appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'none' },
    caseOfficer: { name: 'Julie Caron', email: 'julie.caron@ars.sante.fr', phone: '03 62 72 78 00' },
    departments: [
      { code: '59', email: 'ars-hdf-dt59@ars.sante.fr', officerName: 'Marc Dufour', phone: '03 62 72 79 59' },
      { code: '62', email: 'ars-hdf-dt62@ars.sante.fr', officerName: '', phone: '' },
    ],
    ...overrides,
  };
}

/** The real-format sample exports kept with the tests. */
export const samplesDir = resolve(__dirname, '../fixtures/samples');

export function sample(path: string): Buffer {
  return readFileSync(join(samplesDir, path));
}

export function sampleUpload(path: string) {
  return { fileName: basename(path), contentBase64: sample(path).toString('base64') };
}
