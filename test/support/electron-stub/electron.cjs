// `require('electron')` from CommonJS in node_modules (electron-updater): the same stub objects
// as `import 'electron'`, one module instance (require of an ES module, Node 20.19+).
'use strict'
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is the CommonJS door
module.exports = require('./electron.mjs')
