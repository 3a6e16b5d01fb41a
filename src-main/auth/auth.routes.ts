import { auth } from '../../shared/contract/auth';
import type { JobRunner } from '../platform/jobs/job-runner';
import { implement } from '../platform/rpc/router';
import { changePassword, login, logout, operatorInfo } from './auth.service';

/** Jobs belong to the operator: a logout, or another login on the session, forgets the previous operator's. */
export function authRoutes(jobs: JobRunner) {
  return implement(auth, {
    login: (input, ctx) => {
      if (ctx.session.operator) jobs.forgetSession(ctx.session.id);
      return login(ctx.session, input.login, input.password);
    },
    logout: (_input, ctx) => {
      jobs.forgetSession(ctx.session.id);
      return logout(ctx.session);
    },
    me: (_input, ctx) => operatorInfo(ctx.session.operator),
    changePassword: (input, ctx) => changePassword(ctx.session, input.currentPassword, input.newPassword),
  });
}
