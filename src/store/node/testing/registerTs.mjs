// `node --import <this file> child.ts`: registers the TypeScript hooks of tsHooks.mjs (test-only).
import { register } from 'node:module';

register('./tsHooks.mjs', import.meta.url);
