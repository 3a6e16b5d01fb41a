import { auth } from '../../shared/contract/auth';
import { implement } from '../platform/rpc/router';
import { changePassword, login, logout, operatorInfo } from './auth.service';

export const authRoutes = implement(auth, {
  login: (input, ctx) => login(ctx.session, input.login, input.password),
  logout: (_input, ctx) => logout(ctx.session),
  me: (_input, ctx) => operatorInfo(ctx.session.operator),
  changePassword: (input, ctx) => changePassword(ctx.session, input.currentPassword, input.newPassword),
});
