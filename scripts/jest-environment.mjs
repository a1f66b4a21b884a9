/**
 * Jest's Node environment, and one thing more for the worker that runs it: its leaving.
 *
 * A worker ends when its event loop is empty, and Node then tears its heap down. A worker that has
 * run a few dozen of these files holds 600-800 MB (each file's ES modules stay with it), and
 * tearing that down took about a second on the 2-core machines here (1.1 s for a 740 MB process,
 * against 0.14 s through `process.exit`): past the 500 ms Jest waits before it kills the worker and
 * warns that tests leak. Once the loop is empty (`beforeExit`: every test file done, every handle
 * closed), the worker leaves through `process.exit`, which leaves the memory to the operating
 * system.
 */
import { TestEnvironment } from 'jest-environment-node';

let leaving = false;

export default class PostflightTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!leaving) {
      leaving = true;
      process.once('beforeExit', (code) => process.exit(code));
    }
  }
}
