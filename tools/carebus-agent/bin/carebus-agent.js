#!/usr/bin/env node
// The installed command: runs the built CLI (npm run build compiles src/ to dist/).
require('../dist/main.js');
