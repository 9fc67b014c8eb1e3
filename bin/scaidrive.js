#!/usr/bin/env node
// The compiled CLI lives in dist/, which `npm install` builds through the prepare script.
import '../dist/apps/cli/src/main.js';
