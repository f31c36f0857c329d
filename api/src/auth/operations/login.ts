import { randomUUID } from 'node:crypto';
import type { TokenResponse } from '@kyros/contracts/schemas/auth';
import { AppError } from '../../errors/app-error.ts';
import type { AuthDeps } from '../auth-deps.ts';
import { decoyPasswordHash, verifyPassword } from '../password-hash.ts';
import { issueSession } from './session-tokens.ts';

export interface LoginOptions {
  deps: Pick<AuthDeps, 'prisma' | 'settings' | 'now'>;
  email: string;
  password: string;
  userAgent: string | undefined;
}

const WRONG_CREDENTIALS = 'Wrong email or password';

/** Signs a user in: a new session (refresh token family) and a short-lived access token. */
export async function login(options: LoginOptions): Promise<TokenResponse> {
  const { deps, email, password, userAgent } = options;
  const user = await deps.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user?.passwordHash) {
    // Same cost as a real check, so timing does not tell which emails exist.
    await verifyPassword(password, await decoyPasswordHash());
    throw new AppError('unauthorized', WRONG_CREDENTIALS);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    throw new AppError('unauthorized', WRONG_CREDENTIALS);
  }
  if (user.disabledAt) throw new AppError('unauthorized', 'This account is disabled');
  const now = deps.now();
  return deps.prisma.$transaction(async (tx) => {
    const signedIn = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    return issueSession({
      db: tx,
      settings: deps.settings,
      user: signedIn,
      familyId: randomUUID(),
      userAgent,
      now,
    });
  });
}
