/**
 * One moto_server per test file: started in beforeAll on a free loopback port, stopped by PID in
 * afterAll. The emulator is found as the demo finds it (`resolveMoto`: moto_server on the PATH,
 * python3 with moto, or moto 5.2.1 set up once in `.moto/venv`); without one the suite fails with
 * the sentence saying what to install. It never skips.
 */
import { startMoto, type MotoServer } from '../../src/demo/moto.js';

export function useMoto(): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto_server did not start (see the beforeAll error above)');
    return server;
  };
}
