import { certificates } from '../../shared/contract/certificates';
import { implement } from '../platform/rpc/router';
import {
  checkUrl,
  createCa,
  createCsr,
  createSelfSigned,
  importSigned,
  inspectFile,
  signWithCa,
} from './certificates.service';

export const certificatesRoutes = implement(certificates, {
  selfSigned: (input, ctx) => createSelfSigned(input, ctx),
  csr: (input, ctx) => createCsr(input, ctx),
  importSigned: (input) => importSigned(input),
  createCa: (input, ctx) => createCa(input, ctx),
  sign: (input, ctx) => signWithCa(input, ctx),
  check: (input) => checkUrl(input),
  inspect: (input) => inspectFile(input.file),
});
