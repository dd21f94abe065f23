import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ProblemDetailsFilter } from '@carebus/errors';
import request from 'supertest';
import { AuthModule } from './auth.module';
import { CurrentPrincipal, Public, Roles, Scopes } from './decorators';
import { DevIssuer } from './dev-issuer';
import type { Principal } from './principal';

const CLINIC = '0b7e7c1e-3d2a-4c55-8a8e-5d3f2f1b9a10';

@Controller('records')
@Roles('practitioner', 'clinic_admin')
class RecordsController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Get('notes')
  @Scopes('notes:read')
  notes(): { ok: true } {
    return { ok: true };
  }

  @Get('admin')
  @Roles('clinic_admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

@Controller('status')
class StatusController {
  @Get()
  @Public()
  status(): { status: string } {
    return { status: 'up' };
  }

  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }
}

describe('AuthGuard', () => {
  let issuer: DevIssuer;
  let app: INestApplication;

  const token = (roles: Principal['roles'], scopes: string[] = []) =>
    issuer.mint({ sub: 'user-7', clinicId: CLINIC, roles, scopes });
  const get = (path: string, bearer?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return bearer ? call.set('Authorization', `Bearer ${bearer}`) : call;
  };

  beforeAll(async () => {
    issuer = await DevIssuer.start();
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: 'carebus' })],
      controllers: [RecordsController, StatusController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('answers 401 auth.token_missing as problem+json without a token', async () => {
    const response = await get('/records/me');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: 401, code: 'auth.token_missing' });
  });

  it('answers 401 auth.token_missing for a non-Bearer scheme', async () => {
    const response = await get('/records/me').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(JSON.parse(response.text)).toMatchObject({ status: 401, code: 'auth.token_missing' });
  });

  it('answers 401 for a bad token', async () => {
    const forged = await issuer.mint(
      { sub: 'user-7', clinicId: CLINIC, roles: ['practitioner'] },
      { signWithForeignKey: true },
    );
    const response = await get('/records/me', forged);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'auth.token_invalid' });
  });

  it('hands the verified principal to @CurrentPrincipal()', async () => {
    const response = await get('/records/me', await token(['practitioner']));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ subject: 'user-7', clinicId: CLINIC, roles: ['practitioner'] });
  });

  it('answers 403 auth.forbidden when no role matches the controller', async () => {
    const response = await get('/records/me', await token(['patient']));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'auth.forbidden' });
  });

  it('lets a method-level @Roles narrow, never widen, the controller roles', async () => {
    expect((await get('/records/admin', await token(['practitioner']))).status).toBe(403);
    expect((await get('/records/admin', await token(['clinic_admin']))).status).toBe(200);
  });

  it('answers 403 auth.insufficient_scope when a scope is missing', async () => {
    const response = await get('/records/notes', await token(['practitioner'], ['notes:write']));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'auth.insufficient_scope' });
    expect((await get('/records/notes', await token(['practitioner'], ['notes:read']))).status).toBe(200);
  });

  it('leaves @Public() routes open', async () => {
    const response = await get('/status');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'up' });
  });

  it('guards routes without decorators by default', async () => {
    expect((await get('/status/whoami')).status).toBe(401);
    const response = await get('/status/whoami', await token(['patient']));
    expect(response.body).toEqual({ subject: 'user-7' });
  });
});
