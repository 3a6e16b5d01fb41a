// Preloaded into electronegativity (`node -r`): it requires `commander` without declaring it and was
// written for commander 6's API (the module is the program, options are its properties), while the
// project's CLI pins commander 14, which npm hoists. Its own requests for `commander` go to the
// commander 6 installed under an alias.
const Module = require('node:module');
const path = require('node:path');

const eneg = `${path.sep}@doyensec${path.sep}electronegativity${path.sep}`;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent?.filename?.includes(eneg))
    return resolve.call(this, 'commander-electronegativity', parent, ...rest);
  return resolve.call(this, request, parent, ...rest);
};
