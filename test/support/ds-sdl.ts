/**
 * The part of Démarches Simplifiées' API the app uses, written for the test server when the
 * platform's published schema is not beside the repository (../shared/reference/…): the same
 * names and types, nothing more. Mutations are added by the tests that need them (`extraSdl`).
 */
export const dsFallbackSdl = `
scalar BigInt
scalar ISO8601Date
scalar ISO8601DateTime
scalar URL

enum DossierState { en_construction en_instruction accepte refuse sans_suite }
enum Civilite { M Mme }

type Query {
  demarche(number: Int!): Demarche!
  groupeInstructeur(number: Int!): GroupeInstructeurWithDossiers!
  dossier(number: Int!): Dossier!
}

type Demarche {
  id: ID!
  number: Int!
  title: String!
  groupeInstructeurs(closed: Boolean): [GroupeInstructeur!]!
  dossiers(after: String, first: Int, updatedSince: ISO8601DateTime, state: DossierState): DossierConnection!
}

type GroupeInstructeur { id: ID! number: Int! label: String! closed: Boolean! instructeurs: [Profile!]! }

type GroupeInstructeurWithDossiers {
  id: ID!
  number: Int!
  label: String!
  dossiers(after: String, first: Int, updatedSince: ISO8601DateTime, state: DossierState): DossierConnection!
}

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! endCursor: String startCursor: String }
type DossierConnection { nodes: [Dossier] pageInfo: PageInfo! }

type Profile { id: ID! email: String! }

interface Demandeur { id: ID! }
type PersonnePhysique implements Demandeur { id: ID! civilite: Civilite nom: String! prenom: String! email: String }
type PersonneMorale implements Demandeur { id: ID! siret: String! }

type Dossier {
  id: ID!
  number: Int!
  state: DossierState!
  archived: Boolean!
  dateDerniereModification: ISO8601DateTime!
  dateDepot: ISO8601DateTime!
  datePassageEnInstruction: ISO8601DateTime
  dateTraitement: ISO8601DateTime
  motivation: String
  deposeParUnTiers: Boolean
  nomMandataire: String
  prenomMandataire: String
  usager: Profile!
  demandeur: Demandeur!
  groupeInstructeur: GroupeInstructeur!
  instructeurs: [Profile!]!
  champs(id: ID): [Champ!]!
  annotations(id: ID): [Champ!]!
  messages(id: ID): [Message!]!
}

type Message { id: ID! body: String! createdAt: ISO8601DateTime! email: String! attachments: [File!]! }

type File { filename: String! contentType: String! checksum: String! byteSizeBigInt: BigInt! url: URL! createdAt: ISO8601DateTime! }
type Commune { name: String! code: String! postalCode: String }
type Departement { name: String! code: String! }
type Address {
  label: String!
  postalCode: String!
  cityName: String!
  cityCode: String!
  departmentName: String
  departmentCode: String
}
type Row { id: ID! champs: [Champ!]! }

interface Champ { id: ID! label: String! stringValue: String }
type TextChamp implements Champ { id: ID! label: String! stringValue: String value: String }
type DropDownListChamp implements Champ { id: ID! label: String! stringValue: String value: String }
type MultipleDropDownListChamp implements Champ { id: ID! label: String! stringValue: String values: [String!]! }
type DateChamp implements Champ { id: ID! label: String! stringValue: String date: ISO8601Date }
type DatetimeChamp implements Champ { id: ID! label: String! stringValue: String datetime: ISO8601DateTime }
type CheckboxChamp implements Champ { id: ID! label: String! stringValue: String value: Boolean! }
type YesNoChamp implements Champ { id: ID! label: String! stringValue: String value: Boolean }
type IntegerNumberChamp implements Champ { id: ID! label: String! stringValue: String value: BigInt }
type DecimalNumberChamp implements Champ { id: ID! label: String! stringValue: String value: Float }
type CommuneChamp implements Champ { id: ID! label: String! stringValue: String commune: Commune departement: Departement }
type AddressChamp implements Champ {
  id: ID!
  label: String!
  stringValue: String
  address: Address
  commune: Commune
  departement: Departement
}
type SiretChamp implements Champ { id: ID! label: String! stringValue: String etablissement: PersonneMorale }
type PieceJustificativeChamp implements Champ { id: ID! label: String! stringValue: String files: [File!]! }
type RepetitionChamp implements Champ { id: ID! label: String! stringValue: String rows: [Row!]! }
`;

/** The mutations the push of decisions and of withdrawals sends, as the platform names and types them. */
export const dsPushSdl = `
type Mutation {
  createDirectUpload(input: CreateDirectUploadInput!): CreateDirectUploadPayload
  dossierPasserEnInstruction(input: DossierPasserEnInstructionInput!): DossierPasserEnInstructionPayload
  dossierRepasserEnInstruction(input: DossierRepasserEnInstructionInput!): DossierRepasserEnInstructionPayload
  dossierAccepter(input: DossierAccepterInput!): DossierAccepterPayload
  dossierRefuser(input: DossierRefuserInput!): DossierRefuserPayload
  dossierClasserSansSuite(input: DossierClasserSansSuiteInput!): DossierClasserSansSuitePayload
  dossierEnvoyerMessage(input: DossierEnvoyerMessageInput!): DossierEnvoyerMessagePayload
}

input CreateDirectUploadInput { byteSize: Int! checksum: String! clientMutationId: String contentType: String! dossierId: ID! filename: String! }
type DirectUpload { blobId: ID! headers: String! signedBlobId: ID! url: String! }
type CreateDirectUploadPayload { clientMutationId: String directUpload: DirectUpload! }

type ValidationError { message: String! }
input DossierPasserEnInstructionInput { clientMutationId: String disableNotification: Boolean = false dossierId: ID! instructeurId: ID! }
input DossierRepasserEnInstructionInput { clientMutationId: String disableNotification: Boolean = false dossierId: ID! instructeurId: ID! }
input DossierAccepterInput { clientMutationId: String disableNotification: Boolean = false dossierId: ID! instructeurId: ID! justificatif: ID motivation: String }
input DossierRefuserInput { clientMutationId: String disableNotification: Boolean = false dossierId: ID! instructeurId: ID! justificatif: ID motivation: String! }
type DossierPasserEnInstructionPayload { clientMutationId: String dossier: Dossier errors: [ValidationError!] }
type DossierRepasserEnInstructionPayload { clientMutationId: String dossier: Dossier errors: [ValidationError!] }
type DossierAccepterPayload { clientMutationId: String dossier: Dossier errors: [ValidationError!] }
type DossierRefuserPayload { clientMutationId: String dossier: Dossier errors: [ValidationError!] }
input DossierClasserSansSuiteInput { clientMutationId: String disableNotification: Boolean = false dossierId: ID! instructeurId: ID! justificatif: ID motivation: String! }
type DossierClasserSansSuitePayload { clientMutationId: String dossier: Dossier errors: [ValidationError!] }

enum CorrectionReason { incomplete incorrect outdated }
input DossierEnvoyerMessageInput { attachment: ID body: String! clientMutationId: String correction: CorrectionReason dossierId: ID! instructeurId: ID! }
type DossierEnvoyerMessagePayload { clientMutationId: String errors: [ValidationError!] message: Message }
`;
