import { tags } from '../../shared/contract/tags';
import { AppError } from '../platform/errors';
import { implement } from '../platform/rpc/router';

export const tagsRoutes = implement(tags, {
  repartition: () => {
    throw new AppError('INTERNAL', { detail: 'not implemented yet' });
  },
});
