#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run demo -- --servicenow` checked like `npm run demo` (test/e2e/demo.e2e.js): printed URLs
 * and login, three active workflows (05, 06, 03), the ServiceNow page, a detection getting its
 * incident number (n8n reaching the simulated https://exhsim.service-now.com through the demo's
 * proxy), clean Ctrl-C.
 */
process.env.DEMO_E2E_VARIANT = 'servicenow';
require('./demo.e2e.js');
