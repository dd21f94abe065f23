import type { JwtVerifierOptions } from './jwt-verifier';

/** Options of `AuthModule`: where the issuer's keys are and which issuer and audience to trust. */
export type AuthOptions = JwtVerifierOptions;

/** Injection token of the AuthOptions given to `AuthModule.forRoot`. */
export const AUTH_OPTIONS = 'CAREBUS_AUTH_OPTIONS';
