// Preloaded with `node --require` to make a process behave as on a machine where keytar's
// native build failed: requiring it throws MODULE_NOT_FOUND, as an absent optional
// dependency does.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'keytar') {
    const error = new Error("Cannot find module 'keytar'");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
