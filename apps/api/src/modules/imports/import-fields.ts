export const IMPORT_ENTITIES = ['contact', 'company'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

const SHARED_FIELDS = ['email', 'phone', 'tags', 'owner', 'country', 'region', 'city', 'street', 'postalCode'] as const;

export const CONTACT_IMPORT_FIELDS = [
  'firstName',
  'middleName',
  'lastName',
  'position',
  'company',
  'status',
  'leadSource',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  ...SHARED_FIELDS,
] as const;

export const COMPANY_IMPORT_FIELDS = ['name', 'legalName', 'taxId', 'industry', 'website', ...SHARED_FIELDS] as const;

export const IMPORT_FIELDS = [...new Set([...CONTACT_IMPORT_FIELDS, ...COMPANY_IMPORT_FIELDS])];
export type ImportField = (typeof CONTACT_IMPORT_FIELDS)[number] | (typeof COMPANY_IMPORT_FIELDS)[number];

export const FIELDS_OF: Record<ImportEntity, readonly ImportField[]> = {
  contact: CONTACT_IMPORT_FIELDS,
  company: COMPANY_IMPORT_FIELDS,
};

/** Fields several columns may fill, each adding its values: "Email", "Email 2"… */
export const REPEATABLE_FIELDS: ReadonlySet<ImportField> = new Set(['email', 'phone', 'tags']);

/** The fields without which a row makes no record; one of them must be mapped. */
export const REQUIRED_FIELDS: Record<ImportEntity, readonly ImportField[]> = {
  contact: ['firstName', 'lastName'],
  company: ['name'],
};

/** Column titles of an export, which an import maps back to the same fields. */
export const FIELD_LABELS: Record<ImportField, string> = {
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  position: 'Position',
  company: 'Company',
  status: 'Status',
  leadSource: 'Lead source',
  utmSource: 'UTM source',
  utmMedium: 'UTM medium',
  utmCampaign: 'UTM campaign',
  utmTerm: 'UTM term',
  utmContent: 'UTM content',
  name: 'Name',
  legalName: 'Legal name',
  taxId: 'Tax id',
  industry: 'Industry',
  website: 'Website',
  email: 'Email',
  phone: 'Phone',
  tags: 'Tags',
  owner: 'Owner',
  country: 'Country',
  region: 'Region',
  city: 'City',
  street: 'Street',
  postalCode: 'Postal code',
};

/** Lower case, letters and digits only, trailing number dropped: "E-mail 2" and "Эл. почта" become "email", "элпочта". */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/\d+$/, '');
}

// Titles people give these columns in English, Russian, Latvian and Spanish, beside the labels above.
const SHARED_SYNONYMS: Partial<Record<ImportField, string[]>> = {
  email: ['e-mail', 'email address', 'mail', 'эл. почта', 'электронная почта', 'почта', 'емейл', 'e-pasts', 'correo', 'correo electrónico'],
  phone: ['phone number', 'telephone', 'tel', 'mobile', 'телефон', 'тел', 'мобильный', 'моб. телефон', 'tālrunis', 'telefons', 'teléfono', 'móvil'],
  tags: ['tag', 'labels', 'теги', 'тег', 'метки', 'birkas', 'etiquetas'],
  owner: ['owner email', 'responsible', 'ответственный', 'владелец', 'менеджер', 'atbildīgais', 'responsable'],
  country: ['страна', 'valsts', 'país'],
  region: ['state', 'регион', 'область', 'reģions', 'provincia'],
  city: ['town', 'город', 'pilsēta', 'ciudad'],
  street: ['address', 'street address', 'адрес', 'улица', 'adrese', 'iela', 'dirección'],
  postalCode: ['zip', 'zip code', 'postcode', 'индекс', 'почтовый индекс', 'pasta indekss', 'código postal'],
};

const SYNONYMS: Record<ImportEntity, Partial<Record<ImportField, string[]>>> = {
  contact: {
    ...SHARED_SYNONYMS,
    firstName: ['first', 'given name', 'firstname', 'имя', 'vārds', 'nombre'],
    middleName: ['middle', 'patronymic', 'отчество', 'otrais vārds', 'segundo nombre'],
    lastName: ['last', 'surname', 'family name', 'lastname', 'фамилия', 'uzvārds', 'apellido', 'apellidos'],
    position: ['job title', 'title', 'role', 'должность', 'amats', 'cargo', 'puesto'],
    company: ['company name', 'organization', 'organisation', 'компания', 'организация', 'uzņēmums', 'empresa'],
    status: ['статус', 'statuss', 'estado'],
    leadSource: ['source', 'источник', 'avots', 'origen'],
    utmSource: ['utm_source'],
    utmMedium: ['utm_medium'],
    utmCampaign: ['utm_campaign'],
    utmTerm: ['utm_term'],
    utmContent: ['utm_content'],
  },
  company: {
    ...SHARED_SYNONYMS,
    name: ['company', 'company name', 'title', 'название', 'наименование', 'компания', 'nosaukums', 'uzņēmums', 'nombre', 'empresa'],
    legalName: ['full name', 'юридическое название', 'полное наименование', 'юр. название', 'juridiskais nosaukums', 'razón social'],
    taxId: ['tax number', 'vat', 'vat number', 'vat id', 'inn', 'инн', 'унп', 'pvn', 'reģistrācijas numurs', 'nif', 'cif'],
    industry: ['sector', 'отрасль', 'сфера', 'nozare', 'sector'],
    website: ['site', 'web', 'url', 'web site', 'сайт', 'веб-сайт', 'mājaslapa', 'tīmekļa vietne', 'sitio web', 'web'],
  },
};

const LOOKUP: Record<ImportEntity, Map<string, ImportField>> = {
  contact: lookupFor('contact'),
  company: lookupFor('company'),
};

function lookupFor(entity: ImportEntity): Map<string, ImportField> {
  const lookup = new Map<string, ImportField>();
  for (const field of FIELDS_OF[entity]) {
    for (const title of [field, FIELD_LABELS[field], ...(SYNONYMS[entity][field] ?? [])]) {
      if (!lookup.has(headerKey(title))) lookup.set(headerKey(title), field);
    }
  }
  return lookup;
}

/** One column of the file and the field it fills. */
export interface ColumnMapping {
  column: number;
  field: ImportField;
}

/** The fields the column titles suggest; a field other than email, phone and tags goes to its first column only. */
export function suggestMapping(entity: ImportEntity, header: string[]): ColumnMapping[] {
  const taken = new Set<ImportField>();
  const mapping: ColumnMapping[] = [];
  header.forEach((title, column) => {
    const field = LOOKUP[entity].get(headerKey(title));
    if (!field || (taken.has(field) && !REPEATABLE_FIELDS.has(field))) return;
    taken.add(field);
    mapping.push({ column, field });
  });
  return mapping;
}

/** A row's cells as a create body of the API, plus the values that name other records. */
export interface RowBody {
  body: Record<string, unknown>;
  ownerEmail?: string;
  companyName?: string;
}

const ADDRESS_PARTS: ReadonlySet<ImportField> = new Set(['country', 'region', 'city', 'street', 'postalCode']);

/** A cell may list several emails, phones or tags, separated by commas, semicolons or line breaks. */
function listOf(cell: string): string[] {
  return cell
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Reads one row through the mapping into the body the create endpoint would take; empty cells are left out. */
export function rowBody(entity: ImportEntity, mapping: ColumnMapping[], cells: string[]): RowBody {
  const body: Record<string, unknown> = {};
  const result: RowBody = { body };
  const push = (key: string, values: unknown[]) => (body[key] = [...((body[key] as unknown[] | undefined) ?? []), ...values]);
  for (const { column, field } of mapping) {
    const cell = cells[column]?.trim();
    if (!cell) continue;
    if (field === 'email') push('emails', listOf(cell).map((value) => ({ type: 'work', value })));
    else if (field === 'phone') push('phones', listOf(cell).map((value) => ({ type: entity === 'contact' ? 'mobile' : 'work', value })));
    else if (field === 'tags') push('tags', listOf(cell));
    else if (field === 'owner') result.ownerEmail = cell.toLowerCase();
    else if (field === 'company') result.companyName = cell;
    else if (field === 'status') body.status = cell.toLowerCase();
    else if (ADDRESS_PARTS.has(field)) {
      const address = (body.address ??= {}) as Record<string, string>;
      address[field] = field === 'country' ? cell.toUpperCase() : cell;
    } else body[field] = cell;
  }
  return result;
}
