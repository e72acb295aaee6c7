#!/usr/bin/env node
// The `portpulse-collect` command (package.json "bin"): runs collectors/cli.ts in this process, its
// TypeScript compiled on the fly by tsx's loader, from any working directory. In-process, so signals
// (Ctrl-C flushes, a second one exits at once) and the exit code are the CLI's own.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('../cli.ts');
