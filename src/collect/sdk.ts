import { createRequire } from 'node:module';

/**
 * Loads an AWS SDK client package with `require`. The packages ship CommonJS bundles, and importing
 * CommonJS from an ES module makes Node scan the whole bundle for its exports first: for the EC2
 * client that is about 0.3 s of start-up on every run that names a VPC.
 */
export const requireSdk = createRequire(import.meta.url);
