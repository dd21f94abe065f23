import { operationsOf } from './openapi-operations';

describe('operationsOf', () => {
  const ops = operationsOf({
    paths: {
      '/v1/things/{id}/parts/{partId}': {
        post: {
          operationId: 'ThingsController_addPart',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Part' } } } },
        },
        get: { operationId: 'ThingsController_part' },
      },
    },
    components: {
      schemas: {
        Part: {
          type: 'object',
          properties: { self: { $ref: '#/components/schemas/Part' }, name: { type: 'string' } },
        },
      },
    },
  });

  it('lists each method of each path with the methods its path serves', () => {
    expect(ops.map((o) => [o.id, o.method, o.pathMethods])).toEqual([
      ['ThingsController_addPart', 'POST', ['POST', 'GET']],
      ['ThingsController_part', 'GET', ['POST', 'GET']],
    ]);
  });

  it('adds the path parameters the document left out', () => {
    expect(ops[0]!.params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'path:partId']);
  });

  it('inlines references, a reference back into itself as an empty schema', () => {
    expect(ops[0]!.body).toEqual({ type: 'object', properties: { self: {}, name: { type: 'string' } } });
  });
});
