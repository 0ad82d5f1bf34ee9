'use strict';
const path = require('node:path');

/** Where the built console is: the directory the gateway serves at /console. */
exports.consoleDirectory = path.join(__dirname, 'dist');
