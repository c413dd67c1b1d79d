/** JSON schemas shared by the REST routes (fastify validates with them; OpenAPI publishes them). */

export const ID_PATTERN = '^[\\x21-\\x7e]{1,256}$';
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$';

const id = { type: 'string', pattern: ID_PATTERN, maxLength: 256 } as const;
const name = { type: 'string', pattern: NAME_PATTERN, maxLength: 64 } as const;

/** A task as clients submit it (the core's TaskSpec plus an optional shell command). */
export const TASK_SUBMIT = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id,
    type: { ...name, default: 'compute' },
    workUnits: {
      type: 'number',
      minimum: 0,
      maximum: 1e9,
      default: 1000,
      description: 'runtime in ms at speed 1.0',
    },
    cpuDemand: { type: 'integer', minimum: 1, maximum: 4096, default: 1 },
    memoryMb: { type: 'integer', minimum: 0, maximum: 2 ** 40, default: 0 },
    inputBytes: { type: 'integer', minimum: 0, maximum: 2 ** 50, default: 0 },
    outputBytes: { type: 'integer', minimum: 0, maximum: 2 ** 50, default: 0 },
    priority: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000, default: 0 },
    deadlineMs: { type: 'number', minimum: 0, maximum: 1e15 },
    requires: { type: 'array', maxItems: 64, uniqueItems: true, items: name, default: [] },
    parents: { type: 'array', maxItems: 10_000, items: id, default: [] },
    command: {
      type: 'string',
      maxLength: 8192,
      description: 'shell command for agents run with --exec shell',
    },
  },
} as const;

/** A DAG submission. */
export function dagSubmitSchema(tasksMax: number) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'tasks'],
    properties: {
      id,
      tasks: { type: 'array', minItems: 1, maxItems: tasksMax, items: TASK_SUBMIT },
      labels: {
        type: 'object',
        maxProperties: 64,
        additionalProperties: { type: 'string', maxLength: 1024 },
      },
    },
  } as const;
}

export const PAGE_QUERY = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  cursor: { type: 'string', pattern: '^[0-9]{1,12}$', description: 'opaque cursor from the previous page' },
} as const;

export const TASK_STATES = [
  'waiting',
  'ready',
  'assigned',
  'running',
  'done',
  'failed',
  'cancelled',
] as const;

export const ID_PARAM = (key: string) =>
  ({ type: 'object', additionalProperties: false, required: [key], properties: { [key]: id } }) as const;

export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

export const ACCEPTED = {
  type: 'object',
  properties: { status: { type: 'string' }, detail: { type: 'string' } },
  additionalProperties: true,
} as const;

export const EMPTY_BODY_OK = { type: 'object', additionalProperties: false, properties: {} } as const;
