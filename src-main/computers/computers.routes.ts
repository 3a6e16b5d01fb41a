import { computers } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import { implement } from '../platform/rpc/router';

const todo = (): never => {
  throw new AppError('INTERNAL', { detail: 'not implemented yet' });
};

export const computersRoutes = implement(computers, {
  columns: todo,
  list: todo,
  count: todo,
  detail: todo,
  setAdminData: todo,
  setSettings: todo,
  exportCsv: todo,
  exportCsvFile: async () => todo(),
  massSetAdminData: async () => todo(),
  delete: async () => todo(),
  getGridPrefs: todo,
  setGridPrefs: todo,
  perfIndexes: todo,
  createPerfIndexes: async () => todo(),
});
