import { search } from '../../shared/contract/search';
import { AppError } from '../platform/errors';
import { implement } from '../platform/rpc/router';

const todo = (): never => {
  throw new AppError('INTERNAL', { detail: 'not implemented yet' });
};

export const searchRoutes = implement(search, {
  fields: todo,
  run: todo,
  savedList: todo,
  savedSave: todo,
  savedDelete: todo,
});
