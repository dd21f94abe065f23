import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AUTH_OPTIONS, type AuthOptions } from './auth-options';
import { JwtVerifier } from './jwt-verifier';

export interface AuthModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => AuthOptions | Promise<AuthOptions>;
}

/** Global module: provides JwtVerifier and puts AuthGuard in front of every route. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return AuthModule.build({ provide: AUTH_OPTIONS, useValue: options });
  }

  /** For services whose typed config object is itself a provider. */
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const provider: Provider = {
      provide: AUTH_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    };
    return { ...AuthModule.build(provider), imports: options.imports ?? [] };
  }

  private static build(optionsProvider: Provider): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        optionsProvider,
        {
          provide: JwtVerifier,
          useFactory: (options: AuthOptions) => new JwtVerifier(options),
          inject: [AUTH_OPTIONS],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_OPTIONS, JwtVerifier],
    };
  }
}
