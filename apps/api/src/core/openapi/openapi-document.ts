import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { stringify } from 'yaml';
import { ProblemDto } from './problem.dto.js';

const PROBLEM_JSON = 'application/problem+json';

// Described here rather than per controller so the list stays in one place; a tag missing here is still listed.
const TAG_DESCRIPTIONS: Record<string, string> = {
  'api-keys': 'Keys for integrations, each with its own role',
  audit: 'Who changed which record, when, and how',
  auth: 'Sign-in, token refresh and the signed-in user',
  companies: 'Companies: the organisations the team sells to',
  contacts: 'Contacts: the people the team talks to',
  'custom-fields': 'Fields admins add to contacts, companies and deals; values live in each record\'s `custom`',
  deals: 'Deals moving through pipelines: stage moves with history, line items, the board and the forecast',
  duplicates: 'Likely duplicate contacts and companies, to merge',
  exports: 'Lists and segments of contacts and companies as CSV or XLSX, streamed',
  health: 'Liveness and readiness probes for load balancers and orchestrators',
  imports: 'CSV and XLSX imports of contacts and companies: upload, map, preview, run in the background, resume',
  'lost-reasons': 'Why deals are lost: the configurable list a lost stage asks for',
  notes: 'Plain-text notes on contacts, companies and deals',
  notifications: 'The signed-in user\'s notifications (task reminders, assignments): list, read state and a live stream',
  pipelines: 'Sales pipelines and their stages (order, colour, win probability, open/won/lost)',
  products: 'The product catalogue deals are priced from',
  roles: 'Roles and their permission matrices',
  search: 'One search box over contacts, companies and deals',
  segments: 'Saved list filters of contacts, companies and deals, private or shared with the team',
  settings: 'Installation-wide settings, e.g. whether every open deal needs a next task',
  tasks: 'Tasks and activities (calls, meetings, e-mails, to-dos) on contacts, companies and deals: my tasks, counters, calendar, completion with the next step',
  teams: 'Sales teams',
  timeline: 'What happened to a contact, company or deal: notes, changes, deals and tasks, newest first',
  users: 'Users of the CRM',
};

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDto' } } } };
}

/**
 * The API's OpenAPI description, built from the decorators. Error answers are `application/problem+json`, and every
 * operation lists the errors any request can meet (bad input, rate limit, server fault).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CRM API')
    .setDescription(
      'REST API of the CRM. Authenticate with a bearer access token from `POST /api/v1/auth/login`, or with an API key ' +
        '(`X-API-Key` header or `Authorization: Bearer crm_…`). Errors are RFC 9457 problem details with a stable `code`. ' +
        'Updates need the record\'s `version` (body field or `If-Match`); a stale one answers 409.',
    )
    .setVersion('1.0.0')
    // Relative: the paths already carry `/api/v1`, and Swagger UI then calls the server it was loaded from.
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
    // Every operation names its tags; a controller without one must not become a tag of its own.
    autoTagControllers: false,
    extraModels: [ProblemDto],
  });

  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response.content?.['application/json']) {
          response.content = { [PROBLEM_JSON]: response.content['application/json'] };
        }
      }
      responses['400'] ??= problemResponse('Invalid input; `errors` lists each invalid field');
      responses['429'] ??= problemResponse('Too many requests');
      responses['500'] ??= problemResponse('Unexpected server error');
    }
  }

  const used = new Set(
    Object.values(document.paths).flatMap((pathItem) =>
      Object.values(pathItem).flatMap((operation: { tags?: string[] }) => operation?.tags ?? []),
    ),
  );
  document.tags = [...used].sort().map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }));
  return document;
}

/** YAML with every map sorted, so that the same API always gives the same bytes. */
export function openApiYaml(document: OpenAPIObject): string {
  return stringify(document, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}
