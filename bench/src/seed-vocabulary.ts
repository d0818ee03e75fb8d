/**
 * Word lists the bench seed draws from: people and companies as they are written in each language (Cyrillic,
 * Latvian diacritics, Spanish accents), never transliterated. Only email handles and web domains, which must be
 * ASCII, are derived from them with `asciiHandle`.
 */

export type Language = 'ru' | 'lv' | 'es' | 'en';

export interface Names {
  /** Share of contacts (and companies) in this language. */
  weight: number;
  male: readonly string[];
  female: readonly string[];
  /** [male form, female form]; the same word twice where the language does not inflect it. */
  last: readonly (readonly [string, string])[];
  /** Patronymics [male, female]; only Russian uses them, as the middle name. */
  patronymics?: readonly (readonly [string, string])[];
  positions: readonly string[];
  companyForms: readonly string[];
  companyWords: readonly string[];
  industries: readonly string[];
  cities: readonly string[];
  streets: readonly string[];
  emailDomains: readonly string[];
  webTld: string;
  country: string;
}

const same = (words: readonly string[]) => words.map((word) => [word, word] as const);

export const LANGUAGES: Record<Language, Names> = {
  ru: {
    weight: 0.35,
    male: [
      'Александр', 'Алексей', 'Андрей', 'Антон', 'Артём', 'Борис', 'Вадим', 'Василий', 'Виктор', 'Владимир',
      'Дмитрий', 'Евгений', 'Егор', 'Иван', 'Игорь', 'Илья', 'Кирилл', 'Константин', 'Максим', 'Михаил',
      'Никита', 'Николай', 'Олег', 'Павел', 'Пётр', 'Роман', 'Сергей', 'Степан', 'Юрий', 'Ярослав',
    ],
    female: [
      'Александра', 'Алина', 'Анастасия', 'Анна', 'Валентина', 'Вера', 'Виктория', 'Галина', 'Дарья', 'Екатерина',
      'Елена', 'Ирина', 'Ксения', 'Лариса', 'Людмила', 'Марина', 'Мария', 'Надежда', 'Наталья', 'Нина',
      'Ольга', 'Полина', 'Светлана', 'София', 'Татьяна', 'Ульяна', 'Юлия', 'Яна',
    ],
    last: [
      ['Иванов', 'Иванова'], ['Смирнов', 'Смирнова'], ['Кузнецов', 'Кузнецова'], ['Попов', 'Попова'],
      ['Васильев', 'Васильева'], ['Петров', 'Петрова'], ['Соколов', 'Соколова'], ['Михайлов', 'Михайлова'],
      ['Новиков', 'Новикова'], ['Фёдоров', 'Фёдорова'], ['Морозов', 'Морозова'], ['Волков', 'Волкова'],
      ['Алексеев', 'Алексеева'], ['Лебедев', 'Лебедева'], ['Семёнов', 'Семёнова'], ['Егоров', 'Егорова'],
      ['Павлов', 'Павлова'], ['Козлов', 'Козлова'], ['Степанов', 'Степанова'], ['Николаев', 'Николаева'],
      ['Орлов', 'Орлова'], ['Андреев', 'Андреева'], ['Макаров', 'Макарова'], ['Никитин', 'Никитина'],
      ['Захаров', 'Захарова'], ['Зайцев', 'Зайцева'], ['Соловьёв', 'Соловьёва'], ['Борисов', 'Борисова'],
      ['Яковлев', 'Яковлева'], ['Григорьев', 'Григорьева'], ['Романов', 'Романова'], ['Воробьёв', 'Воробьёва'],
      ['Сергеев', 'Сергеева'], ['Кузьмин', 'Кузьмина'], ['Фролов', 'Фролова'], ['Александров', 'Александрова'],
      ['Дмитриев', 'Дмитриева'], ['Королёв', 'Королёва'], ['Гусев', 'Гусева'], ['Киселёв', 'Киселёва'],
      ['Ильин', 'Ильина'], ['Максимов', 'Максимова'], ['Поляков', 'Полякова'], ['Сорокин', 'Сорокина'],
      ['Виноградов', 'Виноградова'], ['Ковалёв', 'Ковалёва'], ['Белов', 'Белова'], ['Медведев', 'Медведева'],
      ['Антонов', 'Антонова'], ['Тарасов', 'Тарасова'], ['Жуков', 'Жукова'], ['Баранов', 'Баранова'],
      ['Филиппов', 'Филиппова'], ['Комаров', 'Комарова'], ['Давыдов', 'Давыдова'], ['Беляев', 'Беляева'],
      ['Герасимов', 'Герасимова'], ['Богданов', 'Богданова'], ['Осипов', 'Осипова'], ['Сидоров', 'Сидорова'],
      ['Шевченко', 'Шевченко'], ['Ткаченко', 'Ткаченко'], ['Кравец', 'Кравец'], ['Коваль', 'Коваль'],
    ],
    patronymics: [
      ['Александрович', 'Александровна'], ['Алексеевич', 'Алексеевна'], ['Андреевич', 'Андреевна'],
      ['Борисович', 'Борисовна'], ['Викторович', 'Викторовна'], ['Владимирович', 'Владимировна'],
      ['Дмитриевич', 'Дмитриевна'], ['Евгеньевич', 'Евгеньевна'], ['Иванович', 'Ивановна'], ['Игоревич', 'Игоревна'],
      ['Михайлович', 'Михайловна'], ['Николаевич', 'Николаевна'], ['Олегович', 'Олеговна'], ['Павлович', 'Павловна'],
      ['Петрович', 'Петровна'], ['Сергеевич', 'Сергеевна'], ['Юрьевич', 'Юрьевна'],
    ],
    positions: [
      'Генеральный директор', 'Коммерческий директор', 'Финансовый директор', 'Главный бухгалтер', 'Менеджер по закупкам',
      'Руководитель отдела продаж', 'Менеджер по продажам', 'Логист', 'Инженер', 'Юрист', 'Маркетолог', 'Офис-менеджер',
    ],
    companyForms: ['ООО «%»', 'АО «%»', 'ПАО «%»', 'ИП %'],
    companyWords: [
      'Северный ветер', 'ТехноСфера', 'Альфа', 'Вектор', 'Гранит', 'Меридиан', 'Восток', 'Спектр', 'Прогресс', 'Стройинвест',
      'Агро', 'Энергия', 'Волга', 'Урал', 'Сибирь', 'Полюс', 'Лидер', 'Форвард', 'Стандарт', 'Радуга',
      'Транзит', 'Интеграл', 'Ресурс', 'Импульс', 'Кристалл', 'Орион', 'Атлант', 'Феникс', 'Горизонт', 'Континент',
    ],
    industries: ['Логистика', 'Строительство', 'Розничная торговля', 'Производство', 'ИТ', 'Сельское хозяйство', 'Энергетика', 'Финансы'],
    cities: ['Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород', 'Самара', 'Краснодар'],
    streets: ['ул. Ленина', 'Невский пр.', 'ул. Гагарина', 'ул. Мира', 'пр. Победы', 'ул. Садовая', 'ул. Советская'],
    emailDomains: ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'rambler.ru'],
    webTld: 'ru',
    country: 'RU',
  },
  lv: {
    weight: 0.3,
    male: [
      'Jānis', 'Andris', 'Edgars', 'Māris', 'Kārlis', 'Pēteris', 'Aivars', 'Raimonds', 'Juris', 'Guntis',
      'Mārtiņš', 'Artūrs', 'Valdis', 'Uldis', 'Ivars', 'Roberts', 'Gints', 'Dainis', 'Oskars', 'Krišjānis',
      'Rihards', 'Emīls', 'Kristaps', 'Aigars', 'Ēriks',
    ],
    female: [
      'Anna', 'Līga', 'Ilze', 'Inese', 'Kristīne', 'Laura', 'Dace', 'Sanita', 'Ieva', 'Zane',
      'Agnese', 'Marta', 'Elīna', 'Evija', 'Baiba', 'Dagnija', 'Ināra', 'Gunta', 'Solvita', 'Rūta',
      'Māra', 'Sintija', 'Katrīna', 'Alise', 'Līva',
    ],
    last: [
      ['Bērziņš', 'Bērziņa'], ['Kalniņš', 'Kalniņa'], ['Ozols', 'Ozola'], ['Jansons', 'Jansone'], ['Liepiņš', 'Liepiņa'],
      ['Krūmiņš', 'Krūmiņa'], ['Balodis', 'Balode'], ['Eglītis', 'Eglīte'], ['Zariņš', 'Zariņa'], ['Pētersons', 'Pētersone'],
      ['Vītols', 'Vītola'], ['Kļaviņš', 'Kļaviņa'], ['Kārkliņš', 'Kārkliņa'], ['Vanags', 'Vanaga'], ['Lācis', 'Lāce'],
      ['Siliņš', 'Siliņa'], ['Ābols', 'Ābola'], ['Zvirbulis', 'Zvirbule'], ['Šmits', 'Šmite'], ['Dūmiņš', 'Dūmiņa'],
      ['Grīnbergs', 'Grīnberga'], ['Rozītis', 'Rozīte'], ['Gailis', 'Gaile'], ['Putniņš', 'Putniņa'], ['Ziemelis', 'Ziemele'],
      ['Sproģis', 'Sproģe'], ['Āboliņš', 'Āboliņa'], ['Dzenis', 'Dzene'], ['Kalējs', 'Kalēja'], ['Lapiņš', 'Lapiņa'],
      ['Liepa', 'Liepa'], ['Priede', 'Priede'], ['Skuja', 'Skuja'], ['Roze', 'Roze'], ['Egle', 'Egle'],
      ['Strazds', 'Strazda'], ['Mežs', 'Meža'], ['Celms', 'Celma'], ['Briedis', 'Briede'], ['Vilks', 'Vilka'],
    ],
    positions: [
      'Valdes priekšsēdētājs', 'Valdes loceklis', 'Finanšu direktors', 'Galvenā grāmatvede', 'Iepirkumu vadītāja',
      'Pārdošanas vadītājs', 'Projektu vadītājs', 'Loģistikas speciālists', 'Inženieris', 'Juriste', 'Mārketinga speciāliste',
    ],
    companyForms: ['SIA %', 'AS %', 'SIA "%"', 'IK %'],
    companyWords: [
      'Baltijas Koks', 'Rīgas Piens', 'Latvijas Gāze', 'Daugava', 'Gauja', 'Venta', 'Zemgales Grauds', 'Kurzemes Tīkli',
      'Vidzemes Meži', 'Latgales Māls', 'Jūrmalas Viesnīcas', 'Dzintars', 'Ozolkalns', 'Saules Enerģija', 'Ziemeļu Loģistika',
      'Liepājas Metāls', 'Ventspils Osta', 'Cēsu Alus', 'Siguldas Būve', 'Valmieras Stikls', 'Ogres Trikotāža', 'Jelgavas Cukurs',
      'Tukuma Piens', 'Rēzeknes Dzelzs', 'Madonas Koks',
    ],
    industries: ['Kokapstrāde', 'Pārtika', 'Loģistika', 'Būvniecība', 'IT', 'Enerģētika', 'Tirdzniecība', 'Lauksaimniecība'],
    cities: ['Rīga', 'Daugavpils', 'Liepāja', 'Jelgava', 'Jūrmala', 'Ventspils', 'Rēzekne', 'Valmiera', 'Cēsis'],
    streets: ['Brīvības iela', 'Elizabetes iela', 'Krišjāņa Valdemāra iela', 'Čaka iela', 'Ģertrūdes iela', 'Lāčplēša iela'],
    emailDomains: ['inbox.lv', 'gmail.com', 'apollo.lv', 'tvnet.lv', 'outlook.com'],
    webTld: 'lv',
    country: 'LV',
  },
  es: {
    weight: 0.2,
    male: [
      'José', 'Antonio', 'Manuel', 'Francisco', 'Javier', 'David', 'Daniel', 'Carlos', 'Jesús', 'Alejandro',
      'Miguel', 'Rafael', 'Pablo', 'Sergio', 'Fernando', 'Jorge', 'Luis', 'Alberto', 'Álvaro', 'Adrián',
      'Raúl', 'Iñaki', 'Andrés', 'Ramón', 'Joaquín',
    ],
    female: [
      'María', 'Carmen', 'Ana', 'Isabel', 'Laura', 'Lucía', 'Cristina', 'Marta', 'Elena', 'Sara',
      'Paula', 'Raquel', 'Rocío', 'Pilar', 'Beatriz', 'Nuria', 'Silvia', 'Mónica', 'Sofía', 'Inés',
      'Begoña', 'Ainhoa', 'Verónica', 'Noelia', 'Montserrat',
    ],
    last: same([
      'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
      'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
      'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina',
      'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez',
      'Iglesias', 'Medina', 'Garrido', 'Cortés', 'Castillo', 'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto',
    ]),
    positions: [
      'Director general', 'Directora comercial', 'Director financiero', 'Jefe de compras', 'Responsable de logística',
      'Gerente de ventas', 'Ingeniera', 'Abogado', 'Responsable de marketing', 'Administrativa', 'Arquitecta',
    ],
    companyForms: ['% S.L.', '% S.A.', '% S.L.U.', 'Grupo %'],
    companyWords: [
      'Construcciones Ibéricas', 'Hoteles del Sol', 'Transportes Peña', 'Aceites del Sur', 'Bodegas Rioja Alta', 'Cerámicas Levante',
      'Textil Gallega', 'Energías Renovables Ebro', 'Distribuciones Martín', 'Logística Mediterránea', 'Frutas Valencia',
      'Informática Castilla', 'Muebles Albacete', 'Pescados Cantábrico', 'Café Andaluz', 'Aluminios Navarra', 'Papelera Catalana',
      'Jamones Salamanca', 'Azulejos Castellón', 'Vinos Jerez',
    ],
    industries: ['Construcción', 'Hostelería', 'Transporte', 'Alimentación', 'Tecnología', 'Energía', 'Textil', 'Comercio'],
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'A Coruña', 'Córdoba'],
    streets: ['Calle Mayor', 'Gran Vía', 'Paseo de la Castellana', 'Avenida de Andalucía', 'Calle de Alcalá', 'Plaza de España'],
    emailDomains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'telefonica.net', 'outlook.es'],
    webTld: 'es',
    country: 'ES',
  },
  en: {
    weight: 0.15,
    male: [
      'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
      'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Paul', 'Steven', 'Andrew', 'Kevin', 'Brian',
      'George', 'Edward', 'Oliver', 'Harry', 'Jack',
    ],
    female: [
      'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
      'Nancy', 'Lisa', 'Emily', 'Emma', 'Olivia', 'Sophie', 'Charlotte', 'Amelia', 'Grace', 'Chloe',
      'Rebecca', 'Laura', 'Hannah', 'Megan', 'Rachel',
    ],
    last: same([
      'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
      'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
      'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
      'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker',
      "O'Brien", 'Hughes', 'Edwards', 'Collins', 'Stewart',
    ]),
    positions: [
      'Chief Executive Officer', 'Sales Director', 'CFO', 'Procurement Manager', 'Head of Operations', 'Account Manager',
      'Office Manager', 'Software Engineer', 'Legal Counsel', 'Marketing Manager', 'Buyer',
    ],
    companyForms: ['% Ltd', '% Inc', '% LLC', '% plc'],
    companyWords: [
      'Northwind Traders', 'Acme Robotics', 'Blue Harbor Logistics', 'Greenfield Foods', 'Silverline Software', 'Redwood Timber',
      'Oakridge Construction', 'Brightwater Energy', 'Summit Consulting', 'Riverside Textiles', 'Pinnacle Metals',
      'Crescent Hospitality', 'Ironbridge Engineering', 'Maple Leaf Distribution', 'Harbour Fisheries', 'Highland Spirits',
    ],
    industries: ['Wholesale', 'Manufacturing', 'Software', 'Logistics', 'Food', 'Energy', 'Consulting', 'Hospitality'],
    cities: ['London', 'Manchester', 'New York', 'Chicago', 'Boston', 'Edinburgh', 'Dublin', 'Toronto'],
    streets: ['High Street', 'Main Street', 'Baker Street', 'Park Avenue', 'Church Road', 'Station Road', 'Oxford Street'],
    emailDomains: ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.co.uk', 'icloud.com'],
    webTld: 'com',
    country: 'GB',
  },
};

/** How phones are typed in each language's records; `#` is a random digit. Several formats each, as people type them. */
export const PHONE_FORMATS: Record<Language, readonly string[]> = {
  ru: ['8 (9##) ###-##-##', '+7 9## ###-##-##', '+7 (9##) ###-##-##', '+7 (495) ###-##-##', '8 812 ###-##-##', '89#########'],
  lv: ['+371 2### ####', '2### ####', '+371 6### ####', '+3712#######', '2# ### ###'],
  es: ['+34 6## ## ## ##', '+34 6## ### ###', '6## ### ###', '+34 91 ### ## ##', '0034 7## ### ###'],
  en: ['(###) ###-####', '+1 (###) ###-####', '+1 ###-###-####', '+44 7### ######', '+44 20 #### ####'],
};

/** Tags with the share of contacts carrying each; `vip` is rare on purpose, to make a selective filter. */
export const TAGS: readonly (readonly [string, number])[] = [
  ['vip', 0.05],
  ['newsletter', 0.35],
  ['b2b', 0.3],
  ['b2c', 0.15],
  ['hot', 0.08],
  ['cold', 0.12],
  ['webinar', 0.1],
  ['event-2025', 0.06],
  ['key-account', 0.03],
  ['reseller', 0.04],
  ['churn-risk', 0.02],
  ['partner', 0.04],
];

export const STATUSES: readonly (readonly [string, number])[] = [
  ['lead', 0.45],
  ['prospect', 0.25],
  ['client', 0.22],
  ['partner', 0.08],
];

export const LEAD_SOURCES = ['website', 'referral', 'cold_call', 'exhibition', 'advertising', 'social', 'email_campaign', 'partner'] as const;

export const UTM = {
  source: ['google', 'facebook', 'linkedin', 'yandex', 'newsletter', 'bing'],
  medium: ['cpc', 'email', 'social', 'organic', 'display'],
  campaign: ['spring_sale', 'black_friday', 'webinar_q3', 'brand', 'retargeting', 'new_year'],
} as const;

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** An ASCII handle for email local parts and web domains: Cyrillic spelled out, diacritics dropped. */
export function asciiHandle(text: string): string {
  return [...text.toLowerCase()]
    .map((char) => CYRILLIC[char] ?? char)
    .join('')
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Deals

/** What a deal is about, as a rep titles it in the client's language; the title adds the client's brand. */
export const DEAL_SUBJECTS: Record<Language, readonly string[]> = {
  ru: [
    'Поставка оборудования', 'Годовая лицензия', 'Внедрение CRM', 'Сервисный контракт', 'Консалтинг', 'Расширение лицензий',
    'Обучение персонала', 'Пилотный проект', 'Миграция данных', 'Техподдержка 24/7', 'Интеграция с 1С', 'Продление договора',
  ],
  lv: [
    'Iekārtu piegāde', 'Gada licence', 'CRM ieviešana', 'Servisa līgums', 'Konsultācijas', 'Licenču paplašināšana',
    'Personāla apmācība', 'Pilotprojekts', 'Datu migrācija', 'Atbalsts 24/7', 'Integrācija ar Horizon', 'Līguma pagarināšana',
  ],
  es: [
    'Suministro de equipos', 'Licencia anual', 'Implantación de CRM', 'Contrato de servicio', 'Consultoría', 'Ampliación de licencias',
    'Formación del personal', 'Proyecto piloto', 'Migración de datos', 'Soporte 24/7', 'Integración con SAP', 'Renovación del contrato',
  ],
  en: [
    'Equipment supply', 'Annual licence', 'CRM roll-out', 'Service contract', 'Consulting', 'Licence expansion',
    'Staff training', 'Pilot project', 'Data migration', '24/7 support', 'Xero integration', 'Contract renewal',
  ],
};

export const DEAL_NEXT_STEPS: Record<Language, readonly string[]> = {
  ru: ['Перезвонить', 'Отправить КП', 'Назначить встречу', 'Согласовать договор', 'Демонстрация'],
  lv: ['Atzvanīt', 'Nosūtīt piedāvājumu', 'Norunāt tikšanos', 'Saskaņot līgumu', 'Demonstrācija'],
  es: ['Volver a llamar', 'Enviar la oferta', 'Concertar una reunión', 'Revisar el contrato', 'Demostración'],
  en: ['Call back', 'Send the proposal', 'Book a meeting', 'Agree the contract', 'Product demo'],
};

/** Tags with the share of deals carrying each. */
export const DEAL_TAGS: readonly (readonly [string, number])[] = [
  ['hot', 0.1],
  ['upsell', 0.12],
  ['tender', 0.05],
  ['strategic', 0.03],
  ['referral', 0.08],
  ['q4', 0.1],
];

export const LOST_COMMENTS = ['Went with a cheaper offer', 'Budget frozen until next year', 'No answer after the demo', 'Project cancelled'] as const;

/** The product catalogue: families × tiers; price in EUR for the first tier. */
export const PRODUCT_FAMILIES: readonly { name: string; unit: string; price: number; quantity: readonly [number, number] }[] = [
  { name: 'CRM licence', unit: 'user/year', price: 480, quantity: [5, 120] },
  { name: 'Support plan', unit: 'year', price: 1200, quantity: [1, 3] },
  { name: 'Implementation', unit: 'day', price: 650, quantity: [2, 40] },
  { name: 'Training', unit: 'session', price: 900, quantity: [1, 6] },
  { name: 'Consulting', unit: 'hour', price: 95, quantity: [4, 80] },
  { name: 'Data migration', unit: 'project', price: 3500, quantity: [1, 1] },
  { name: 'Integration module', unit: 'pcs', price: 1500, quantity: [1, 4] },
  { name: 'Hardware kit', unit: 'pcs', price: 2200, quantity: [1, 10] },
];
export const PRODUCT_TIERS: readonly (readonly [string, number])[] = [
  ['Basic', 1],
  ['Standard', 1.6],
  ['Pro', 2.5],
  ['Enterprise', 4],
];

// ---------------------------------------------------------------------------------------------------------------
// Tasks

export type TaskType = 'call' | 'meeting' | 'email' | 'todo';

/** What a rep writes as a task's title, in the team's language; a linked record's company brand may follow. */
export const TASK_TITLES: Record<Language, Record<TaskType, readonly string[]>> = {
  ru: {
    call: ['Перезвонить клиенту', 'Позвонить по коммерческому предложению', 'Уточнить сроки поставки', 'Напомнить об оплате счёта', 'Договориться о встрече', 'Позвонить после демонстрации', 'Обсудить условия договора'],
    meeting: ['Встреча в офисе клиента', 'Демонстрация продукта', 'Переговоры по договору', 'Онлайн-встреча в Zoom', 'Подписание договора', 'Обучение пользователей'],
    email: ['Отправить коммерческое предложение', 'Выслать счёт', 'Отправить договор на согласование', 'Написать письмо после встречи', 'Отправить презентацию'],
    todo: ['Подготовить КП', 'Обновить данные в карточке', 'Согласовать скидку с руководителем', 'Подготовить договор', 'Проверить оплату', 'Собрать документы для тендера'],
  },
  lv: {
    call: ['Atzvanīt klientam', 'Piezvanīt par piedāvājumu', 'Precizēt piegādes termiņus', 'Atgādināt par rēķina apmaksu', 'Vienoties par tikšanos', 'Piezvanīt pēc demonstrācijas', 'Pārrunāt līguma nosacījumus'],
    meeting: ['Tikšanās klienta birojā', 'Produkta demonstrācija', 'Līguma sarunas', 'Tiešsaistes tikšanās Teams', 'Līguma parakstīšana', 'Lietotāju apmācība'],
    email: ['Nosūtīt komerciālo piedāvājumu', 'Nosūtīt rēķinu', 'Nosūtīt līgumu saskaņošanai', 'Uzrakstīt vēstuli pēc tikšanās', 'Nosūtīt prezentāciju'],
    todo: ['Sagatavot piedāvājumu', 'Atjaunot kartītes datus', 'Saskaņot atlaidi ar vadītāju', 'Sagatavot līgumu', 'Pārbaudīt apmaksu', 'Sagatavot iepirkuma dokumentus'],
  },
  es: {
    call: ['Devolver la llamada al cliente', 'Llamar por la propuesta', 'Confirmar los plazos de entrega', 'Recordar el pago de la factura', 'Concertar una reunión', 'Llamar después de la demo', 'Negociar las condiciones del contrato'],
    meeting: ['Reunión en la oficina del cliente', 'Demostración del producto', 'Negociación del contrato', 'Videollamada por Teams', 'Firma del contrato', 'Formación de usuarios'],
    email: ['Enviar la propuesta comercial', 'Enviar la factura', 'Enviar el contrato para revisión', 'Escribir el seguimiento de la reunión', 'Enviar la presentación'],
    todo: ['Preparar la propuesta', 'Actualizar los datos de la ficha', 'Aprobar el descuento con el jefe', 'Preparar el contrato', 'Comprobar el pago', 'Reunir la documentación de la licitación'],
  },
  en: {
    call: ['Call the client back', 'Call about the proposal', 'Confirm the delivery dates', 'Chase the unpaid invoice', 'Book a meeting', 'Follow-up call after the demo', 'Discuss the contract terms'],
    meeting: ['Meeting at the client’s office', 'Product demo', 'Contract negotiation', 'Video call on Teams', 'Contract signing', 'User training'],
    email: ['Send the proposal', 'Send the invoice', 'Send the contract for review', 'Write the follow-up after the meeting', 'Send the presentation'],
    todo: ['Prepare the proposal', 'Update the record’s details', 'Get the discount approved', 'Draft the contract', 'Check the payment', 'Collect the tender documents'],
  },
};

/** Descriptions on some tasks. */
export const TASK_DESCRIPTIONS: Record<Language, readonly string[]> = {
  ru: ['Клиент просил позвонить после обеда.', 'Уточнить количество лицензий и сроки.', 'Взять с собой договор и прайс.', 'Решение принимает финансовый директор.', 'Напомнить про скидку до конца месяца.'],
  lv: ['Klients lūdza zvanīt pēcpusdienā.', 'Precizēt licenču skaitu un termiņus.', 'Paņemt līdzi līgumu un cenrādi.', 'Lēmumu pieņem finanšu direktors.', 'Atgādināt par atlaidi līdz mēneša beigām.'],
  es: ['El cliente pidió que lo llamáramos por la tarde.', 'Confirmar el número de licencias y los plazos.', 'Llevar el contrato y la lista de precios.', 'Decide el director financiero.', 'Recordar el descuento hasta fin de mes.'],
  en: ['The client asked for a call in the afternoon.', 'Confirm the number of licences and the dates.', 'Bring the contract and the price list.', 'The finance director decides.', 'Mention the discount until the end of the month.'],
};

/** What came of a finished task, written on half of them; `noAnswer` for calls nobody picked up. */
export const TASK_RESULTS: Record<Language, { done: readonly string[]; noAnswer: readonly string[] }> = {
  ru: {
    done: ['Клиент заинтересован, ждёт КП', 'Договорились о встрече на следующей неделе', 'Документы отправлены', 'Клиент взял паузу до конца месяца', 'Счёт оплачен', 'Договор согласован'],
    noAnswer: ['Не дозвонился, перезвоню завтра', 'Не берёт трубку, написал в WhatsApp'],
  },
  lv: {
    done: ['Klients ieinteresēts, gaida piedāvājumu', 'Vienojāmies par tikšanos nākamnedēļ', 'Dokumenti nosūtīti', 'Klients atliek lēmumu līdz mēneša beigām', 'Rēķins apmaksāts', 'Līgums saskaņots'],
    noAnswer: ['Nesazvanīju, zvanīšu rīt', 'Neatbild, uzrakstīju e-pastu'],
  },
  es: {
    done: ['El cliente está interesado, espera la propuesta', 'Quedamos en reunirnos la semana que viene', 'Documentos enviados', 'El cliente lo aplaza hasta fin de mes', 'Factura pagada', 'Contrato aprobado'],
    noAnswer: ['No contesta, vuelvo a llamar mañana', 'No contesta, le escribí por WhatsApp'],
  },
  en: {
    done: ['Interested, waiting for the proposal', 'Meeting agreed for next week', 'Documents sent', 'The client postponed until the end of the month', 'Invoice paid', 'Contract agreed'],
    noAnswer: ['No answer, calling again tomorrow', 'No answer, sent an email instead'],
  },
};

/** Tags with the share of tasks carrying each. */
export const TASK_TAGS: readonly (readonly [string, number])[] = [
  ['follow-up', 0.12],
  ['urgent', 0.05],
  ['billing', 0.04],
  ['onboarding', 0.03],
];
