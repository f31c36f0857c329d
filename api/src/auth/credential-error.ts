import { AppError } from '../errors/app-error.ts';

/** Why a credential was refused; becomes a 401 with `WWW-Authenticate` (authenticate.ts). */
export class CredentialError extends AppError {
  constructor(
    message: string,
    readonly reason: 'invalid_token' | 'expired',
  ) {
    super('unauthorized', message);
  }
}
