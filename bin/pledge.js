#!/usr/bin/env node
// The `pledge` operator CLI. It loads TypeScript sources through tsx so that no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
